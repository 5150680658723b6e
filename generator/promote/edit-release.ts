/**
 * Release edits as edits of the app files: one value per key per environment
 * (`release.<env>.images.<repository>`, `release.<env>.charts.<name>`), the
 * cluster entries a promotion replaces, and pins. Everything else in the file
 * stays byte for byte (yaml-edit.ts).
 */
import { parseReleaseKeyId, type ReleaseValues } from '../model/release.ts';
import type { AppPromotion } from './plan-promotion.ts';
import { YamlFileEditor } from './yaml-edit.ts';

function valuePath(env: string, id: string, cluster?: string): string[] {
  const { kind, name } = parseReleaseKeyId(id);
  return ['release', env, ...(cluster ? ['clusters', cluster] : []), kind === 'image' ? 'images' : 'charts', name];
}

/** The target environment takes the source's values; the target's cluster entries for them go (they would hide the promotion). */
export function applyPromotion(file: string, text: string, p: AppPromotion): string {
  const editor = new YamlFileEditor(file, text);
  for (const change of p.changes) editor.set(valuePath(p.to, change.id), change.to);
  for (const reset of p.clusterResets) editor.delete(valuePath(p.to, reset.id, reset.cluster), 2);
  return editor.toString();
}

/** Sets an environment's values (and its clusters' own values) back to an earlier state, and pins it. */
export function applyRollback(
  file: string,
  text: string,
  env: string,
  values: ReleaseValues,
  clusterOwn: Map<string, ReleaseValues>,
  currentClusterOwn: Map<string, ReleaseValues>,
  pin: string,
): string {
  const editor = new YamlFileEditor(file, text);
  for (const [id, version] of values) editor.set(valuePath(env, id), version);
  for (const [cluster, own] of currentClusterOwn) {
    for (const id of own.keys()) if (!clusterOwn.get(cluster)?.has(id)) editor.delete(valuePath(env, id, cluster), 2);
  }
  for (const [cluster, own] of clusterOwn) for (const [id, version] of own) editor.set(valuePath(env, id, cluster), version);
  editor.set(['release', env, 'pinned'], pin, { first: true });
  return editor.toString();
}

export function applyUnpin(file: string, text: string, env: string): string {
  const editor = new YamlFileEditor(file, text);
  editor.delete(['release', env, 'pinned'], 2);
  return editor.toString();
}
