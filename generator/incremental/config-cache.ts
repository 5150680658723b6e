/**
 * Parsed and validated config, remembered across runs. Both steps are pure:
 * parsing depends only on a file's name and text, a schema's result only on
 * its input data. So each result is keyed by a hash of exactly that input,
 * and a run parses or validates only what it has not seen before — typically
 * the one file that changed and the variants built from it.
 *
 * Only clean successes are kept: a failure runs again and reports itself as it did.
 * Values come back as fresh copies (validation inlines files into its output),
 * with the same prototype-free maps as the original (model/dict.ts): a name like
 * `constructor` must not find a prototype's member in a value from the cache.
 */
import v8 from 'node:v8';
import type { z } from 'zod';
import { parseConfigYaml, withDocumentOnDemand } from '../load/parse-yaml.ts';
import type { ConfigParser } from '../load/read-fleet.ts';
import { dict } from '../model/dict.ts';
import { combine, contentHash, dataHash } from '../model/hash.ts';
import { App, AppBody } from '../validate/schema/app.ts';
import { Cluster } from '../validate/schema/cluster.ts';
import { Fleet } from '../validate/schema/fleet.ts';
import type { SchemaRunner } from '../validate/validate-fleet.ts';
import type { EntryLog } from './store.ts';

/**
 * The schemas whose results are kept, by name. The cache is tied to the generator's sources,
 * so a name always means this generator's schema; a schema not named here is simply run.
 */
const SCHEMAS = new Map<z.ZodType, string>([
  [Fleet, 'Fleet'],
  [Cluster, 'Cluster'],
  [App, 'App'],
  [AppBody, 'AppBody'],
]);

export class ConfigCache {
  /** Data hashed in this run, by identity: variants without an override are their app's body, hashed once. */
  private readonly hashes = new WeakMap<object, string>();
  stats = { parsed: 0, parseHits: 0, validated: 0, validateHits: 0 };

  constructor(private readonly log: EntryLog) {}

  readonly parse: ConfigParser = (file, text) => {
    const key = combine('parse', file, contentHash(text));
    const known = this.log.get(key);
    if (known) {
      this.stats.parseHits++;
      // As parseConfigYaml reads it: a byte order mark is not part of the text positions count in.
      const shown = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      return { ok: true, parsed: withDocumentOnDemand(file, shown, thaw(known) as Record<string, unknown>), diagnostics: [] };
    }
    this.stats.parsed++;
    const result = parseConfigYaml(file, text);
    if (result.ok && result.diagnostics.length === 0) this.keep(key, result.parsed.value);
    return result;
  };

  readonly runSchema: SchemaRunner = <S extends z.ZodType>(schema: S, data: unknown) => {
    type Result = z.ZodSafeParseResult<z.output<S>>;
    const name = SCHEMAS.get(schema);
    if (!name) return schema.safeParse(data) as Result;
    const key = combine('schema', name, this.hashOf(data));
    const known = this.log.get(key);
    if (known) {
      this.stats.validateHits++;
      return { success: true, data: thaw(known) } as Result;
    }
    this.stats.validated++;
    const result = schema.safeParse(data);
    if (result.success) this.keep(key, result.data);
    return result as Result;
  };

  private keep(key: string, value: unknown): void {
    try {
      this.log.set(key, freeze(value));
    } catch {
      // A value that cannot be copied faithfully (a function, a Map, a class instance): not cached, computed again next time.
    }
  }

  private hashOf(data: unknown): string {
    if (data === null || typeof data !== 'object') return dataHash(data);
    let hash = this.hashes.get(data);
    if (!hash) {
      hash = dataHash(data);
      this.hashes.set(data, hash);
    }
    return hash;
  }
}

/**
 * V8's serialization, with each prototype-free map stored as a Map so that it
 * comes back prototype-free (V8 gives every object back with Object.prototype).
 * Anything else that is not plain data makes it throw.
 */
function freeze(value: unknown): Buffer {
  return v8.serialize(encode(value));
}

function thaw(bytes: Buffer): unknown {
  return decode(v8.deserialize(bytes));
}

function encode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new Error('not data');
    return value;
  }
  if (Array.isArray(value)) return value.map(encode);
  const proto = Object.getPrototypeOf(value);
  const entries = Object.keys(value).map((k) => [k, encode((value as Record<string, unknown>)[k])] as const);
  if (proto === null) return new Map(entries);
  if (proto !== Object.prototype) throw new Error('not data');
  return Object.fromEntries(entries);
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  if (value instanceof Map) return dict([...value].map(([k, v]) => [k as string, decode(v)] as const));
  // fromEntries defines each key as an own property, `__proto__` included.
  return Object.fromEntries(Object.keys(value).map((k) => [k, decode((value as Record<string, unknown>)[k])]));
}
