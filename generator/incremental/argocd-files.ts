/**
 * The Argo CD files of each team — its AppProject and ApplicationSets — as a
 * cached job. They are made from the team's plan, the plans of its apps and
 * the fleet's Argo CD settings and clusters (render/argocd/), so under a key
 * of exactly those a team whose files are on disk as the last run wrote them
 * needs no YAML made, and its objects — checked against their schemas by that
 * run — no schema check. The platform's own files (bootstrap, namespaces) are
 * each keyed by a hash of what they are made from.
 */
import { type ArgoCdFile, argoCdFiles } from '../emit/emit-fleet.ts';
import { combine, contentHash, dataHash } from '../model/hash.ts';
import type { K8sObject } from '../model/object.ts';
import type { AppPlan, FleetPlan } from '../plan/model.ts';
import type { DiskState, WantedFile } from '../write/write-tree.ts';

/** Kept by team name, and for each of the platform's own files by its path (a team name has no "/"). */
export interface TeamArgoCdRecord {
  key: string;
  /** Path and content hash of each of its files, in order. */
  files: [string, string][];
}

export interface CachedArgoCd {
  files: WantedFile[];
  /** Every Argo CD object. */
  objects: K8sObject[];
  /** Those not known to pass their schema check: of the files made again. */
  unchecked: K8sObject[];
  rendered: Map<string, K8sObject[]>;
  records: Map<string, TeamArgoCdRecord>;
  stats: { reused: number; ran: number };
}

/** `planHash`: the hash of an app's whole plan (app-jobs.ts). */
export function cachedArgoCd(
  plan: FleetPlan,
  previous: ReadonlyMap<string, TeamArgoCdRecord> | undefined,
  disk: DiskState,
  planHash: (app: AppPlan) => string,
): CachedArgoCd {
  const out = argoCdFiles(plan);
  const { repoUrl, revision, argocdNamespace, progressive, environments, clusters } = plan;
  const fleetKey = dataHash({ repoUrl, revision, argocdNamespace, progressive, environments, clusters });
  const apps = new Map(plan.apps.map((a) => [a.name, a]));
  const units = new Map<string, { key: () => string; files: ArgoCdFile[] }>();
  for (const team of plan.teams)
    units.set(team.name, { key: () => combine(fleetKey, dataHash(team), ...team.apps.map((name) => planHash(apps.get(name)!))), files: [] });
  for (const f of out.files) {
    if (f.team !== null) units.get(f.team)!.files.push(f);
    else units.set(f.path, { key: () => combine('platform', dataHash(f.source)), files: [f] });
  }
  const records = new Map<string, TeamArgoCdRecord>();
  const unitOf = new Map<string, string>();
  /** The hash of each file of a unit whose files are as the last run wrote them. */
  const kept = new Map<string, string>();
  for (const [name, unit] of units) {
    const key = unit.key();
    const before = previous?.get(name);
    for (const f of unit.files) unitOf.set(f.path, name);
    if (
      before?.key === key &&
      before.files.length === unit.files.length &&
      unit.files.every((f, i) => before.files[i][0] === f.path && disk.files.get(f.path)?.hash === before.files[i][1])
    ) {
      records.set(name, before);
      for (const [path, hash] of before.files) kept.set(path, hash);
    } else records.set(name, { key, files: [] });
  }
  const wanted: WantedFile[] = [];
  const unchecked: K8sObject[] = [];
  for (const f of out.files) {
    const known = kept.get(f.path);
    if (known !== undefined) {
      wanted.push({ path: f.path, hash: known });
      continue;
    }
    const content = f.text();
    const hash = contentHash(content);
    wanted.push({ path: f.path, hash, content });
    unchecked.push(...f.objects);
    records.get(unitOf.get(f.path)!)!.files.push([f.path, hash]);
  }
  const reused = [...units.keys()].filter((name) => records.get(name) === previous?.get(name)).length;
  return { files: wanted, objects: out.objects, unchecked, rendered: out.rendered, records, stats: { reused, ran: units.size - reused } };
}
