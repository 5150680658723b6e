/**
 * Output is checked before anything is written: duplicate objects, paths that
 * would escape the output tree, and two config inputs mapping to one file.
 * (Schema and semantic checks of the objects live in check-objects.ts.)
 */
import { FleetConfigError, type Diagnostic } from '../diagnostics.ts';
import { GENERATED_ROOTS } from '../names.ts';
import type { FleetPlan } from '../plan/model.ts';
import { objectRef, type K8sObject } from '../render/object.ts';
import { findDuplicates } from '../render/render-app.ts';
import { buildFleetIndex, checkObjects } from './check-objects.ts';
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
  const sourceOf = appSourceOf(fleet);
  const schemaCheck = cachedSchemaCheck();
  for (const [path, objects] of rendered) {
    for (const dupe of findDuplicates(objects)) fail(sourceOf(path), `${path} would contain ${dupe.replace(/\/\//, '/')} twice`, 'Two declarations produce the same kind, namespace and name; rename one.');
    problems.push(...checkObjects(objects, sourceOf(path), path, index, schemaCheck));
  }
  for (const dupe of findDuplicates(argocd)) fail('fleet.yaml', `Argo CD object ${dupe} generated twice`, 'Two teams or apps map to the same name.');
  problems.push(...checkObjects(argocd, 'fleet.yaml', 'argocd', undefined));
  if (problems.length) throw new FleetConfigError(problems);
  void objectRef;
}

/** The config file of the first app (in plan order) named by a segment of the path; indexed, so a large fleet is not scanned per path. */
function appSourceOf(fleet: FleetPlan): (path: string) => string {
  const order = new Map(fleet.apps.map((a, i) => [a.name, i]));
  return (path) => {
    let first = -1;
    for (const segment of path.split('/')) {
      const i = order.get(segment);
      if (i !== undefined && (first === -1 || i < first)) first = i;
    }
    return first === -1 ? 'fleet.yaml' : fleet.apps[first].source;
  };
}
