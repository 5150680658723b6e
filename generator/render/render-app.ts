/**
 * Stage 4, render: one variant of one app → its Kubernetes objects, in a
 * stable order. Pure and synchronous, so preview can call it directly.
 */
import { compareStrings, type Diagnostic, FleetConfigError, formatDiagnostic } from '../diagnostics.ts';
import { type K8sObject, objectKey } from '../model/object.ts';
import type { AppPlan, AppVariant, FleetView } from '../plan/model.ts';
import { joinPlaces } from '../validate/rules/grouped.ts';
import { renderAvailability } from './availability.ts';
import { configMapNames, renderConfigObjects } from './config.ts';
import type { RenderTarget } from './context.ts';
import { renderMonitoring } from './monitoring.ts';
import { renderNetworkPolicies } from './network.ts';
import { applyPatches } from './patches.ts';
import { renderRawObjects } from './raw.ts';
import { renderRbac } from './rbac.ts';
import { renderRoutes } from './routes.ts';
import { renderExternalNameServices, renderService } from './service.ts';
import { annotateForSync } from './waves.ts';
import { renderWorkload } from './workloads.ts';

export function renderApp(fleet: FleetView, app: AppPlan, variant: AppVariant): K8sObject[] {
  const t: RenderTarget = { fleet, app, variant };
  const names = configMapNames(t);
  const objects: K8sObject[] = [...renderConfigObjects(t, names)];
  for (const [name, c] of Object.entries(variant.body.components)) {
    objects.push(renderWorkload(t, name, c, names));
    const service = renderService(t, name, c);
    if (service) objects.push(service);
    objects.push(...renderAvailability(t, name, c));
  }
  objects.push(
    ...renderExternalNameServices(t),
    ...renderRoutes(t),
    ...renderNetworkPolicies(t),
    ...renderMonitoring(t),
    ...renderRbac(t),
    ...renderRawObjects(t),
  );
  for (const o of objects) annotateForSync(o, app.protected);
  const patched = applyPatches(t, objects, names);
  if (patched.problems.length) throw new FleetConfigError(patched.problems);
  // Keys computed once, not twice per comparison.
  const keyed = patched.objects.map((object) => ({ object, key: objectKey(object) }));
  return keyed.sort((a, b) => compareStrings(a.key, b.key)).map((k) => k.object);
}

export interface RenderedVariants {
  base: K8sObject[];
  environments: Map<string, K8sObject[]>;
  clusters: Map<string, K8sObject[]>;
}

/**
 * Every variant of the app, rendered: the base, each environment and each
 * cluster that differs. A problem found while rendering (a patch that does not
 * apply) is collected from all of them before anything is thrown, so one run
 * names every variant it breaks: the same message at the same line is one
 * error, naming the variants it applies to when it does not apply to all.
 */
export function renderAppVariants(fleet: FleetView, app: AppPlan): RenderedVariants {
  const found = new Map<string, { diagnostic: Diagnostic; places: string[] }>();
  let variants = 0;
  const render = (variant: AppVariant, place: string): K8sObject[] => {
    variants++;
    try {
      return renderApp(fleet, app, variant);
    } catch (error) {
      if (!(error instanceof FleetConfigError)) throw error;
      for (const d of error.diagnostics) {
        const key = `${d.severity} ${formatDiagnostic(d)}`;
        const entry = found.get(key) ?? { diagnostic: d, places: [] };
        entry.places.push(place);
        found.set(key, entry);
      }
      return [];
    }
  };
  const base = render(app.base, 'the app body');
  const environments = new Map([...app.envVariants].map(([env, v]) => [env, render(v, `environment ${env}`)]));
  const clusters = new Map([...app.clusterVariants].map(([cluster, v]) => [cluster, render(v, `cluster ${cluster}`)]));
  if (found.size > 0)
    throw new FleetConfigError(
      [...found.values()].map(({ diagnostic, places }) =>
        places.length === variants ? diagnostic : { ...diagnostic, message: `${diagnostic.message} (in ${describePlaces(places)})` },
      ),
    );
  return { base, environments, clusters };
}

function describePlaces(places: string[]): string {
  const body = places.includes('the app body') ? ['the app body'] : [];
  const others = places.filter((p) => p !== 'the app body');
  return [...body, ...(others.length ? [joinPlaces(others)] : [])].join(' and ');
}

/** Two objects with the same kind, namespace and name: the Matrix deployment's duplicate. */
export function findDuplicates(objects: K8sObject[]): string[] {
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const o of objects) {
    const key = objectKey(o);
    if (seen.has(key)) dupes.push(key);
    seen.add(key);
  }
  return dupes;
}
