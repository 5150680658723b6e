/**
 * The Argo CD files of each team — its AppProject and ApplicationSets — as a
 * cached job. They are made from the team's plan, the plans of its apps and
 * the fleet's Argo CD settings and clusters (render/argocd/), so under a key
 * of exactly those a team whose files are on disk as the last run wrote them
 * needs no YAML made, and its objects — checked against their schemas by that
 * run — no schema check. The platform's own files are made every run.
 */
import { type ArgoCdFile, argoCdFiles } from '../emit/emit-fleet.ts';
import { combine, contentHash, dataHash } from '../model/hash.ts';
import type { K8sObject } from '../model/object.ts';
import type { AppPlan, FleetPlan } from '../plan/model.ts';
import type { DiskState, WantedFile } from '../write/write-tree.ts';

export interface TeamArgoCdRecord {
  key: string;
  /** Path and content hash of each of its files, in order. */
  files: [string, string][];
}

export interface CachedArgoCd {
  files: WantedFile[];
  /** Every Argo CD object. */
  objects: K8sObject[];
  /** Those not known to pass their schema check: of the teams made again, and the platform's. */
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
  const byTeam = new Map<string, ArgoCdFile[]>();
  for (const f of out.files) if (f.team !== null) byTeam.set(f.team, [...(byTeam.get(f.team) ?? []), f]);
  const records = new Map<string, TeamArgoCdRecord>();
  /** The hash of each file of a team whose files are as the last run wrote them. */
  const kept = new Map<string, string>();
  for (const team of plan.teams) {
    const files = byTeam.get(team.name) ?? [];
    const key = combine(fleetKey, dataHash(team), ...team.apps.map((name) => planHash(apps.get(name)!)));
    const before = previous?.get(team.name);
    if (
      before?.key === key &&
      before.files.length === files.length &&
      files.every((f, i) => before.files[i][0] === f.path && disk.files.get(f.path)?.hash === before.files[i][1])
    ) {
      records.set(team.name, before);
      for (const [path, hash] of before.files) kept.set(path, hash);
    } else records.set(team.name, { key, files: [] });
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
    if (f.team !== null) records.get(f.team)!.files.push([f.path, hash]);
  }
  const reused = plan.teams.filter((t) => records.get(t.name) === previous?.get(t.name)).length;
  return { files: wanted, objects: out.objects, unchecked, rendered: out.rendered, records, stats: { reused, ran: plan.teams.length - reused } };
}
