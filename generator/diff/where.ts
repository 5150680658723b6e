/**
 * Sets of clusters said the way a reviewer checks them: per environment,
 * "all 16 clusters", a short list, or "all but" the few left out — never a
 * list of fifty names when "all" or "all but one" says it.
 */
import { compareStrings } from '../diagnostics.ts';
import type { ClusterRef, FleetSide, Where } from './model.ts';

/** Names listed before "and N more". */
const LISTED = 8;

/** Every cluster of the fleet (both revisions), by environment in promotion order. */
export interface Universe {
  environments: string[];
  clusters: Map<string, string[]>;
  environmentOf: Map<string, string>;
}

export function universeOf(...sides: FleetSide[]): Universe {
  const refs: ClusterRef[] = [];
  for (const side of sides) {
    if (side.clusters) refs.push(...side.clusters);
    for (const a of side.applications) refs.push({ name: a.cluster, environment: a.environment });
  }
  const environments: string[] = [];
  const clusters = new Map<string, string[]>();
  const environmentOf = new Map<string, string>();
  for (const ref of refs) {
    if (environmentOf.has(ref.name)) continue;
    const env = ref.environment ?? '';
    environmentOf.set(ref.name, env);
    if (!clusters.has(env)) {
      clusters.set(env, []);
      environments.push(env);
    }
    clusters.get(env)!.push(ref.name);
  }
  for (const list of clusters.values()) list.sort(compareStrings);
  return { environments, clusters, environmentOf };
}

export function describeWhere(names: Iterable<string>, u: Universe): Where {
  const chosen = new Map<string, string[]>();
  for (const name of new Set(names)) {
    const env = u.environmentOf.get(name) ?? '';
    chosen.set(env, [...(chosen.get(env) ?? []), name]);
  }
  const environments: Where['environments'] = [];
  let total = 0;
  for (const env of [...u.environments, ...[...chosen.keys()].filter((e) => !u.clusters.has(e))]) {
    const list = chosen.get(env);
    if (!list) continue;
    list.sort(compareStrings);
    total += list.length;
    environments.push({ name: env, clusters: list, of: Math.max(list.length, u.clusters.get(env)?.length ?? 0) });
  }
  const everywhere = environments.length === u.environments.length && environments.every((e) => e.clusters.length === e.of);
  const text =
    everywhere && environments.length > 1
      ? `everywhere (${total} clusters)`
      : environments.map((e) => `${e.name ? `${e.name}: ` : ''}${clusterSet(e.clusters, u.clusters.get(e.name) ?? e.clusters)}`).join('; ');
  return { text, clusters: total, environments };
}

function clusterSet(chosen: string[], all: string[]): string {
  if (chosen.length === all.length) return all.length === 1 ? all[0]! : all.length === 2 ? 'both clusters' : `all ${all.length} clusters`;
  const set = new Set(chosen);
  const missing = all.filter((c) => !set.has(c));
  if (missing.length < chosen.length && missing.length <= LISTED) return `all but ${missing.join(', ')}`;
  if (chosen.length <= LISTED) return chosen.join(', ');
  return `${chosen.length} of ${all.length} clusters: ${chosen.slice(0, LISTED).join(', ')} and ${chosen.length - LISTED} more`;
}
