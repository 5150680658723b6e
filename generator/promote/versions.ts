/**
 * `flotilla versions` as data: for every app × environment × cluster, each
 * image and chart version, where it is set (the environment's release, the
 * cluster's own entry, or — without a release section — the config), since
 * which commit it has been there, and whether it is pinned, rejected or
 * waiting for promotion (the previous environment runs something else).
 */
import { parseReleaseKeyId, versionMatches } from '../model/release.ts';
import type { FleetReleases } from './fleet-releases.ts';
import type { HistoryCommit, ReleaseHistory } from './history.ts';

export interface VersionRow {
  app: string;
  team: string;
  environment: string;
  /** Null for an environment without clusters. */
  cluster: string | null;
  kind: 'image' | 'chart';
  name: string;
  version: string;
  /** `release` (release.<env>), `cluster` (release.<env>.clusters.<cluster>), or `config` (an app without a release section). */
  setIn: 'release' | 'cluster' | 'config';
  /** The cluster runs another version than its environment (its own release entry, or an override of the image). */
  clusterOverride?: true;
  /** The commit it arrived with (first-parent history of HEAD); null when it is not committed yet; undefined outside git. */
  since?: { sha: string; date: string; subject: string; pullRequest?: number } | null;
  pinned?: string;
  rejected?: string;
  /** The previous environment the app runs in has another version of it (rejected: a version promote will refuse). */
  pending?: { environment: string; version: string; rejected?: true };
}

export interface VersionFilter {
  apps?: string[];
  environment?: string;
}

export function versionRows(fleet: FleetReleases, history: ReleaseHistory | null, filter: VersionFilter = {}): VersionRow[] {
  const rows: VersionRow[] = [];
  for (const [name, app] of [...fleet.apps].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (filter.apps?.length && !filter.apps.includes(name)) continue;
    let previous: string | undefined;
    for (const [environment, env] of app.release.environments) {
      const before = previous ? app.release.environments.get(previous) : undefined;
      const prevEnv = previous;
      previous = environment;
      if (filter.environment && filter.environment !== environment) continue;
      const clusters = env.clusters.size ? [...env.clusters.keys()].sort() : [null];
      for (const cluster of clusters) {
        const values = cluster ? env.clusters.get(cluster)! : env.values;
        for (const [id, version] of [...values].sort(([a], [b]) => compareIds(a, b))) {
          const { kind, name: key } = parseReleaseKeyId(id);
          const own = cluster ? env.clusterOwn.get(cluster)?.has(id) : false;
          const isRejected = (v: string) => app.rejected.find((r) => (kind === 'image' ? r.image === key : r.chart === key) && versionMatches(r.version, v));
          const rejected = isRejected(version);
          const upstream = before?.values.get(id);
          const row: VersionRow = {
            app: name,
            team: app.team,
            environment,
            cluster,
            kind,
            name: key,
            version,
            setIn: !app.release.managed ? 'config' : own ? 'cluster' : 'release',
            ...(own ? { clusterOverride: true as const } : {}),
            ...(env.pinned !== undefined ? { pinned: env.pinned } : {}),
            ...(rejected ? { rejected: rejected.reason } : {}),
            // Pending is about the environment's release: a cluster's own version is its own matter.
            ...(prevEnv && upstream !== undefined && upstream !== env.values.get(id)
              ? { pending: { environment: prevEnv, version: upstream, ...(isRejected(upstream) ? { rejected: true as const } : {}) } }
              : {}),
          };
          if (history) row.since = sinceOf(history, name, environment, cluster, id, version);
          rows.push(row);
        }
      }
    }
  }
  return rows;
}

/** The first commit of the unbroken run, up to the tip, in which this cluster (or environment) has had this version. */
function sinceOf(history: ReleaseHistory, app: string, env: string, cluster: string | null, id: string, version: string): VersionRow['since'] {
  let found: HistoryCommit | undefined;
  for (let i = history.points.length - 1; i >= 0; i--) {
    const e = history.points[i]!.apps.get(app)?.environments.get(env);
    const value = cluster ? e?.clusters.get(cluster)?.get(id) : e?.values.get(id);
    if (value !== version) break;
    found = history.points[i]!.commit;
  }
  if (!found) return null;
  return {
    sha: found.sha,
    date: new Date(found.effectiveAt * 1000).toISOString(),
    subject: found.subject,
    ...(found.pullRequest ? { pullRequest: found.pullRequest } : {}),
  };
}

function compareIds(a: string, b: string): number {
  const rank = (id: string) => (id.startsWith('image:') ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** One line of what a row's state is, for people. */
export function statusOf(row: VersionRow): string {
  const parts: string[] = [];
  if (row.rejected) parts.push(`REJECTED (${row.rejected})`);
  if (row.pinned) parts.push(`pinned (${row.pinned})`);
  if (row.pending) parts.push(`pending promotion: ${row.pending.environment} has ${row.pending.version}${row.pending.rejected ? ' (rejected)' : ''}`);
  if (row.clusterOverride) parts.push(`cluster override${row.setIn === 'cluster' ? '' : ' (in the config)'}`);
  if (row.setIn === 'config') parts.push('no release section');
  return parts.join('; ');
}
