/**
 * Output is checked before anything is written: duplicate objects, paths that
 * would escape the output tree, and two config inputs mapping to one file.
 * (Schema and semantic checks of the objects live in check-objects.ts.)
 */
import { type Diagnostic, FleetConfigError } from '../diagnostics.ts';
import { GENERATED_ROOTS } from '../model/names.ts';
import type { K8sObject } from '../model/object.ts';
import { overlayOf } from '../model/paths.ts';
import type { AppPlan, FleetPlan } from '../plan/model.ts';
import { patchedField } from '../render/patches.ts';
import { findDuplicates } from '../render/render-app.ts';
import { checkApplicationSets } from './check-application-sets.ts';
import { checkNameLimits, checkReleaseNames } from './check-names.ts';
import { buildFleetIndex, checkObjects, type FleetIndex, type ObjectOrigin } from './check-objects.ts';
import { checkSharedObjects } from './check-shared-objects.ts';
import type { GeneratedFile } from './files.ts';
import { cachedSchemaCheck } from './schema-cache.ts';

export function checkOutput(fleet: FleetPlan, rendered: Map<string, K8sObject[]>, argocd: K8sObject[], files: GeneratedFile[]): void {
  const problems = [
    ...checkPaths(files),
    ...checkRendered(fleet, rendered, buildFleetIndex(fleet, servicesOf(rendered))),
    ...checkSharedObjects(fleet, rendered),
    ...checkReleaseNames(fleet),
    ...checkArgoCd(argocd),
    ...checkApplicationSets(fleet, argocd),
  ];
  if (problems.length) throw new FleetConfigError(problems);
}

/** Generated paths stay inside the output tree, and no two files share one. */
export function checkPaths(files: readonly { path: string }[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    if (!GENERATED_ROOTS.includes(parts[0] as never) || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0')))
      problems.push(atFileStart(f.path, 'generated path escapes the output tree (this is a bug)'));
    if (seen.has(f.path)) problems.push(atFileStart(f.path, 'two generated files have the same path (this is a bug)'));
    seen.add(f.path);
  }
  return problems;
}

/** Every Kustomize path's objects: no duplicates, valid against their schemas, and consistent with each other and the fleet. */
export function checkRendered(fleet: FleetPlan, rendered: Map<string, K8sObject[]>, index: FleetIndex): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const appOf = appOfPath(fleet);
  const sourceOf = (path: string) => appOf(path)?.app.source ?? 'fleet.yaml';
  const schemaCheck = cachedSchemaCheck();
  for (const [path, objects] of rendered) {
    for (const dupe of findDuplicates(objects))
      problems.push(
        atFileStart(
          sourceOf(path),
          `${path} would contain ${dupe.replace(/\/\//, '/')} twice`,
          'Two declarations produce the same kind, namespace and name; rename one.',
        ),
      );
    const origin = originOf(appOf(path));
    problems.push(...checkObjects(objects, origin, index, schemaCheck));
    problems.push(...checkNameLimits(objects, origin));
  }
  return problems;
}

/** `unchecked`: those of `argocd` not known to pass their schemas already (default: all). */
export function checkArgoCd(argocd: K8sObject[], unchecked: K8sObject[] = argocd): Diagnostic[] {
  const problems = findDuplicates(argocd).map((dupe) =>
    atFileStart('fleet.yaml', `Argo CD object ${dupe} generated twice`, 'Two teams or apps map to the same name.'),
  );
  return [...problems, ...checkObjects(unchecked, originOf(undefined), undefined)];
}

/** namespace/name of every Service in these paths (other apps' Services are checked references). */
export function servicesOf(rendered: Map<string, K8sObject[]>): Set<string> {
  const services = new Set<string>();
  for (const objects of rendered.values()) for (const o of objects) if (o.kind === 'Service') services.add(`${o.metadata.namespace}/${o.metadata.name}`);
  return services;
}

function atFileStart(file: string, message: string, hint?: string): Diagnostic {
  return { file, line: 1, column: 1, path: '', message, hint, severity: 'error' };
}

type PathOwner = { app: AppPlan; environment: string | null; cluster: string | null };

const owners = new WeakMap<FleetPlan, (path: string) => PathOwner | undefined>();

/** The app (and variant) a rendered path belongs to: overlays/<env or cluster>/<app>; indexed once per plan, not scanned per path. */
function appOfPath(fleet: FleetPlan): (path: string) => PathOwner | undefined {
  const known = owners.get(fleet);
  if (known) return known;
  const apps = new Map(fleet.apps.map((a) => [a.name, a]));
  const envs = new Set(fleet.environments.map((e) => e.name));
  // Any other path (the platform's argocd/namespaces/<env>) belongs to no app.
  const ownerOf = (path: string): PathOwner | undefined => {
    const overlay = overlayOf(path);
    const app = overlay && apps.get(overlay.app);
    if (!overlay || !app) return undefined;
    if (envs.has(overlay.scope)) return { app, environment: overlay.scope, cluster: null };
    return { app, environment: app.clusterVariants.get(overlay.scope)?.environment ?? null, cluster: overlay.scope };
  };
  owners.set(fleet, ownerOf);
  return ownerOf;
}

function originOf(owner: PathOwner | undefined): ObjectOrigin {
  if (!owner) return { locate: (path) => ({ file: 'fleet.yaml', line: 1, column: 1, path: path.join('.') }), resourceIndex: () => undefined };
  const variant = owner.cluster ? owner.app.clusterVariants.get(owner.cluster) : owner.environment ? owner.app.envVariants.get(owner.environment) : undefined;
  const resources = variant?.body.resources ?? [];
  return {
    locate: (path, atKey) => owner.app.locate(path, owner, atKey),
    patchedField: (o, path) => patchedField(variant?.body.patches, o, path),
    resourceIndex: (o) => {
      const i = resources.findIndex((r) => r.apiVersion === o.apiVersion && r.kind === o.kind && r.metadata.name === o.metadata.name);
      return i < 0 ? undefined : i;
    },
  };
}
