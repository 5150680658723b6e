/** Sprig's dict functions (dict.go) and defaults.go's JSON and flow helpers. */
import type { FunctionMap } from '../functions.ts';
import { asMap } from '../functions.ts';
import { formatV, type GoMap, GoStruct, type GoValue, isMap, MISSING } from '../values.ts';
import { emptyValue } from './lists.ts';
import { strval } from './strings.ts';

/** mergo.Merge(&dst, src) (with override: WithOverride) on maps, into dst itself as Go's maps are. */
export function mergeInto(dst: GoMap, src: GoMap, override: boolean): GoMap {
  for (const [key, s] of Object.entries(src)) {
    if (s === null || s === MISSING) {
      if (override) dst[key] = null;
      continue;
    }
    const d = dst[key];
    if (isMap(s) && isMap(d)) {
      mergeInto(d, s, override);
      if (!emptyValue(d)) continue;
    } else if (Object.hasOwn(dst, key) && !emptyValue(d) && Array.isArray(s)) {
      if (override) dst[key] = s;
      continue;
    }
    if (override || !Object.hasOwn(dst, key) || emptyValue(d)) dst[key] = s;
  }
  return dst;
}

function dig(...args: GoValue[]): GoValue {
  if (args.length < 3) throw new Error('dig needs at least three arguments');
  let dict = asMap(args.at(-1)!, 'dig');
  const fallback = args.at(-2)!;
  const keys = args.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw new Error(`interface conversion: interface {} is ${formatV(k)}, not string`);
    return k;
  });
  for (let i = 0; i < keys.length; i++) {
    if (!Object.hasOwn(dict, keys[i])) return fallback;
    const step = dict[keys[i]];
    if (i === keys.length - 1) return step;
    dict = asMap(step, 'dig');
  }
  return fallback;
}

export function deepCopy(v: GoValue): GoValue {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepCopy(x)]));
  return v === MISSING ? null : v;
}

/** encoding/json: keys sorted, <, > and & escaped unless raw, U+2028 and U+2029 always escaped. */
export function toJson(v: GoValue, options: { indent?: number; escapeHtml?: boolean } = {}): string {
  const text = JSON.stringify(toPlain(v), null, options.indent) ?? 'null';
  const escaped = options.escapeHtml === false ? text : text.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
  return escaped.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function toPlain(v: GoValue): unknown {
  if (v === MISSING) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`json: unsupported value: ${formatV(v)}`);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof GoStruct) return v.toJSON();
  if (isMap(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, toPlain(v[k])]),
    );
  return v;
}

function parseJson(text: string): GoValue {
  return fromJsonValue(JSON.parse(text));
}

function fromJsonValue(v: unknown): GoValue {
  if (Array.isArray(v)) return v.map(fromJsonValue);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJsonValue(x)]));
  return v as GoValue;
}

const swallow =
  <T>(f: () => T, fallback: T): (() => T) =>
  () => {
    try {
      return f();
    } catch {
      return fallback;
    }
  };

export const DICTS: FunctionMap = {
  dict: {
    params: [],
    variadic: 'any',
    fn: (...v: GoValue[]) => {
      const out: GoMap = {};
      for (let i = 0; i < v.length; i += 2) out[strval(v[i])] = i + 1 < v.length ? v[i + 1] : '';
      return out;
    },
  },
  get: { params: ['map', 'string'], fn: (d: GoMap, k: string) => (Object.hasOwn(d, k) ? d[k] : '') },
  set: {
    params: ['map', 'string', 'any'],
    fn: (d: GoMap, k: string, v: GoValue) => {
      d[k] = v;
      return d;
    },
  },
  unset: {
    params: ['map', 'string'],
    fn: (d: GoMap, k: string) => {
      delete d[k];
      return d;
    },
  },
  hasKey: { params: ['map', 'string'], fn: (d: GoMap, k: string) => Object.hasOwn(d, k) },
  pluck: { params: ['string'], variadic: 'map', fn: (k: string, ...ds: GoMap[]) => ds.filter((d) => Object.hasOwn(d, k)).map((d) => d[k]) },
  keys: { params: [], variadic: 'map', fn: (...ds: GoMap[]) => ds.flatMap((d) => Object.keys(d)) },
  pick: {
    params: ['map'],
    variadic: 'string',
    fn: (d: GoMap, ...ks: string[]) => Object.fromEntries(ks.filter((k) => Object.hasOwn(d, k)).map((k) => [k, d[k]])),
  },
  omit: {
    params: ['map'],
    variadic: 'string',
    fn: (d: GoMap, ...ks: string[]) => Object.fromEntries(Object.entries(d).filter(([k]) => !ks.includes(k))),
  },
  merge: { params: ['map'], variadic: 'map', fn: (dst: GoMap, ...srcs: GoMap[]) => srcs.reduce((d, s) => mergeInto(d, s, false), dst) },
  mustMerge: { params: ['map'], variadic: 'map', fn: (dst: GoMap, ...srcs: GoMap[]) => srcs.reduce((d, s) => mergeInto(d, s, false), dst) },
  mergeOverwrite: { params: ['map'], variadic: 'map', fn: (dst: GoMap, ...srcs: GoMap[]) => srcs.reduce((d, s) => mergeInto(d, s, true), dst) },
  mustMergeOverwrite: { params: ['map'], variadic: 'map', fn: (dst: GoMap, ...srcs: GoMap[]) => srcs.reduce((d, s) => mergeInto(d, s, true), dst) },
  values: { params: ['map'], fn: (d: GoMap) => Object.values(d) },
  dig: { params: ['any', 'any', 'any'], variadic: 'any', fn: dig },
  deepCopy: { params: ['any'], fn: deepCopy },
  mustDeepCopy: { params: ['any'], fn: deepCopy },
  default: { params: ['any'], variadic: 'any', fn: (d: GoValue, ...given: GoValue[]) => (given.length === 0 || emptyValue(given[0]) ? d : given[0]) },
  empty: { params: ['any'], fn: emptyValue },
  coalesce: { params: [], variadic: 'any', fn: (...v: GoValue[]) => v.find((x) => !emptyValue(x)) ?? null },
  all: { params: [], variadic: 'any', fn: (...v: GoValue[]) => v.every((x) => !emptyValue(x)) },
  any: { params: [], variadic: 'any', fn: (...v: GoValue[]) => v.some((x) => !emptyValue(x)) },
  ternary: { params: ['any', 'any', 'bool'], fn: (a: GoValue, b: GoValue, c: boolean) => (c ? a : b) },
  fromJson: { params: ['string'], fn: (s: string) => swallow(() => parseJson(s), null)() },
  mustFromJson: { params: ['string'], fn: parseJson },
  toJson: { params: ['any'], fn: (v: GoValue) => swallow(() => toJson(v), '')() },
  mustToJson: { params: ['any'], fn: (v: GoValue) => toJson(v) },
  toPrettyJson: { params: ['any'], fn: (v: GoValue) => swallow(() => toJson(v, { indent: 2 }), '')() },
  mustToPrettyJson: { params: ['any'], fn: (v: GoValue) => toJson(v, { indent: 2 }) },
  toRawJson: { params: ['any'], fn: (v: GoValue) => toJson(v, { escapeHtml: false }) },
  mustToRawJson: { params: ['any'], fn: (v: GoValue) => toJson(v, { escapeHtml: false }) },
  fail: {
    params: ['string'],
    fn: (msg: string) => {
      throw new Error(msg);
    },
  },
};
