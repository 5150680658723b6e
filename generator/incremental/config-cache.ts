/**
 * Parsed and validated config, remembered across runs. Both steps are pure:
 * parsing depends only on a file's name and text, a schema's result only on
 * its input data. So a file that parsed cleanly is marked under its name and
 * content hash (its data is parsed again only where it is asked for), and the
 * schema result of a whole file (fleet, cluster, app) is kept under the same
 * key: a run parses and validates only the files that changed. An app's
 * variants (its body merged with environment and cluster overrides, each
 * validated) are kept under the keys of what they are resolved from: the app's
 * file, the environments, and each cluster that takes part with its own file's
 * key where it overrides the app — never by hashing the merged data, which
 * costs about what validating it does. The findings of an app's rules are kept
 * under the same keys plus the files it inlines and the fleet file, with the
 * questions the rules asked about other apps and the clusters (rules/peers.ts);
 * the hash of its plan under those keys and the clusters the plan reads.
 *
 * Only clean successes are kept (for rules: findings without an error): a
 * failure runs again and reports itself as it did.
 * Values come back as fresh copies no other run or caller holds (validation
 * inlines files into its output; an app's variants share their equal parts only
 * with each other and with its spec, as planning shares them anyway), with the
 * same prototype-free maps as the original (model/dict.ts): a name like
 * `constructor` must not find a prototype's member in a value from the cache.
 */
import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics.ts';
import { type ParsedFile, parseConfigYaml, withDocumentOnDemand } from '../load/parse-yaml.ts';
import type { ConfigParser } from '../load/read-fleet.ts';
import { combine, contentHash, dataHash } from '../model/hash.ts';
import { differsOnEveryCluster } from '../plan/build-plan.ts';
import type { Peers } from '../validate/rules/peers.ts';
import { App } from '../validate/schema/app.ts';
import { Cluster } from '../validate/schema/cluster.ts';
import { Fleet } from '../validate/schema/fleet.ts';
import type { AppInput, ResolvedVariants, SchemaRunner, ValidApp, ValidatedFleet, ValidationCache, ValidCluster } from '../validate/validate-fleet.ts';
import type { SourceLayer } from '../validate/zod-errors.ts';
import { decodeShared, freeze, parseFrozen, shareWith, thaw } from './codec.ts';
import { type RecordedCall, Replayer, recording } from './recorder.ts';
import type { EntryLog } from './store.ts';

/** A parse entry's value: the file parsed without a problem (its data is parsed again when asked for). */
const PARSED_CLEANLY = Buffer.alloc(0);

/**
 * The schemas whose results are kept, by name. The cache is tied to the generator's sources,
 * so a name always means this generator's schema; a schema not named here is simply run.
 */
const SCHEMAS = new Map<z.ZodType, string>([
  [Fleet, 'Fleet'],
  [Cluster, 'Cluster'],
  [App, 'App'],
]);

/** The fleet file's key, and per environment a key of its clusters' names and files. */
interface ClustersByEnvironment {
  fleet: string;
  every: Map<string, string>;
  withSettings: Map<string, string>;
}

/**
 * ResolvedVariants as stored: maps as entry lists, each layer's file as null (the app's) or the cluster's name;
 * the first environment's body shared with the app's spec (codec.ts shareWith), each other environment's with the
 * first's, each cluster's with its environment's.
 */
interface StoredVariants {
  env: [string, unknown][];
  clusters: [string, unknown][];
  layers: [string, [string | null, SourceLayer['prefix']][]][];
}

export class ConfigCache implements ValidationCache {
  /** The parse key of each file's data this run, by identity: a file schema's input is exactly that data. */
  private readonly fileKeys = new WeakMap<object, string>();
  /** The same key by parsed file, so that a file whose results all come from here is never read back as data. */
  private readonly parsedKeys = new WeakMap<ParsedFile, string>();
  stats = {
    parsed: 0,
    parseHits: 0,
    dataRead: 0,
    validated: 0,
    validateHits: 0,
    variants: 0,
    variantHits: 0,
    rules: 0,
    ruleHits: 0,
  };
  /** This run's key of each app's variants: part of its rules' key. */
  private readonly variantKeys = new Map<string, string>();
  /** This run's key of everything an app's plan is made from (see planHash). */
  private readonly planInputKeys = new Map<string, string>();
  /** The clusters' keys of this run's fleet (clustersByEnvironment). */
  private clusterKeys: { fleet: ValidatedFleet; keys: ClustersByEnvironment | undefined } | undefined;
  /** Answers of this run's peers view, each asked once however many apps asked it. */
  private replay: { peers: Peers; replayer: Replayer; hashAnswer: (answer: unknown) => string } | undefined;

  constructor(private readonly log: EntryLog) {}

  readonly parse: ConfigParser = (file, text) => {
    const key = combine('parse', file, contentHash(text));
    const known = this.log.get(key);
    if (known) {
      this.stats.parseHits++;
      // As parseConfigYaml reads it: a byte order mark is not part of the text positions count in.
      const shown = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      const parsed = withDocumentOnDemand(file, shown, () => {
        this.stats.dataRead++;
        // Parsed again: the entry keeps only that the file parsed cleanly. Its data is asked for only where its
        // results are not all kept (a file whose schema failed, an app whose variants are resolved anew), and
        // kept whole it was a third of the log that every run reads.
        const again = parseConfigYaml(file, text);
        if (!again.ok) throw new Error(`${file} parsed cleanly before and not now (this is a bug)`);
        const value = again.parsed.value;
        this.fileKeys.set(value, key);
        return value;
      });
      this.parsedKeys.set(parsed, key);
      return { ok: true, parsed, diagnostics: [] };
    }
    this.stats.parsed++;
    const result = parseConfigYaml(file, text);
    if (result.ok && result.diagnostics.length === 0) {
      this.log.set(key, PARSED_CLEANLY);
      this.fileKeys.set(result.parsed.value, key);
      this.parsedKeys.set(result.parsed, key);
    }
    return result;
  };

  knownFileSpec<S extends z.ZodType>(schema: S, parsed: ParsedFile): z.output<S> | undefined {
    const name = SCHEMAS.get(schema);
    const file = name && this.parsedKeys.get(parsed);
    const known = file && this.log.get(combine('schema', name, file));
    if (!known) return undefined;
    this.stats.validateHits++;
    return thaw(known) as z.output<S>;
  }

  readonly runSchema: SchemaRunner = <S extends z.ZodType>(schema: S, data: unknown) => {
    type Result = z.ZodSafeParseResult<z.output<S>>;
    const name = SCHEMAS.get(schema);
    const file = name && data !== null && typeof data === 'object' ? this.fileKeys.get(data) : undefined;
    // Data that is not a whole file as parsed (a variant merged from several layers) is validated each run:
    // hashing it costs about what zod does.
    if (!name || !file) return schema.safeParse(data) as Result;
    const key = combine('schema', name, file);
    const known = this.log.get(key);
    if (known) {
      this.stats.validateHits++;
      return { success: true, data: thaw(known) } as Result;
    }
    this.stats.validated++;
    const result = schema.safeParse(data);
    if (result.success) this.keep(key, () => result.data);
    return result as Result;
  };

  variants(app: AppInput, envNames: string[], clusters: ValidCluster[], compute: () => { resolved: ResolvedVariants; clean: boolean }): ResolvedVariants {
    const key = this.variantsKey(app, envNames, clusters);
    if (key) this.variantKeys.set(app.name, key);
    const known = key && this.log.get(key);
    if (known) {
      this.stats.variantHits++;
      return fromStored(parseFrozen(known) as StoredVariants, app, clusters);
    }
    this.stats.variants++;
    const { resolved, clean } = compute();
    if (key && clean) this.keep(key, () => toStored(resolved, app, clusters));
    return resolved;
  }

  /**
   * Findings of an app's rules, kept under what they read themselves — its
   * variants' key, the files it inlines, the fleet file — with the questions
   * they asked `peers` (other apps, clusters) and a hash of each answer. They
   * stand while every question gets the same answer. Warnings are kept (they
   * are part of the answer); errors are found again by running, as elsewhere
   * here.
   */
  appRules(app: ValidApp, inlined: string, fleet: ValidatedFleet, peers: Peers, compute: (peers: Peers) => Diagnostic[]): Diagnostic[] {
    const variants = this.variantKeys.get(app.name);
    const fleetFile = this.parsedKeys.get(fleet.fleetFile);
    const clusters = this.planClustersKey(app, fleet);
    // The plan also reads clusters the rules do not: its hash is kept under those too (planHash).
    if (variants && clusters) this.planInputKeys.set(app.name, combine(variants, inlined, clusters));
    const key = variants && fleetFile && combine('rules', variants, inlined, fleetFile);
    const known = key && this.log.get(key);
    if (this.replay?.peers !== peers) {
      const hashAnswer = sameAnswerOnce();
      this.replay = { peers, replayer: new Replayer(peers, hashAnswer), hashAnswer };
    }
    if (known) {
      const { calls, findings } = thaw(known) as { calls: RecordedCall[]; findings: Diagnostic[] };
      if (this.replay.replayer.matches(calls)) {
        this.stats.ruleHits++;
        return findings;
      }
    }
    this.stats.rules++;
    const calls: RecordedCall[] = [];
    const found = compute(recording(peers, calls, this.replay.hashAnswer));
    if (key && !found.some((d) => d.severity === 'error')) this.keep(key, () => ({ calls, findings: found }));
    return found;
  }

  /**
   * The hash of an app's plan, kept under what the plan is made from: its
   * variants' key, the files it inlines, the fleet file and the clusters the
   * plan reads (planClustersKey). Hashing every plan was a tenth of a run that
   * changed one app, and half of one that added a cluster.
   */
  planHash(app: string, compute: () => string): string {
    const inputs = this.planInputKeys.get(app);
    const key = inputs && combine('plan', inputs);
    const known = key && this.log.get(key);
    if (known) return known.toString('latin1');
    const hash = compute();
    if (key) this.log.set(key, Buffer.from(hash, 'latin1'));
    return hash;
  }

  /**
   * The fleet file and the clusters an app's plan reads (plan/build-plan.ts
   * planApp): in each of its environments, every cluster — name and file —
   * where a variant names the cluster or region in its files (then each cluster
   * has a variant of its own), else only those that set settings of their own
   * (a cluster that differs from its environment may need a variant). A cluster
   * that overrides the app is in the variants' key already. Undefined when a
   * file has no key.
   */
  private planClustersKey(app: ValidApp, fleet: ValidatedFleet): string | undefined {
    const byEnv = this.clustersByEnvironment(fleet);
    if (!byEnv) return undefined;
    const parts = [byEnv.fleet];
    for (const [env, body] of app.envBodies) {
      parts.push(env, (differsOnEveryCluster(body) ? byEnv.every : byEnv.withSettings).get(env) ?? '-');
    }
    return combine(...parts);
  }

  /** Per environment, a key of its clusters (every one, and those with settings of their own), once per fleet. */
  private clustersByEnvironment(fleet: ValidatedFleet): ClustersByEnvironment | undefined {
    if (this.clusterKeys?.fleet !== fleet) {
      const fleetFile = this.parsedKeys.get(fleet.fleetFile);
      const every = new Map<string, string[]>();
      const withSettings = new Map<string, string[]>();
      const add = (lists: Map<string, string[]>, env: string, parts: string[]) => {
        const list = lists.get(env);
        if (list) list.push(...parts);
        else lists.set(env, [...parts]);
      };
      let keyed = fleetFile !== undefined;
      for (const c of fleet.clusters) {
        const file = this.parsedKeys.get(c.parsed);
        if (file === undefined) keyed = false;
        add(every, c.spec.environment, [c.name, file ?? '']);
        if (c.spec.settings !== undefined) add(withSettings, c.spec.environment, [c.name, file ?? '']);
      }
      // A cluster whose file did not validate is in the fleet but not in `clusters`: its name must count too.
      const incomplete = [...fleet.incomplete.clusters].sort();
      const keyOf = (lists: Map<string, string[]>) => new Map([...lists].map(([env, list]) => [env, combine(...list)]));
      this.clusterKeys = {
        fleet,
        keys: keyed ? { fleet: combine(fleetFile!, ...incomplete), every: keyOf(every), withSettings: keyOf(withSettings) } : undefined,
      };
    }
    return this.clusterKeys.keys;
  }

  /**
   * Everything resolving an app's variants reads: the app's file, the environments, and each cluster
   * that takes part — its name and environment, and its file where it overrides the app. An app with a
   * release checks it against every cluster, so then every cluster takes part. Undefined when a file
   * has no key (not parsed through this cache): then nothing is kept.
   */
  private variantsKey(app: AppInput, envNames: string[], clusters: ValidCluster[]): string | undefined {
    const appKey = this.parsedKeys.get(app.parsed);
    if (!appKey) return undefined;
    const parts = ['variants', appKey, String(envNames.length), ...envNames];
    const everyCluster = app.spec.release !== undefined;
    for (const c of clusters) {
      const overrides = c.spec.apps !== undefined && Object.hasOwn(c.spec.apps, app.name);
      if (!everyCluster && !overrides && !(app.spec.clusters && Object.hasOwn(app.spec.clusters, c.name))) continue;
      const clusterKey = overrides ? this.parsedKeys.get(c.parsed) : '-';
      if (!clusterKey) return undefined;
      parts.push(c.name, c.spec.environment, clusterKey);
    }
    return combine(...parts);
  }

  private keep(key: string, value: () => unknown): void {
    try {
      this.log.set(key, freeze(value()));
    } catch {
      // A value that cannot be copied faithfully (a function, a Map, a class instance): not cached, computed again next time.
    }
  }
}

/**
 * dataHash, once per answer: the peers view gives the same object for the same
 * question (an app's components), and hundreds of apps ask it.
 */
function sameAnswerOnce(): (answer: unknown) => string {
  const hashes = new WeakMap<object, string>();
  return (answer) => {
    if (answer === null || typeof answer !== 'object') return dataHash(answer);
    let hash = hashes.get(answer);
    if (hash === undefined) {
      hash = dataHash(answer);
      hashes.set(answer, hash);
    }
    return hash;
  };
}

interface ClusterIndex {
  nameOf: Map<ParsedFile, string>;
  parsedOf: Map<string, ParsedFile>;
  environmentOf: Map<string, string>;
}

const clusterIndexes = new WeakMap<ValidCluster[], ClusterIndex>();

/** Made once per run's cluster list, not once per app: at L, 2,000 apps × 200 clusters of map entries. */
function clusterIndex(clusters: ValidCluster[]): ClusterIndex {
  let index = clusterIndexes.get(clusters);
  if (!index) {
    index = {
      nameOf: new Map(clusters.map((c) => [c.parsed, c.name])),
      parsedOf: new Map(clusters.map((c) => [c.name, c.parsed])),
      environmentOf: new Map(clusters.map((c) => [c.name, c.spec.environment])),
    };
    clusterIndexes.set(clusters, index);
  }
  return index;
}

function toStored(resolved: ResolvedVariants, app: AppInput, clusters: ValidCluster[]): StoredVariants {
  const { nameOf: clusterOf, environmentOf } = clusterIndex(clusters);
  const fileOf = (layer: SourceLayer): string | null => {
    if (layer.parsed === app.parsed) return null;
    const name = clusterOf.get(layer.parsed);
    if (name === undefined) throw new Error('a layer from a file that is neither the app nor a cluster'); // not kept
    return name;
  };
  const [first] = resolved.envBodies.values();
  return {
    env: [...resolved.envBodies].map(([env, body], i) => [env, shareWith(body, i === 0 ? app.spec : first)]),
    clusters: [...resolved.clusterBodies].map(([cluster, body]) => [cluster, shareWith(body, resolved.envBodies.get(environmentOf.get(cluster)!))]),
    layers: [...resolved.layers].map(([variant, layers]) => [variant, layers.map((l) => [fileOf(l), l.prefix])]),
  };
}

function fromStored(stored: StoredVariants, app: AppInput, clusters: ValidCluster[]): ResolvedVariants {
  const { parsedOf, environmentOf } = clusterIndex(clusters);
  const first = stored.env[0] && decodeShared(stored.env[0][1], app.spec);
  const envBodies = new Map(stored.env.map(([env, body], i) => [env, i === 0 ? first : decodeShared(body, first)])) as ResolvedVariants['envBodies'];
  return {
    envBodies,
    clusterBodies: new Map(
      stored.clusters.map(([cluster, body]) => [cluster, decodeShared(body, envBodies.get(environmentOf.get(cluster)!))]),
    ) as ResolvedVariants['clusterBodies'],
    layers: new Map(
      stored.layers.map(([variant, layers]) => [
        variant,
        layers.map(([file, prefix]) => ({ parsed: file === null ? app.parsed : parsedOf.get(file)!, prefix })),
      ]),
    ),
  };
}
