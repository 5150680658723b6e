/**
 * The release section of an app, applied to its variants. In an app with a
 * `release`, images are written without a version and charts without one;
 * each environment's variant takes them from `release.<env>`, a cluster's
 * from `release.<env>.clusters.<cluster>` first. So the versions an
 * environment runs are written in exactly one place, apart from the
 * configuration that differs by design.
 *
 * Checked here: every image and chart of a variant has a version there, none
 * is written elsewhere, and no release value is unused (a stale entry would
 * show in `flotilla versions` as running when it does not).
 */
import { formatPath } from '../diagnostics.ts';
import type { FieldPath } from '../load/source-map.ts';
import { chartUses, composeImage, imageUses, releaseKeyId } from '../model/release.ts';
import { didYouMean } from '../suggest.ts';
import { isPlainObject } from './merge.ts';
import type { EnvironmentReleaseSpec } from './schema/app.ts';

export type ReleaseSpec = Record<string, EnvironmentReleaseSpec>;

export interface ReleaseProblem {
  /** `file`: the path is inside the app file; else the layers key of the variant (`env:dev`, `cluster:prod-us`) whose merged body holds it. */
  where: string;
  path: FieldPath;
  message: string;
  hint?: string;
  atKey?: boolean;
}

/** The versions a variant gets: the environment's, with the cluster's own entries first. */
export function releaseLookup(release: ReleaseSpec, environment: string, cluster?: string): (id: string) => string | undefined {
  const env = release[environment];
  const own = cluster ? env?.clusters?.[cluster] : undefined;
  return (id) => {
    const [kind, name] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
    const pick = (v: { images?: Record<string, string>; charts?: Record<string, string> } | undefined) =>
      v ? (kind === 'image' ? v.images : v.charts)?.[name] : undefined;
    return pick(own) ?? pick(env);
  };
}

/**
 * A variant body (raw, merged) with its release values filled in. `used`
 * collects the key ids the variant takes, for the unused-entry check.
 */
export function applyRelease(
  body: Record<string, unknown>,
  release: ReleaseSpec,
  environment: string,
  cluster: string | undefined,
  used: Set<string>,
  problems: ReleaseProblem[],
): Record<string, unknown> {
  const lookup = releaseLookup(release, environment, cluster);
  const variant = cluster ? `cluster:${cluster}` : `env:${environment}`;
  let out = body;
  for (const use of imageUses(body)) {
    const id = releaseKeyId({ kind: 'image', name: use.repository });
    if (use.version !== undefined) {
      used.add(id); // meant to be used: only where its version is written is wrong
      problems.push({
        where: variant,
        path: use.path,
        message: `image "${use.repository}:${use.version}" carries a version; in an app with a release section, versions are written only under release`,
        hint: `Write image: ${use.repository} here, and its version for each environment under release.<environment>.images.`,
      });
      continue;
    }
    const version = lookup(id);
    if (version === undefined) {
      // Said once per environment: a cluster falls back to its environment's versions, so the fix is the same.
      problems.push({
        where: 'file',
        path: ['release', environment, 'images'],
        atKey: true,
        message: `no version for image ${use.repository} (${formatPath(use.path)}) in environment ${environment}`,
        hint: `Add "${use.repository}: <version>" under release.${environment}.images.`,
      });
      continue;
    }
    used.add(id);
    out = withValueAt(out, use.path, composeImage(use.repository, version));
  }
  for (const chart of chartUses(body)) {
    const id = releaseKeyId({ kind: 'chart', name: chart.name });
    if (chart.version !== undefined) {
      used.add(id);
      problems.push({
        where: variant,
        path: chart.path,
        message: `chart ${chart.name} carries a version; in an app with a release section, chart versions are written only under release`,
        hint: `Remove version here, and write the version for each environment under release.<environment>.charts.`,
      });
      continue;
    }
    const version = lookup(id);
    if (version === undefined) {
      problems.push({
        where: 'file',
        path: ['release', environment, 'charts'],
        atKey: true,
        message: `no version for chart ${chart.name} in environment ${environment}`,
        hint: `Add "${chart.name}: <version>" under release.${environment}.charts.`,
      });
      continue;
    }
    used.add(id);
    out = withValueAt(out, chart.path, version);
  }
  return out;
}

/** The shape of the release section: one entry per environment the app runs in, cluster entries only for its clusters there. */
export function checkReleaseShape(
  release: ReleaseSpec,
  deployTo: string[],
  allEnvironments: string[],
  clusterEnvironment: Map<string, string>,
  problems: ReleaseProblem[],
): void {
  for (const env of Object.keys(release)) {
    if (deployTo.includes(env)) continue;
    problems.push({
      where: 'file',
      path: ['release', env],
      atKey: true,
      message: allEnvironments.includes(env) ? `the app does not run in environment ${env} (deployTo)` : `unknown environment "${env}"`,
      hint: allEnvironments.includes(env)
        ? `Remove release.${env}, or add ${env} to deployTo.`
        : (didYouMean(env, deployTo) ?? `Expected one of: ${deployTo.join(', ')}.`),
    });
  }
  for (const env of deployTo) {
    if (release[env]) {
      for (const cluster of Object.keys(release[env].clusters ?? {})) {
        const actual = clusterEnvironment.get(cluster);
        if (actual === env) continue;
        const here = [...clusterEnvironment].filter(([, e]) => e === env).map(([c]) => c);
        problems.push({
          where: 'file',
          path: ['release', env, 'clusters', cluster],
          atKey: true,
          message: actual ? `cluster ${cluster} belongs to environment ${actual}, not ${env}` : `unknown cluster "${cluster}"`,
          hint: actual ? `Move it under release.${actual}.clusters.` : (didYouMean(cluster, here) ?? `Clusters of ${env}: ${here.join(', ') || 'none'}.`),
        });
      }
      continue;
    }
    problems.push({
      where: 'file',
      path: ['release'],
      atKey: true,
      message: `release.${env} is missing: the app runs in environment ${env}, so its versions there must be written`,
      hint: `Add release.${env} with the images and charts ${env} runs.`,
    });
  }
}

/** Entries no variant takes: reported at their key. `used` maps "<env>" and "<env>/<cluster>" to the key ids taken. */
export function unusedReleaseValues(release: ReleaseSpec, used: Map<string, Set<string>>, problems: ReleaseProblem[]): void {
  for (const [env, spec] of Object.entries(release)) {
    const anywhere = new Set([...used].filter(([k]) => k === env || k.startsWith(`${env}/`)).flatMap(([, ids]) => [...ids]));
    if (!used.has(env)) continue; // the environment itself is reported (not deployed, or invalid)
    report(spec, ['release', env], anywhere, `environment ${env}`);
    for (const [cluster, values] of Object.entries(spec.clusters ?? {})) {
      const taken = used.get(`${env}/${cluster}`);
      if (taken) report(values, ['release', env, 'clusters', cluster], taken, `cluster ${cluster}`);
    }
  }

  function report(values: { images?: Record<string, string>; charts?: Record<string, string> }, at: FieldPath, taken: Set<string>, where: string) {
    for (const [kind, map] of [
      ['image', values.images],
      ['chart', values.charts],
    ] as const) {
      for (const name of Object.keys(map ?? {})) {
        if (taken.has(releaseKeyId({ kind, name }))) continue;
        problems.push({
          where: 'file',
          path: [...at, kind === 'image' ? 'images' : 'charts', name],
          atKey: true,
          message: `${kind} ${name} is not used by any ${kind === 'image' ? 'container' : 'chart'} in ${where}`,
          hint: 'Remove it: flotilla versions would show it as running where it does not.',
        });
      }
    }
  }
}

/** A copy of `target` with `value` at `path`, sharing everything off the path (bodies are shared between variants). */
function withValueAt(target: Record<string, unknown>, path: FieldPath, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  const key = String(head);
  const child = target[key];
  return { ...target, [key]: rest.length === 0 ? value : withValueAt(isPlainObject(child) ? child : {}, rest, value) };
}
