/** text/template's predefined functions (and, or, not, len, index, slice, print*, comparisons). */
import type { FunctionMap } from './functions.ts';
import { sprint, sprintf, sprintln } from './printf.ts';
import { type GoValue, goEqual, goLess, goTypeName, isMap, isTrue } from './values.ts';

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
};

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
