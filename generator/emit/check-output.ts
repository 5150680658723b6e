/**
 * Output is checked before anything is written: duplicate objects, paths that
 * would escape the output tree, and two config inputs mapping to one file.
 * (Schema and semantic checks of the objects live in check-objects.ts.)
 */
import { FleetConfigError, type Diagnostic } from '../diagnostics.ts';
import { GENERATED_ROOTS } from '../names.ts';
import type { AppPlan, FleetPlan } from '../plan/model.ts';
import { objectRef, type K8sObject } from '../render/object.ts';
import { findDuplicates } from '../render/render-app.ts';
import { buildFleetIndex, checkObjects, type Locate } from './check-objects.ts';
import { cachedSchemaCheck } from './schema-cache.ts';
import type { GeneratedFile } from './files.ts';

export function checkOutput(fleet: FleetPlan, rendered: Map<string, K8sObject[]>, argocd: K8sObject[], files: GeneratedFile[]): void {
  const problems: Diagnostic[] = [];
  const fail = (file: string, message: string, hint?: string) => problems.push({ file, line: 1, column: 1, path: '', message, hint, severity: 'error' });
  const seen = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    if (!GENERATED_ROOTS.includes(parts[0] as never) || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0'))) fail(f.path, 'generated path escapes the output tree (this is a bug)');
    if (seen.has(f.path)) fail(f.path, 'two generated files have the same path (this is a bug)');
    seen.add(f.path);
  }
  const index = buildFleetIndex(fleet, rendered);
  const appOf = appOfPath(fleet);
  const sourceOf = (path: string) => appOf(path)?.app.source ?? 'fleet.yaml';
  const schemaCheck = cachedSchemaCheck();
  for (const [path, objects] of rendered) {
    for (const dupe of findDuplicates(objects)) fail(sourceOf(path), `${path} would contain ${dupe.replace(/\/\//, '/')} twice`, 'Two declarations produce the same kind, namespace and name; rename one.');
    problems.push(...checkObjects(objects, locatorFor(appOf(path)), path, index, schemaCheck));
  }
  for (const dupe of findDuplicates(argocd)) fail('fleet.yaml', `Argo CD object ${dupe} generated twice`, 'Two teams or apps map to the same name.');
  problems.push(...checkObjects(argocd, locatorFor(undefined), 'argocd', undefined));
  if (problems.length) throw new FleetConfigError(problems);
  void objectRef;
}

type PathOwner = { app: AppPlan; environment: string | null; cluster: string | null };

/** The app (and variant) a rendered path belongs to: overlays/<env or cluster>/<app>; indexed, not scanned per path. */
function appOfPath(fleet: FleetPlan): (path: string) => PathOwner | undefined {
  const apps = new Map(fleet.apps.map((a) => [a.name, a]));
  const envs = new Set(fleet.environments.map((e) => e.name));
  return (path) => {
    const [, scope, name] = path.split('/');
    const app = apps.get(name);
    if (!app) return undefined;
    if (envs.has(scope)) return { app, environment: scope, cluster: null };
    return { app, environment: app.clusterVariants.get(scope)?.environment ?? null, cluster: scope };
  };
}

function locatorFor(owner: PathOwner | undefined): Locate {
  if (!owner) return (path) => ({ file: 'fleet.yaml', line: 1, column: 1, path: path.join('.') });
  return (path) => owner.app.locate(path, owner);
}
