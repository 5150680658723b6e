/**
 * The gates a version passes before it moves into an environment
 * (`environments[].promotion` in fleet.yaml):
 *
 * - soak: the source environment has run exactly these release values, without
 *   a break, for at least the given time, on the first-parent history of the
 *   default branch (history.ts). Any change of the source's values restarts
 *   the clock; a commit dated in the future holds it at that date.
 * - health: Argo CD reports every Application of the app in the source
 *   environment Synced, at a revision whose config has these versions for
 *   that cluster, Healthy, and running every image (status.summary.images):
 *   an Application that is Healthy on the old image does not pass.
 *
 * Every gate of every app is checked and reported together; one refusal
 * refuses the whole promotion.
 */

import type { PreviewApplication } from '../appset/fleet-applications.ts';
import { filesAt } from '../git/revision-files.ts';
import { showBlobs } from '../git/run-git.ts';
import { parseConfigYaml } from '../load/parse-yaml.ts';
import { asRecord, composeImage, parseReleaseKeyId, type ReleaseValues } from '../model/release.ts';
import { chartReleaseName } from '../render/context.ts';
import type { ArgoCdClient } from './argocd-client.ts';
import type { ReleaseHistory } from './history.ts';
import { describe } from './plan-promotion.ts';
import { type ClusterConfig, readAppRelease, valuesKey } from './release-values.ts';

export interface GateResult {
  gate: 'soak' | 'health';
  app: string;
  passed: boolean;
  /** For people: why it passed or what is missing. */
  detail: string;
}

export function parseDuration(text: string): number {
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/([0-9]+)(d|h|m|s)/g))
    ms += Number(n) * { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[unit as 'd' | 'h' | 'm' | 's'];
  return ms;
}

export function formatDuration(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d}d` : '', h ? `${h}h` : '', m || (!d && !h) ? `${m}m` : ''].filter(Boolean).join(' ');
}

/** The soak gate of one app: `values` are the source environment's values being promoted. */
export function soakGate(history: ReleaseHistory, app: string, from: string, values: ReleaseValues, required: string, now: number): GateResult {
  const want = valuesKey(values);
  const envValues = (i: number) => history.points[i]!.apps.get(app)?.environments.get(from)?.values;
  let start = -1;
  for (let i = history.points.length - 1; i >= 0; i--) {
    const at = envValues(i);
    if (!at || valuesKey(at) !== want) break;
    start = i;
  }
  const result = (passed: boolean, detail: string): GateResult => ({ gate: 'soak', app, passed, detail });
  if (start < 0) {
    const tip = history.points.length ? envValues(history.points.length - 1) : undefined;
    return result(
      false,
      `${from} on ${history.ref} does not run these versions yet${tip ? ` (it runs ${[...tip].map(([id, v]) => `${describe(id)} ${v}`).join(', ')})` : ''}; the ${required} soak starts when they are merged there`,
    );
  }
  const since = history.points[start]!.commit;
  const elapsed = now - since.effectiveAt * 1000;
  const need = parseDuration(required);
  const when = `${from} has run them since ${isoMinute(since.effectiveAt)} (${since.sha.slice(0, 12)}${since.pullRequest ? `, #${since.pullRequest}` : ''})`;
  if (elapsed >= need) return result(true, `${when}, at least ${required}`);
  const future = since.effectiveAt * 1000 > now ? ` (that commit is dated in the future: the soak counts from its date, never from now)` : '';
  return result(false, `${when}; ${formatDuration(need - elapsed)} of the ${required} soak left${future}`);
}

/** What the health gate reads at a synced revision: the release of the app as that commit wrote it. */
export type ReleaseAtRevision = (sha: string) => Promise<Map<string, ReleaseValues> | null>;

/** The health gate of one app; `applications` are its Argo CD Applications in the source environment. */
export async function healthGate(
  client: ArgoCdClient,
  appNamespace: string,
  app: string,
  from: string,
  values: ReleaseValues,
  applications: PreviewApplication[],
  releaseAt: ReleaseAtRevision,
): Promise<GateResult> {
  const problems: string[] = [];
  if (applications.length === 0) problems.push(`no Argo CD Application of ${app} in ${from}`);
  const images = [...values].filter(([id]) => id.startsWith('image:')).map(([id, v]) => composeImage(parseReleaseKeyId(id).name, v));
  for (const application of applications) {
    const live = await client.getApplication(application.name, appNamespace);
    const name = application.name;
    if (!live) {
      problems.push(`${name}: Argo CD has no such Application`);
      continue;
    }
    const sync = live.status?.sync;
    const health = live.status?.health?.status ?? 'Unknown';
    if (sync?.status !== 'Synced') {
      problems.push(`${name}: ${sync?.status ?? 'Unknown'}, not Synced`);
      continue;
    }
    if (health !== 'Healthy') {
      problems.push(`${name}: ${health}, not Healthy${live.status?.health?.message ? ` (${live.status.health.message})` : ''}`);
      continue;
    }
    const helm = application.sources.find((s) => s.type === 'helm');
    if (helm?.type === 'helm') {
      // A chart Application: the chart version it synced is one of its source revisions.
      const chart = [...values].find(([id]) => id.startsWith('chart:') && chartReleaseName(app, parseReleaseKeyId(id).name) === helm.releaseName);
      const revisions = sync.revisions ?? (sync.revision ? [sync.revision] : []);
      if (chart && !revisions.includes(chart[1])) problems.push(`${name}: synced chart version ${revisions[0] ?? 'unknown'}, not ${chart[1]}`);
      continue;
    }
    const revision = sync.revision ?? sync.revisions?.[0];
    const atRevision = revision ? await releaseAt(revision) : null;
    if (!revision || !atRevision) {
      problems.push(`${name}: synced revision ${revision ?? 'unknown'} is not in this repository's history (fetch it, or wait for Argo CD to sync)`);
      continue;
    }
    const there = atRevision.get(application.cluster);
    const imageValues = new Map([...values].filter(([id]) => id.startsWith('image:')));
    const missing = [...imageValues].filter(([id, v]) => there?.get(id) !== v);
    if (missing.length > 0) {
      problems.push(
        `${name}: synced ${revision.slice(0, 12)}, which has ${missing.map(([id]) => `${describe(id)} ${there?.get(id) ?? 'none'}`).join(', ')}, not the version promoted`,
      );
      continue;
    }
    const running = new Set(live.status?.summary?.images ?? []);
    const notRunning = images.filter((i) => !running.has(i));
    if (notRunning.length > 0) {
      problems.push(`${name}: Synced and ${health}, but not running ${notRunning.join(', ')} (Argo CD reports ${[...running].join(', ') || 'no images'})`);
    }
  }
  return problems.length
    ? { gate: 'health', app, passed: false, detail: problems.join('; ') }
    : {
        gate: 'health',
        app,
        passed: true,
        detail: `${applications.map((a) => a.name).join(', ')}: Synced at a revision with these versions, Healthy, running ${images.join(', ') || 'the charts'}`,
      };
}

/**
 * The release of one app per cluster of one environment, as a commit wrote it
 * (null when the commit is not in the repository).
 */
export function releaseReader(repoDir: string, prefix: string, app: string, environment: string): ReleaseAtRevision {
  const at = (p: string) => (prefix ? `${prefix}/${p}` : p);
  return async (sha) => {
    let files: Map<string, Buffer>;
    try {
      files = await showBlobs(repoDir, sha, [at('fleet.yaml'), at(`apps/${app}.yaml`)]);
    } catch {
      return null; // not a commit here, or the app did not exist there
    }
    const read = (p: string) => {
      const bytes = files.get(at(p));
      if (!bytes) return undefined;
      const parsed = parseConfigYaml(p, bytes.toString('utf8'));
      return parsed.ok ? parsed.parsed.value : undefined;
    };
    const fleet = read('fleet.yaml');
    const environments = Array.isArray(fleet?.environments) ? fleet.environments.map((e) => String(asRecord(e)?.name)) : [];
    const clusters = await clustersAt(repoDir, sha, at('clusters'));
    const release = readAppRelease(app, read(`apps/${app}.yaml`), environments, clusters);
    return release.environments.get(environment)?.clusters ?? new Map();
  };
}

async function clustersAt(repoDir: string, sha: string, dir: string): Promise<ClusterConfig[]> {
  const listed = [...(await filesAt(repoDir, sha, [dir])).keys()].filter((p) => /\.ya?ml$/.test(p));
  const blobs = await showBlobs(repoDir, sha, listed);
  const out: ClusterConfig[] = [];
  for (const [path, bytes] of blobs) {
    const parsed = parseConfigYaml(path, bytes.toString('utf8'));
    if (!parsed.ok || typeof parsed.parsed.value.environment !== 'string') continue;
    out.push({
      name: path.slice(path.lastIndexOf('/') + 1).replace(/\.ya?ml$/, ''),
      environment: parsed.parsed.value.environment,
      apps: asRecord(parsed.parsed.value.apps),
    });
  }
  return out;
}

function isoMinute(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export { valuesKey };
