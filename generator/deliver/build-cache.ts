/**
 * The pipeline is deterministic: the same config files always build the same
 * fleet. A delivery builds the same config more than once (the committed side
 * of every run, the new side again after a lost push race), so builds of
 * config read from git are remembered for the life of the process, keyed by
 * the config's file names and blob ids.
 */
import { createHash } from 'node:crypto';
import type { BuiltFleet } from '../pipeline.ts';
import type { FleetPaths } from './fleet-paths.ts';

const KEPT = 4;
const builds = new Map<string, Promise<BuiltFleet>>();

/** Key of a config: fleet-relative path and blob id of every config file. */
export function configKey(repoFiles: Map<string, string>, paths: FleetPaths): string {
  const hash = createHash('sha256');
  for (const [repoPath, blob] of [...repoFiles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${paths.toFleet(repoPath)}\0${blob}\0`);
  return hash.digest('hex');
}

export function buildOnce(key: string, build: () => Promise<BuiltFleet>): Promise<BuiltFleet> {
  const known = builds.get(key);
  if (known) {
    builds.delete(key); // most recently used goes last
    builds.set(key, known);
    return known;
  }
  const pending = build();
  builds.set(key, pending);
  pending.catch(() => builds.delete(key)); // a failure is not remembered: the next call tries again
  while (builds.size > KEPT) builds.delete(builds.keys().next().value!);
  return pending;
}
