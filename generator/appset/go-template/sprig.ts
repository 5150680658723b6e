/**
 * The Sprig functions ApplicationSet templates use, plus Argo CD's own
 * (normalize, slugify, toYaml, fromYaml, fromYamlArray). Sprig's env,
 * expandenv and getHostByName are removed by Argo CD; time and random
 * functions are left out because a preview must be deterministic.
 */
import { createHash } from 'node:crypto';
import path from 'node:path/posix';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { sanitizeName, slugify } from '../sanitize.ts';
import { asMap, type FunctionMap, type ParamType } from './functions.ts';
import { quoteGo } from './printf.ts';
import { formatV, type GoMap, type GoValue, isMap, isTrue, MISSING, toNumber } from './values.ts';

const str = (v: GoValue): string => (typeof v === 'string' ? v : formatV(v));
const listOf = (v: GoValue, fn: string): GoValue[] => {
  if (Array.isArray(v)) return v;
  throw new Error(`Cannot find ${fn} on type ${v === null ? 'nil' : typeof v}`);
};
const int = (v: GoValue): bigint => (typeof v === 'bigint' ? v : BigInt(Math.trunc(toNumber(typeof v === 'string' ? Number(v) : v))));

export const SPRIG: FunctionMap = {
  default: { params: ['any'], variadic: 'any', fn: (d: GoValue, ...given: GoValue[]) => (given.length === 0 || !isTrue(given[0]) ? d : given[0]) },
  empty: { params: ['any'], fn: (v: GoValue) => !isTrue(v) },
  coalesce: { params: [], variadic: 'any', fn: (...v: GoValue[]) => v.find(isTrue) ?? null },
  ternary: { params: ['any', 'any', 'bool'], fn: (a: GoValue, b: GoValue, c: boolean) => (c ? a : b) },
  dig: { params: ['any', 'any', 'any'], variadic: 'any', fn: dig },
  lower: { params: ['string'], fn: (s: string) => s.toLowerCase() },
  upper: { params: ['string'], fn: (s: string) => s.toUpperCase() },
  title: { params: ['string'], fn: (s: string) => s.replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase()) },
  trim: { params: ['string'], fn: (s: string) => s.trim() },
  trimAll: { params: ['string', 'string'], fn: (cut: string, s: string) => trimChars(s, cut) },
  trimPrefix: { params: ['string', 'string'], fn: (p: string, s: string) => (s.startsWith(p) ? s.slice(p.length) : s) },
  trimSuffix: { params: ['string', 'string'], fn: (x: string, s: string) => (x && s.endsWith(x) ? s.slice(0, -x.length) : s) },
  replace: { params: ['string', 'string', 'string'], fn: (o: string, n: string, s: string) => s.split(o).join(n) },
  contains: { params: ['string', 'string'], fn: (sub: string, s: string) => s.includes(sub) },
  hasPrefix: { params: ['string', 'string'], fn: (p: string, s: string) => s.startsWith(p) },
  hasSuffix: { params: ['string', 'string'], fn: (p: string, s: string) => s.endsWith(p) },
  quote: {
    params: [],
    variadic: 'any',
    fn: (...v: GoValue[]) =>
      v
        .filter((x) => x !== null)
        .map((x) => quoteGo(str(x)))
        .join(' '),
  },
  squote: {
    params: [],
    variadic: 'any',
    fn: (...v: GoValue[]) =>
      v
        .filter((x) => x !== null)
        .map((x) => `'${str(x)}'`)
        .join(' '),
  },
  cat: {
    params: [],
    variadic: 'any',
    fn: (...v: GoValue[]) =>
      v
        .filter((x) => x !== null)
        .map(str)
        .join(' '),
  },
  trunc: { params: ['int', 'string'], fn: (n: bigint, s: string) => (n >= 0n ? s.slice(0, Number(n)) : s.slice(Math.max(0, s.length + Number(n)))) },
  substr: {
    params: ['int', 'int', 'string'],
    fn: (a: bigint, b: bigint, s: string) =>
      a < 0n ? s.slice(0, Number(b)) : b < 0n || b > BigInt(s.length) ? s.slice(Number(a)) : s.slice(Number(a), Number(b)),
  },
  repeat: { params: ['int', 'string'], fn: (n: bigint, s: string) => s.repeat(Number(n)) },
  nospace: { params: ['string'], fn: (s: string) => s.replace(/\s+/g, '') },
  indent: { params: ['int', 'string'], fn: (n: bigint, s: string) => indent(Number(n), s) },
  nindent: { params: ['int', 'string'], fn: (n: bigint, s: string) => `\n${indent(Number(n), s)}` },
  join: { params: ['string', 'any'], fn: (sep: string, v: GoValue) => (Array.isArray(v) ? v.map(str).join(sep) : str(v)) },
  splitList: { params: ['string', 'string'], fn: (sep: string, s: string) => s.split(sep) },
  split: { params: ['string', 'string'], fn: (sep: string, s: string) => Object.fromEntries(s.split(sep).map((p, i) => [`_${i}`, p])) },
  list: { params: [], variadic: 'any', fn: (...v: GoValue[]) => v },
  dict: { params: [], variadic: 'any', fn: dict },
  get: { params: ['map', 'string'], fn: (d: GoMap, k: string) => (Object.hasOwn(d, k) ? d[k] : '') },
  hasKey: { params: ['map', 'string'], fn: (d: GoMap, k: string) => Object.hasOwn(d, k) },
  keys: { params: [], variadic: 'map', fn: (...ds: GoMap[]) => ds.flatMap((d) => Object.keys(d)) },
  first: { params: ['any'], fn: (v: GoValue) => listOf(v, 'first')[0] ?? null },
  last: { params: ['any'], fn: (v: GoValue) => listOf(v, 'last').at(-1) ?? null },
  has: { params: ['any', 'any'], fn: (n: GoValue, l: GoValue) => Array.isArray(l) && l.some((x) => x === n) },
  uniq: { params: ['any'], fn: (v: GoValue) => [...new Set(listOf(v, 'uniq'))] },
  sortAlpha: { params: ['any'], fn: (v: GoValue) => listOf(v, 'sortAlpha').map(str).sort() },
  toString: { params: ['any'] as ParamType[], fn: str },
  toJson: { params: ['any'], fn: (v: GoValue) => toJson(v) },
  mustToJson: { params: ['any'], fn: (v: GoValue) => toJson(v) },
  toRawJson: { params: ['any'], fn: (v: GoValue) => toJson(v) },
  toPrettyJson: { params: ['any'], fn: (v: GoValue) => toJson(v, 2) },
  mustToPrettyJson: { params: ['any'], fn: (v: GoValue) => toJson(v, 2) },
  fromJson: { params: ['string'], fn: (s: string) => mustFromJson(s, false) },
  mustFromJson: { params: ['string'], fn: (s: string) => mustFromJson(s, true) },
  toYaml: { params: ['any'], fn: (v: GoValue) => stringifyYaml(JSON.parse(toJson(v)), { sortMapEntries: true, lineWidth: 0 }).replace(/\n$/, '') },
  fromYaml: { params: ['string'], fn: (s: string) => yamlInto(s, 'map') },
  fromYamlArray: { params: ['string'], fn: (s: string) => yamlInto(s, 'list') },
  base: { params: ['string'], fn: (s: string) => path.basename(s) || (s.startsWith('/') ? '/' : '.') },
  dir: { params: ['string'], fn: (s: string) => path.dirname(s) },
  ext: { params: ['string'], fn: (s: string) => path.extname(s) },
  clean: { params: ['string'], fn: (s: string) => path.normalize(s).replace(/(.)\/$/, '$1') },
  b64enc: { params: ['string'], fn: (s: string) => Buffer.from(s).toString('base64') },
  b64dec: { params: ['string'], fn: (s: string) => Buffer.from(s, 'base64').toString('utf8') },
  sha256sum: { params: ['string'], fn: (s: string) => createHash('sha256').update(s).digest('hex') },
  sha1sum: { params: ['string'], fn: (s: string) => createHash('sha1').update(s).digest('hex') },
  atoi: { params: ['string'], fn: (s: string) => (/^[+-]?\d+$/.test(s) ? BigInt(s) : 0n) },
  int: { params: ['any'], fn: int },
  int64: { params: ['any'], fn: int },
  float64: { params: ['any'], fn: (v: GoValue) => toNumber(typeof v === 'string' ? Number(v) : v) },
  add: { params: [], variadic: 'any', fn: (...v: GoValue[]) => v.reduce<bigint>((a, b) => a + int(b), 0n) },
  add1: { params: ['any'], fn: (v: GoValue) => int(v) + 1n },
  sub: { params: ['any', 'any'], fn: (a: GoValue, b: GoValue) => int(a) - int(b) },
  mul: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => v.reduce<bigint>((x, y) => x * int(y), int(a)) },
  div: { params: ['any', 'any'], fn: (a: GoValue, b: GoValue) => int(a) / int(b) },
  mod: { params: ['any', 'any'], fn: (a: GoValue, b: GoValue) => int(a) % int(b) },
  // biome-ignore lint/complexity/useMathMinMax: Go ints are bigints here, which Math.max does not take
  max: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => v.map(int).reduce((x, y) => (y > x ? y : x), int(a)) },
  // biome-ignore lint/complexity/useMathMinMax: Go ints are bigints here, which Math.min does not take
  min: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => v.map(int).reduce((x, y) => (y < x ? y : x), int(a)) },
  regexMatch: { params: ['string', 'string'], fn: (re: string, s: string) => new RegExp(re, 'u').test(s) },
  regexFind: { params: ['string', 'string'], fn: (re: string, s: string) => new RegExp(re, 'u').exec(s)?.[0] ?? '' },
  regexReplaceAll: {
    params: ['string', 'string', 'string'],
    fn: (re: string, s: string, r: string) => s.replace(new RegExp(re, 'gu'), r.replace(/\$\{(\w+)\}/g, '$<$1>')),
  },
  normalize: { params: ['string'], fn: sanitizeName },
  slugify: { params: [], variadic: 'any', fn: slugifyArgs },
};

/** dig "k1" "k2" DEFAULT DICT: walks nested maps; a missing key yields DEFAULT; a non-map step panics as in Sprig. */
function dig(...args: GoValue[]): GoValue {
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

function dict(...v: GoValue[]): GoMap {
  const out: GoMap = {};
  for (let i = 0; i < v.length; i += 2) out[str(v[i])] = i + 1 < v.length ? v[i + 1] : '';
  return out;
}

function slugifyArgs(...args: GoValue[]): string {
  const name = args.length ? args.at(-1) : '';
  const max = args.length > 1 ? args[0] : 50n;
  const smart = args.length > 2 ? args[1] : true;
  if (typeof name !== 'string' || typeof max !== 'bigint' || typeof smart !== 'boolean') throw new Error('bad slugify arguments');
  return slugify(name, Number(max), smart);
}

function trimChars(s: string, cut: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && cut.includes(s[start])) start++;
  while (end > start && cut.includes(s[end - 1])) end--;
  return s.slice(start, end);
}

function indent(n: number, s: string): string {
  const pad = ' '.repeat(n);
  return pad + s.replace(/\n/g, `\n${pad}`);
}

/** encoding/json: map keys sorted, HTML characters escaped as Go does. */
export function toJson(v: GoValue, spaces?: number): string {
  return JSON.stringify(toPlain(v), null, spaces).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

function toPlain(v: GoValue): unknown {
  if (v === MISSING) return null;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (isMap(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, toPlain(v[k])]),
    );
  return v;
}

/**
 * Plain parsed JSON/YAML as template values (numbers stay float64, as encoding/json decodes them).
 * An undefined field is absent, as it would be once the object is written out and read back.
 */
export function fromPlain(v: unknown): GoValue {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(fromPlain);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, fromPlain(x)]),
    );
  return v as GoValue;
}

/** sigs.k8s.io/yaml.Unmarshal into a map or a list: YAML 1.1, then encoding/json's type check. */
function yamlInto(text: string, want: 'map' | 'list'): GoValue {
  const value: unknown = parseYaml(text, { version: '1.1', uniqueKeys: false });
  if (value === null || value === undefined) return want === 'map' ? {} : [];
  const kind = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value;
  if ((want === 'map') !== (kind === 'object') || (want === 'list' && kind !== 'array'))
    throw new Error(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type ${want === 'map' ? 'map[string]interface {}' : '[]interface {}'}`,
    );
  return fromPlain(value);
}

/** encoding/json into interface{}: fromJson gives nil on bad input, mustFromJson the error. */
function mustFromJson(text: string, must: boolean): GoValue {
  try {
    return fromPlain(JSON.parse(text));
  } catch (error) {
    if (!must) return null;
    throw new Error(`invalid character in JSON: ${(error as Error).message}`);
  }
}
