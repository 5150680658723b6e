/** text/template's predefined functions (and, or, not, len, index, slice, print*, html, js, urlquery, call, comparisons). */
import type { FunctionMap } from './functions.ts';
import { bytesOf, isPrint } from './gostrings.ts';
import { sprint, sprintf, sprintln } from './printf.ts';
import { type GoValue, goEqual, goLess, goTypeName, isMap, isTrue, MISSING } from './values.ts';

export const BUILTINS: FunctionMap = {
  // Evaluated lazily by exec.ts; listed here so the parser knows the names.
  and: { params: ['any'], variadic: 'any', fn: () => null },
  or: { params: ['any'], variadic: 'any', fn: () => null },
  not: { params: ['any'], fn: (v: GoValue) => !isTrue(v) },
  len: { params: ['any'], fn: length },
  index: { params: ['any'], variadic: 'any', fn: index },
  slice: { params: ['any'], variadic: 'any', fn: slice },
  print: { params: [], variadic: 'any', fn: (...a: GoValue[]) => sprint(a) },
  printf: { params: ['string'], variadic: 'any', fn: (f: string, ...a: GoValue[]) => sprintf(f, a) },
  println: { params: [], variadic: 'any', fn: (...a: GoValue[]) => sprintln(a) },
  eq: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...rest: GoValue[]) => eq(a, rest) },
  ne: { params: ['any', 'any'], fn: (a: GoValue, b: GoValue) => !goEqual(a, b) },
  lt: { params: ['any', 'any'], fn: (a: GoValue, b: GoValue) => goLess(a, b) },
  le: { params: ['any', 'any'], fn: (a: GoValue, b: GoValue) => goLess(a, b) || goEqual(a, b) },
  gt: { params: ['any', 'any'], fn: (a: GoValue, b: GoValue) => !goLess(a, b) && !goEqual(a, b) },
  ge: { params: ['any', 'any'], fn: (a: GoValue, b: GoValue) => !goLess(a, b) },
  html: { params: [], variadic: 'any', fn: (...a: GoValue[]) => htmlEscape(evalArgs(a)) },
  js: { params: [], variadic: 'any', fn: (...a: GoValue[]) => jsEscape(evalArgs(a)) },
  urlquery: { params: [], variadic: 'any', fn: (...a: GoValue[]) => queryEscape(evalArgs(a)) },
  // Template data in an ApplicationSet is decoded JSON: it never holds a function to call.
  call: {
    params: ['any'],
    variadic: 'any',
    fn: (f: GoValue) => {
      throw new Error(f === null ? 'call of nil' : `non-function of type ${goTypeName(f)}`);
    },
  },
};

/** evalArgs: a single string as is; otherwise fmt.Sprint, nil printed as "<no value>". */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === MISSING ? '<no value>' : a)));
}

/** template.HTMLEscapeString. */
function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** template.JSEscapeString. */
function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '"') out += '\\"';
    else if (ch === '<') out += '\\u003C';
    else if (ch === '>') out += '\\u003E';
    else if (ch === '&') out += '\\u0026';
    else if (ch === '=') out += '\\u003D';
    else if (r < 0x20 || (r >= 0x80 && !isPrint(r))) out += `\\u${r.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** url.QueryEscape. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of bytesOf(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function eq(a: GoValue, rest: GoValue[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  return rest.some((b) => goEqual(a, b));
}

function length(v: GoValue): bigint {
  if (v === null) throw new Error('len of nil pointer');
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v));
  if (Array.isArray(v)) return BigInt(v.length);
  if (isMap(v)) return BigInt(Object.keys(v).length);
  throw new Error(`len of type ${goTypeName(v)}`);
}

function index(item: GoValue, ...keys: GoValue[]): GoValue {
  let value = item;
  for (const key of keys) {
    if (value === null) throw new Error('index of untyped nil');
    if (isMap(value)) {
      if (typeof key !== 'string') throw new Error(`value has type ${goTypeName(key)}; should be string`);
      // A missing key yields the zero value; missingkey does not apply to index.
      value = Object.hasOwn(value, key) ? value[key] : null;
    } else if (Array.isArray(value) || typeof value === 'string') {
      if (typeof key !== 'bigint') throw new Error(`cannot index slice/array with type ${goTypeName(key)}`);
      const length = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
      if (key < 0n || key >= BigInt(length)) throw new Error(`index out of range: ${key}`);
      value = typeof value === 'string' ? BigInt(Buffer.from(value)[Number(key)]) : value[Number(key)];
    } else {
      throw new Error(`can't index item of type ${goTypeName(value)}`);
    }
  }
  return value;
}

function slice(item: GoValue, ...bounds: GoValue[]): GoValue {
  if (!Array.isArray(item) && typeof item !== 'string') throw new Error(`can't slice item of type ${goTypeName(item)}`);
  const length = item.length;
  const [from, to] = bounds.map((b) => {
    if (typeof b !== 'bigint') throw new Error(`cannot index slice/array with type ${goTypeName(b)}`);
    return Number(b);
  });
  const start = from ?? 0;
  const end = to ?? length;
  if (start < 0 || end > length || start > end) throw new Error(`index out of range: ${start}:${end}`);
  return item.slice(start, end);
}
