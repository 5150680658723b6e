/**
 * What each app runs where, read from the config files as written: per
 * environment the release values (image and chart versions), per cluster the
 * values it really runs (its environment's, with its own on top), and pins.
 *
 * It reads raw data on purpose: the same function reads the working tree and
 * every commit of the history, including commits whose config this Flotilla
 * would not validate. For the current config, validation has already run;
 * validate/release.ts applies the same lookups to the variants it renders.
 */
import { asRecord, type ReleaseValues, releaseKeyId, valuesOfBody } from '../model/release.ts';
import { mergeOverride } from '../validate/merge.ts';

export interface EnvironmentRelease {
  environment: string;
  /** The environment's own values: `release.<env>`, or (without a release section) what its variant is written with. */
  values: ReleaseValues;
  /** Per cluster of the environment: the values it runs. */
  clusters: Map<string, ReleaseValues>;
  /** Per cluster: the values it sets differently from its environment. */
  clusterOwn: Map<string, ReleaseValues>;
  /** `release.<env>.pinned`: why promotion skips this environment. */
  pinned?: string;
}

export interface AppRelease {
  app: string;
  /** True when the app has a release section (promotion can edit it). */
  managed: boolean;
  /** Environments the app runs in, in fleet order. */
  environments: Map<string, EnvironmentRelease>;
}

export interface ClusterConfig {
  name: string;
  environment: string;
  /** `apps.<app>` overrides of the cluster file (they matter to apps without a release section). */
  apps?: Record<string, unknown>;
}

export function readAppRelease(app: string, raw: unknown, environments: readonly string[], clusters: readonly ClusterConfig[]): AppRelease {
  const spec = asRecord(raw) ?? {};
  const deployTo = Array.isArray(spec.deployTo) ? environments.filter((e) => (spec.deployTo as unknown[]).includes(e)) : [...environments];
  const release = asRecord(spec.release);
  const out: AppRelease = { app, managed: release !== undefined, environments: new Map() };
  for (const environment of deployTo) {
    const here = clusters.filter((c) => c.environment === environment);
    if (release) {
      const entry = asRecord(release[environment]);
      const values = valuesOf(entry);
      const clusterOwn = new Map<string, ReleaseValues>();
      const ownEntries = asRecord(entry?.clusters) ?? {};
      for (const c of here) {
        const own = valuesOf(asRecord(ownEntries[c.name]));
        if (own.size > 0) clusterOwn.set(c.name, own);
      }
      const pinned = typeof entry?.pinned === 'string' ? entry.pinned : undefined;
      out.environments.set(environment, {
        environment,
        values,
        clusters: new Map(here.map((c) => [c.name, new Map([...values, ...(clusterOwn.get(c.name) ?? [])])])),
        clusterOwn,
        ...(pinned !== undefined ? { pinned } : {}),
      });
      continue;
    }
    const envBody = mergeOverride(spec, asRecord(spec.environments)?.[environment]);
    const values = valuesOfBody(envBody);
    const clustersRun = new Map<string, ReleaseValues>();
    const clusterOwn = new Map<string, ReleaseValues>();
    for (const c of here) {
      const fromApp = asRecord(spec.clusters)?.[c.name];
      const fromCluster = c.apps?.[app];
      const runs = fromApp || fromCluster ? valuesOfBody(mergeOverride(mergeOverride(envBody, fromApp), fromCluster)) : values;
      clustersRun.set(c.name, runs);
      const own = new Map([...runs].filter(([id, v]) => values.get(id) !== v));
      if (own.size > 0) clusterOwn.set(c.name, own);
    }
    out.environments.set(environment, { environment, values, clusters: clustersRun, clusterOwn });
  }
  return out;
}

function valuesOf(entry: Record<string, unknown> | undefined): ReleaseValues {
  const values: ReleaseValues = new Map();
  for (const [name, version] of Object.entries(asRecord(entry?.images) ?? {})) values.set(releaseKeyId({ kind: 'image', name }), String(version));
  for (const [name, version] of Object.entries(asRecord(entry?.charts) ?? {})) values.set(releaseKeyId({ kind: 'chart', name }), String(version));
  return values;
}

/** Canonical text of a set of values, for comparing states of the history. */
export function valuesKey(values: ReleaseValues): string {
  return JSON.stringify([...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The values a cluster of `env` runs of one key, or undefined. */
export function runningOn(env: EnvironmentRelease | undefined, cluster: string, id: string): string | undefined {
  return env?.clusters.get(cluster)?.get(id);
}
