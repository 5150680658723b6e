/**
 * Stage 4, render: one variant of one app → its Kubernetes objects, in a
 * stable order. Pure and synchronous, so preview can call it directly.
 */
import { compareStrings, FleetConfigError } from '../diagnostics.ts';
import { type K8sObject, objectKey } from '../model/object.ts';
import type { AppPlan, AppVariant, FleetView } from '../plan/model.ts';
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
