/**
 * Stage 2, validate: every file against its zod schema, every override merged
 * and re-validated, then the cross-reference rules. All problems of a run are
 * reported together.
 */
import { z } from 'zod';
import { type Diagnostic, DiagnosticBag, formatPath } from '../diagnostics.ts';
import type { ParsedFile } from '../load/parse-yaml.ts';
import type { LoadedFleet, NamedFile } from '../load/read-fleet.ts';
import { dict } from '../model/dict.ts';
import { didYouMean } from '../suggest.ts';
import { type ConfigFileCache, type ConfigFileContent, contentKey, inlineConfigFiles } from './config-files.ts';
import { isPlainObject, mergeOverride, uselessRemovals } from './merge.ts';
import { checkOverrideEntries, NEW_MARKER, type OverrideEntryProblem } from './override-entries.ts';
import { recoverValid } from './recover.ts';
import { applyRelease, checkReleaseShape, type ReleaseProblem, unusedReleaseValues } from './release.ts';
import { overrideResourcesAsMap, resourcesAsList, resourcesAsMap } from './resource-entries.ts';
import type { RuleContext } from './rules/context.ts';
import { runRules } from './rules/index.ts';
import type { Peers } from './rules/peers.ts';
import { App, AppBody, type AppBodySpec, type AppSpec } from './schema/app.ts';
import { Cluster, type ClusterSpec } from './schema/cluster.ts';
import { Fleet, type FleetSpec } from './schema/fleet.ts';
import { diagnosticAt, type SourceLayer, zodIssuesToDiagnostics } from './zod-errors.ts';

export interface ValidApp {
  name: string;
  spec: AppSpec;
  parsed: ParsedFile;
  /** The app body merged with each environment's override, validated. Keyed by environment. */
  envBodies: Map<string, AppBodySpec>;
  /** Only for clusters that override this app. Keyed by cluster. */
  clusterBodies: Map<string, AppBodySpec>;
  /** Where each variant's values come from, for rule diagnostics. */
  layers: Map<string, SourceLayer[]>;
}

/** An app's variants as resolved: all a cache keeps of them between runs. */
export type ResolvedVariants = Pick<ValidApp, 'envBodies' | 'clusterBodies' | 'layers'>;

/** An app file as validated on its own, before its variants are resolved. */
export interface AppInput {
  name: string;
  spec: AppSpec;
  parsed: ParsedFile;
  /** The file's data as validated (recovered where it had schema errors): read only to resolve variants. */
  data: () => Record<string, unknown>;
  removed: Set<string>;
}

/**
 * What an earlier run may answer for (incremental/config-cache.ts): schema
 * results, each app's variants, and the findings of each app's own rules.
 * `variants` gets everything that resolving them reads (the app, the
 * environments, the clusters), so a cache can key its answer by exactly
 * those; `compute` resolves them, and says whether it found no problem (only
 * such a result may be kept: problems are found by running).
 */
export interface ValidationCache {
  runSchema: SchemaRunner;
  /** A whole file's result of `schema` kept by an earlier run, found without reading the file's data; else undefined. */
  knownFileSpec<S extends z.ZodType>(schema: S, parsed: ParsedFile): z.output<S> | undefined;
  variants(app: AppInput, envNames: string[], clusters: ValidCluster[], compute: () => { resolved: ResolvedVariants; clean: boolean }): ResolvedVariants;
  /**
   * The findings of an app's rules (rules/index.ts) for the same inputs: what
   * its variants are resolved from, `inlined` (the files it inlines, as
   * contentKey gives them), the fleet file, and the answers `peers` gave about
   * the other apps and the clusters (the rules ask through the view `compute`
   * is given). The cluster files themselves are no input: the rules see only
   * those answers.
   */
  appRules(app: ValidApp, inlined: string, fleet: ValidatedFleet, peers: Peers, compute: (peers: Peers) => Diagnostic[]): Diagnostic[];
}

export interface ValidCluster {
  name: string;
  spec: ClusterSpec;
  parsed: ParsedFile;
}

export interface ValidatedFleet {
  root: string;
  fleet: FleetSpec;
  fleetFile: ParsedFile;
  apps: ValidApp[];
  clusters: ValidCluster[];
  /**
   * Apps and clusters whose files exist but did not validate (or were not read). Rules still run on
   * everything else (a run reports all its problems), treating these as existing but unknown.
   */
  incomplete: { apps: Set<string>; clusters: Set<string> };
  warnings: Diagnostic[];
}

/**
 * Runs a schema on data. A schema's result depends on nothing but its input, so
 * a cache may answer for it (incremental/config-cache.ts); the default runs it.
 */
export type SchemaRunner = <S extends z.ZodType>(schema: S, data: unknown) => z.ZodSafeParseResult<z.output<S>>;

const runSchema: SchemaRunner = (schema, data) => schema.safeParse(data);

export function validateFleet(loaded: LoadedFleet, cache?: ValidationCache): ValidatedFleet {
  const run = cache?.runSchema ?? runSchema;
  const bag = new DiagnosticBag();
  const fleet = parseWith(Fleet, loaded.fleet, bag, run, cache)?.spec;
  const clusters = loaded.clusters.flatMap((c) => {
    const spec = parseWith(Cluster, c.parsed, bag, run, cache)?.spec;
    return spec ? [{ name: c.name, spec, parsed: c.parsed }] : [];
  });
  const apps = loaded.apps.flatMap((a) => {
    const parsed = parseWith(App, a.parsed, bag, run, cache);
    return parsed ? [{ name: a.name, spec: parsed.spec, parsed: a.parsed, data: parsed.data, removed: parsed.removed }] : [];
  });
  if (!fleet) bag.throwIfErrors(); // every rule needs the environments
  const incomplete = {
    apps: new Set([...loaded.apps.map((a) => a.name).filter((n) => !apps.some((a) => a.name === n)), ...loaded.unread]),
    clusters: new Set(loaded.clusters.map((c) => c.name).filter((n) => !clusters.some((c) => c.name === n))),
  };
  const envNames = fleet!.environments.map((e) => e.name);
  const validApps = apps.map((a): ValidApp => {
    const compute = () => {
      const found = new DiagnosticBag();
      const resolved = resolveVariants(a, envNames, clusters, found, run);
      for (const d of found.items) bag.add(d);
      if (found.hasErrors) incomplete.apps.add(a.name);
      return { resolved, clean: found.items.length === 0 && a.removed.size === 0 };
    };
    const { envBodies, clusterBodies, layers } = cache ? cache.variants(a, envNames, clusters, compute) : compute().resolved;
    return { name: a.name, spec: a.spec, parsed: a.parsed, envBodies, clusterBodies, layers };
  });
  const files = new Map<string, ConfigFileContent>();
  const inlined = new Map<string, string>();
  const report: RuleContext['error'] = (layers, path, message, hint) => bag.add(diagnosticAt(layers, path, false, message, hint));
  for (const app of validApps) {
    const read = new Set<string>();
    const seen: ConfigFileCache = {
      get(file) {
        read.add(file);
        return files.get(file);
      },
      set: (file, content) => files.set(file, content),
    };
    inlineConfigFiles(loaded.root, app.spec, app.layers.get('')!, seen, report, (d) => bag.add(d));
    for (const [env, body] of app.envBodies) inlineConfigFiles(loaded.root, body, app.layers.get(`env:${env}`)!, seen, report, (d) => bag.add(d));
    for (const [cluster, body] of app.clusterBodies)
      inlineConfigFiles(loaded.root, body, app.layers.get(`cluster:${cluster}`)!, seen, report, (d) => bag.add(d));
    inlined.set(
      app.name,
      [...read]
        .sort()
        .map((file) => `${file}\0${contentKey(files.get(file))}`)
        .join('\0'),
    );
  }
  const validated: ValidatedFleet = { root: loaded.root, fleet: fleet!, fleetFile: loaded.fleet, apps: validApps, clusters, incomplete, warnings: [] };
  runRules(
    validated,
    bag,
    cache && {
      appRules: (app, peers, compute) => cache.appRules(app, inlined.get(app.name)!, validated, peers, compute),
    },
  );
  bag.throwIfErrors();
  validated.warnings = bag.warnings();
  return validated;
}

/**
 * The file's spec, and the data it was read from. A file with schema errors
 * reports them, and where it can be recovered (recover.ts) the rest of the
 * checks still run on what is valid, so its other problems are reported too.
 */
function parseWith<S extends z.ZodType>(
  schema: S,
  parsed: ParsedFile,
  bag: DiagnosticBag,
  run: SchemaRunner,
  cache: ValidationCache | undefined,
): { spec: z.output<S>; data: () => Record<string, unknown>; removed: Set<string> } | undefined {
  const known = cache?.knownFileSpec(schema, parsed);
  if (known !== undefined) return { spec: known, data: () => parsed.value, removed: new Set() };
  const data = parsed.value;
  const result = run(schema, data);
  if (result.success) return { spec: result.data, data: () => data, removed: new Set() };
  for (const d of zodIssuesToDiagnostics(result.error, [{ parsed, prefix: [] }], schema, data)) bag.add(d);
  const recovered = recoverValid(schema, data, result.error);
  return (
    recovered && {
      spec: recovered.spec,
      data: () => recovered.data as Record<string, unknown>,
      removed: new Set(recovered.removed.map(formatPath)),
    }
  );
}

/** Merges and validates each environment and cluster variant of an app, with its release values applied. */
function resolveVariants(app: AppInput, envNames: string[], clusters: ValidCluster[], bag: DiagnosticBag, run: SchemaRunner): ResolvedVariants {
  const raw = app.data();
  const { removed } = app;
  const body = resourcesAsMap(pickBody(raw));
  const baseLayer: SourceLayer = { parsed: app.parsed, prefix: [] };
  const envBodies = new Map<string, AppBodySpec>();
  const clusterBodies = new Map<string, AppBodySpec>();
  const layers = new Map<string, SourceLayer[]>([['', [baseLayer]]]);
  const deployTo = app.spec.deployTo ?? envNames;
  const release = app.spec.release;
  const problems: ReleaseProblem[] = [];
  const used = new Map<string, Set<string>>();
  if (release) {
    checkReleaseShape(release, deployTo, envNames, new Map(clusters.map((c) => [c.name, c.spec.environment])), problems);
  }
  // A variant takes its release values last: overrides never carry versions in an app with a release.
  const withRelease = (variant: unknown, env: string, cluster?: string) => {
    const merged = resourcesAsList(variant);
    if (!release || !isPlainObject(merged)) return merged;
    if (!release[env]) return undefined; // reported as a missing release entry; nothing to check it against
    const taken = new Set<string>();
    used.set(cluster ? `${env}/${cluster}` : env, taken);
    return applyRelease(merged, release, env, cluster, taken, problems);
  };
  const envRaw = new Map<string, unknown>();
  for (const env of deployTo) {
    const envLayer: SourceLayer = { parsed: app.parsed, prefix: ['environments', env] };
    const override = checkedOverride(body, app.spec.environments?.[env], envLayer, bag);
    reportUselessRemovals([body], override, envLayer, bag);
    const merged = override ? mergeOverride(body, override) : body;
    envRaw.set(env, merged);
    const envLayers: SourceLayer[] = override ? [{ parsed: app.parsed, prefix: ['environments', env] }, baseLayer] : [baseLayer];
    layers.set(`env:${env}`, envLayers);
    const resolved = withRelease(merged, env);
    const spec = resolved === undefined ? undefined : parseLayered(resolved, envLayers, bag, removed, run);
    if (spec) envBodies.set(env, spec);
  }
  for (const cluster of clusters) {
    const ownRelease = release?.[cluster.spec.environment]?.clusters?.[cluster.name];
    if (!app.spec.clusters?.[cluster.name] && !cluster.spec.apps?.[app.name] && !ownRelease) continue;
    if (!deployTo.includes(cluster.spec.environment)) continue; // reported by the rules as an override that applies nowhere
    let merged = envRaw.get(cluster.spec.environment);
    const clusterLayers: SourceLayer[] = [];
    const appLayer: SourceLayer = { parsed: app.parsed, prefix: ['clusters', cluster.name] };
    const fromApp = checkedOverride(merged, app.spec.clusters?.[cluster.name], appLayer, bag);
    if (fromApp) {
      reportUselessRemovals([merged, body], fromApp, appLayer, bag);
      merged = mergeOverride(merged, fromApp);
      clusterLayers.push(appLayer);
    }
    const clusterLayer: SourceLayer = { parsed: cluster.parsed, prefix: ['apps', app.name] };
    const fromCluster = checkedOverride(merged, cluster.spec.apps?.[app.name], clusterLayer, bag);
    if (fromCluster) {
      reportUselessRemovals([merged, body], fromCluster, clusterLayer, bag);
      merged = mergeOverride(merged, fromCluster);
      clusterLayers.unshift(clusterLayer);
    }
    const all = [...clusterLayers, ...layers.get(`env:${cluster.spec.environment}`)!];
    layers.set(`cluster:${cluster.name}`, all);
    const resolved = withRelease(merged, cluster.spec.environment, cluster.name);
    const spec = resolved === undefined ? undefined : parseLayered(resolved, all, bag, removed, run);
    if (spec) clusterBodies.set(cluster.name, spec);
  }
  if (release) unusedReleaseValues(release, used, problems);
  for (const p of problems) {
    const at = p.where === 'file' ? [baseLayer] : (layers.get(p.where) ?? [baseLayer]);
    bag.add(diagnosticAt(at, p.path, p.atKey ?? false, p.message, p.hint));
  }
  return { envBodies, clusterBodies, layers };
}

/** The override with its named entries checked (override-entries.ts): problems reported, markers and unknown entries removed. */
function checkedOverride(below: unknown, written: unknown, layer: SourceLayer, bag: DiagnosticBag): unknown {
  if (written === undefined) return undefined;
  const override = overrideResourcesAsMap(written, below);
  const checked = checkOverrideEntries(below, override);
  for (const p of checked.problems) {
    if (p.kind === 'unknown') {
      bag.add(
        diagnosticAt(
          [layer],
          p.path,
          true,
          `${p.what} "${p.name}" does not exist in the app, so this override would add a new, incomplete one`,
          `${kindlessResource(p) ?? didYouMean(p.name, p.existing) ?? (p.existing.length ? `Existing: ${p.existing.join(', ')}.` : '')} To add a ${p.what} in this override, write it whole with ${NEW_MARKER}: true.`.trim(),
        ),
      );
    } else if (p.kind === 'renamed') {
      const field = p.path[p.path.length - 1] === 'kind' ? 'kind' : 'metadata.name';
      bag.add(
        diagnosticAt(
          [layer],
          p.path,
          false,
          `resource "${p.name}" is found by its kind and name, so an override cannot change its ${field}`,
          `To replace it, remove it (${p.name}: null) and add the other one whole with ${NEW_MARKER}: true under its own Kind/name.`,
        ),
      );
    } else {
      bag.add(
        diagnosticAt(
          [layer],
          p.path,
          true,
          p.existing.includes(p.name)
            ? `${p.what} "${p.name}" already exists; ${NEW_MARKER}: true marks only an entry this override adds`
            : `${NEW_MARKER} must be true (it marks an entry this override adds)`,
          p.existing.includes(p.name) ? `Remove ${NEW_MARKER}: true to change the existing ${p.what}.` : undefined,
        ),
      );
    }
  }
  return checked.override;
}

/** `shop-db` for `Cluster/shop-db`: an override names a resource by kind and name. */
function kindlessResource(p: OverrideEntryProblem): string | undefined {
  if (p.what !== 'resource' || p.name.includes('/')) return undefined;
  const match = p.existing.find((key) => key.endsWith(`/${p.name}`));
  return match && `An override names a resource Kind/name: did you mean "${match}"?`;
}

function reportUselessRemovals(bases: unknown[], override: unknown, layer: SourceLayer, bag: DiagnosticBag): void {
  for (const { path, siblings } of uselessRemovals(bases, override)) {
    const key = String(path[path.length - 1]);
    const where = path.length > 1 ? formatPath(path.slice(0, -1)) : 'the app';
    bag.add(
      diagnosticAt(
        [layer],
        path,
        true,
        `${key}: null removes nothing: ${where} has no "${key}"`,
        didYouMean(key, siblings) ?? 'Remove the line, or correct the key.',
      ),
    );
  }
}

const BODY_KEYS = Object.keys(AppBody.shape);

function pickBody(raw: Record<string, unknown>): Record<string, unknown> {
  return dict(Object.entries(raw).filter(([k]) => BODY_KEYS.includes(k)));
}

/** `removed`: values the file's own schema errors took out (recover.ts); their absence is not a second error. */
function parseLayered(data: unknown, layers: SourceLayer[], bag: DiagnosticBag, removed: Set<string>, run: SchemaRunner): AppBodySpec | undefined {
  const result = run(AppBody, data);
  if (result.success) return result.data;
  const issues = result.error.issues.filter((i) => !removed.has(formatPath(i.path.filter((p): p is string | number => typeof p !== 'symbol'))));
  if (issues.length === 0) return undefined;
  for (const d of zodIssuesToDiagnostics(new z.ZodError(issues), layers, AppBody, data)) bag.add(d);
  return undefined;
}

export type { NamedFile };
