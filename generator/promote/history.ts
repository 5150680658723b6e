/**
 * The release history of a branch: for every app and environment, when each
 * state of its release began, read from the first-parent history (the
 * commits the branch itself went through; a merged pull request counts from
 * its merge, never from the dates of the commits it brought along).
 *
 * Time only moves forward here: each commit's time is the latest committer
 * date so far on the way to it, so a commit dated in the past (a rebase, a
 * skewed clock) cannot make a version look older than the commit before it,
 * and a date in the future holds every later commit at that date.
 *
 * One `git log` lists the commits and the config blobs each changed; one
 * `git cat-file --batch` reads every blob needed.
 */
import { runGit, showBlobsById } from '../git/run-git.ts';
import { parseConfigYaml } from '../load/parse-yaml.ts';
import { asRecord } from '../model/release.ts';
import { type AppRelease, type ClusterConfig, readAppRelease } from './release-values.ts';

export interface HistoryCommit {
  sha: string;
  /** Committer date, seconds since the epoch, as recorded. */
  committedAt: number;
  /** The latest committer date up to and including this commit: what durations are measured from. */
  effectiveAt: number;
  subject: string;
  /** The pull request that brought it, from a merge or squash subject ("Merge pull request #12", "… (#12)"). */
  pullRequest?: number;
}

/** The releases of every app at one commit (undefined for an app whose file did not read). */
export interface HistoryPoint {
  commit: HistoryCommit;
  apps: Map<string, AppRelease | undefined>;
}

export interface ReleaseHistory {
  /** The revision walked, e.g. "origin/main". */
  ref: string;
  /** Points where some app's release changed, oldest first (the first commit always). */
  points: HistoryPoint[];
}

export interface FleetLayout {
  /** Repository-relative path of the fleet root ('' at the top). */
  prefix: string;
}

const EMPTY: ReleaseHistory = { ref: '', points: [] };

export async function readReleaseHistory(repoDir: string, ref: string, layout: FleetLayout): Promise<ReleaseHistory> {
  const at = (p: string) => (layout.prefix ? `${layout.prefix}/${p}` : p);
  const isConfig = (path: string) => path === 'fleet.yaml' || /^(apps|clusters)\/[^/]+\.ya?ml$/.test(path);
  // Every commit's date moves the clock, so all of them are listed; only the config's changes are read (output would be huge).
  const [all, changed] = await Promise.all([
    runGit(repoDir, ['log', '--first-parent', '--reverse', '--format=%H %ct', ref]),
    runGit(repoDir, [
      '-c',
      'core.quotePath=false',
      'log',
      '--first-parent',
      '--reverse',
      '--diff-merges=first-parent',
      '--raw',
      '--no-abbrev',
      '--no-renames',
      '--format=%x1e%H%x1f%ct%x1f%s',
      ref,
      '--',
      at('fleet.yaml'),
      at('apps'),
      at('clusters'),
    ]),
  ]);
  const commits = parseLog(changed.stdout, layout.prefix, isConfig);
  if (commits.length === 0) return { ...EMPTY, ref };
  const blobs = await readBlobs(repoDir, [...new Set(commits.flatMap((c) => [...c.changes.values()].filter((b): b is string => b !== null)))]);
  // The latest committer date up to each commit, along the whole first-parent line.
  const effective = new Map<string, number>();
  let latest = Number.NEGATIVE_INFINITY;
  for (const line of all.stdout.split('\n')) {
    const [sha, time] = line.split(' ');
    if (!sha || !time) continue;
    latest = Math.max(latest, Number(time));
    effective.set(sha, latest);
  }

  const files = new Map<string, string>(); // fleet-relative path → blob id
  const points: HistoryPoint[] = [];
  let previous = new Map<string, string>(); // app → canonical state
  for (const c of commits) {
    if (c.changes.size === 0 && points.length > 0) continue;
    for (const [path, blob] of c.changes) {
      if (blob === null) files.delete(path);
      else files.set(path, blob);
    }
    const apps = releasesAt(files, blobs);
    const states = new Map([...apps].map(([app, release]) => [app, release ? canonical(release) : 'unreadable']));
    const differs = points.length === 0 || states.size !== previous.size || [...states].some(([app, s]) => previous.get(app) !== s);
    previous = states;
    if (!differs) continue;
    const pullRequest = pullRequestOf(c.subject);
    points.push({
      commit: {
        sha: c.sha,
        committedAt: c.committedAt,
        effectiveAt: effective.get(c.sha) ?? c.committedAt,
        subject: c.subject,
        ...(pullRequest ? { pullRequest } : {}),
      },
      apps,
    });
  }
  return { ref, points };
}

/** The releases of every app from the config files of one commit. */
function releasesAt(files: Map<string, string>, blobs: Map<string, string>): Map<string, AppRelease | undefined> {
  const read = (path: string) => {
    const blob = files.get(path);
    const text = blob ? blobs.get(blob) : undefined;
    if (text === undefined) return undefined;
    const parsed = parseConfigYaml(path, text);
    return parsed.ok ? parsed.parsed.value : undefined;
  };
  const fleet = read('fleet.yaml');
  const environments = Array.isArray(fleet?.environments)
    ? fleet.environments.map((e) => asRecord(e)?.name).filter((n): n is string => typeof n === 'string')
    : [];
  const clusters: ClusterConfig[] = [];
  const apps = new Map<string, AppRelease | undefined>();
  const names = (dir: string) =>
    [...files.keys()]
      .filter((p) => p.startsWith(`${dir}/`) && /^[^/]+\.ya?ml$/.test(p.slice(dir.length + 1)))
      .sort()
      .map((p) => ({ path: p, name: p.slice(dir.length + 1).replace(/\.ya?ml$/, '') }));
  for (const { path, name } of names('clusters')) {
    const raw = read(path);
    if (typeof raw?.environment === 'string') clusters.push({ name, environment: raw.environment, apps: asRecord(raw.apps) });
  }
  for (const { path, name } of names('apps')) {
    const raw = read(path);
    apps.set(name, raw ? readAppRelease(name, raw, environments, clusters) : undefined);
  }
  return apps;
}

/** One app's release as comparable text (pins are left out: pinning does not change what runs). */
export function canonical(release: AppRelease): string {
  return JSON.stringify(
    [...release.environments.values()].map((e) => [
      e.environment,
      sortedEntries(e.values),
      [...e.clusters].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, v]) => [c, sortedEntries(v)]),
    ]),
  );
}

function sortedEntries(values: Map<string, string>): [string, string][] {
  return [...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

interface LoggedCommit {
  sha: string;
  committedAt: number;
  subject: string;
  /** Fleet-relative path → new blob id, or null when deleted. */
  changes: Map<string, string | null>;
}

function parseLog(out: string, prefix: string, isConfig: (fleetPath: string) => boolean): LoggedCommit[] {
  const commits: LoggedCommit[] = [];
  for (const record of out.split('\x1e').slice(1)) {
    const [header, ...lines] = record.split('\n');
    const [sha, time, subject] = header!.split('\x1f');
    const changes = new Map<string, string | null>();
    for (const line of lines) {
      // ":100644 100644 <old> <new> M\t<path>"
      const m = /^:\d+ (\d+) [0-9a-f]+ ([0-9a-f]+) ([A-Z])\d*\t(.+)$/.exec(line);
      if (!m) continue;
      const [, mode, blob, status, repoPath] = m;
      const path = prefix ? (repoPath!.startsWith(`${prefix}/`) ? repoPath!.slice(prefix.length + 1) : null) : repoPath!;
      if (path === null || !isConfig(path)) continue;
      changes.set(path, status === 'D' || !/^100(644|755)$/.test(mode!) ? null : blob!);
    }
    commits.push({ sha: sha!, committedAt: Number(time), subject: subject ?? '', changes });
  }
  return commits;
}

async function readBlobs(repoDir: string, ids: string[]): Promise<Map<string, string>> {
  const bytes = await showBlobsById(repoDir, ids);
  return new Map([...bytes].map(([id, b]) => [id, b.toString('utf8')]));
}

function pullRequestOf(subject: string): number | undefined {
  const m = /^Merge pull request #(\d+)\b/.exec(subject) ?? /\(#(\d+)\)\s*$/.exec(subject);
  return m ? Number(m[1]) : undefined;
}
