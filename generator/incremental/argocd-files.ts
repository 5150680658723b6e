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
  const teams = new Map(plan.teams.map((t) => [t.name, t]));
  const keyOf = (files: ArgoCdFile[]): string => {
    const team = files[0].team === null ? undefined : teams.get(files[0].team);
    return team ? combine(fleetKey, dataHash(team), ...team.apps.map((name) => planHash(apps.get(name)!))) : combine('platform', dataHash(files[0].source));
  };
  const units = new Map<string, ArgoCdFile[]>();
  for (const f of out.files) {
    const files = units.get(unitOf(f));
    if (files) files.push(f);
    else units.set(unitOf(f), [f]);
  }
  const records = new Map<string, TeamArgoCdRecord>();
  /** The hash of each file of a unit whose files are as the last run wrote them. */
  const kept = new Map<string, string>();
  for (const [name, files] of units) {
    const key = keyOf(files);
    const before = previous?.get(name);
    if (
      before?.key === key &&
      before.files.length === files.length &&
      files.every((f, i) => before.files[i][0] === f.path && disk.files.get(f.path)?.hash === before.files[i][1])
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
    records.get(unitOf(f))!.files.push([f.path, hash]);
  }
  const reused = [...units.keys()].filter((name) => records.get(name) === previous?.get(name)).length;
  return { files: wanted, objects: out.objects, unchecked, rendered: out.rendered, records, stats: { reused, ran: units.size - reused } };
}

/** The cached unit a file belongs to: its team, or for the platform's own files the file itself (a team name has no "/"). */
function unitOf(f: ArgoCdFile): string {
  return f.team ?? f.path;
}
