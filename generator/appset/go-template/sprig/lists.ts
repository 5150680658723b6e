/** Sprig's list functions (list.go): lists are copied, never changed in place; `must*` variants return the error the others panic with. */
import type { FunctionMap, GoFunction } from '../functions.ts';
import { GoStruct, type GoValue, isMap, MISSING } from '../values.ts';
import { toInt } from './numbers.ts';
import { deepEqual, kindOf } from './reflect.ts';
import { strslice, strval } from './strings.ts';

/** reflect.TypeOf(x).Kind() as the list functions use it: a nil value panics there. */
function listOf(v: GoValue, what: string): GoValue[] {
  if (v === null || v === MISSING) throw new Error('runtime error: invalid memory address or nil pointer dereference');
  if (Array.isArray(v)) return v;
  throw new Error(`${what} ${kindOf(v)}`);
}

function both(name: string, f: GoFunction): Record<string, GoFunction> {
  const must = `must${name[0].toUpperCase()}${name.slice(1)}`;
  return { [name]: f, [must]: f };
}

function chunk(size: bigint, v: GoValue): GoValue[][] {
  const list = listOf(v, 'Cannot chunk type');
  const n = Number(size);
  const count = Math.floor((list.length - 1) / n) + 1;
  const out: GoValue[][] = [];
  for (let i = 0; i < count; i++) out.push(list.slice(i * n, Math.min(list.length, (i + 1) * n)));
  return out;
}

function slice(v: GoValue, ...indices: GoValue[]): GoValue {
  if (v === null || v === MISSING) throw new Error('runtime error: invalid memory address or nil pointer dereference');
  if (!Array.isArray(v)) throw new Error(`list should be type of slice or array but ${kindOf(v)}`);
  if (v.length === 0) return null;
  const start = indices.length > 0 ? toInt(indices[0]) : 0;
  const end = indices.length > 1 ? toInt(indices[1]) : v.length;
  if (start < 0 || end > v.length || start > end) throw new Error(`reflect: slice index out of range`);
  return v.slice(start, end);
}

function uniq(v: GoValue): GoValue[] {
  const out: GoValue[] = [];
  for (const item of listOf(v, 'Cannot find uniq on type')) if (!out.some((x) => deepEqual(x, item))) out.push(item);
  return out;
}

export const LISTS: FunctionMap = {
  list: { params: [], variadic: 'any', fn: (...v: GoValue[]) => v },
  tuple: { params: [], variadic: 'any', fn: (...v: GoValue[]) => v },
  ...both('push', { params: ['any', 'any'], fn: (l: GoValue, x: GoValue) => [...listOf(l, 'Cannot push on type'), x] }),
  ...both('append', { params: ['any', 'any'], fn: (l: GoValue, x: GoValue) => [...listOf(l, 'Cannot push on type'), x] }),
  ...both('prepend', { params: ['any', 'any'], fn: (l: GoValue, x: GoValue) => [x, ...listOf(l, 'Cannot prepend on type')] }),
  ...both('chunk', { params: ['int', 'any'], fn: chunk }),
  ...both('last', { params: ['any'], fn: (l: GoValue) => listOf(l, 'Cannot find last on type').at(-1) ?? null }),
  ...both('first', { params: ['any'], fn: (l: GoValue) => listOf(l, 'Cannot find first on type')[0] ?? null }),
  ...both('rest', {
    params: ['any'],
    fn: (l: GoValue) => {
      const list = listOf(l, 'Cannot find rest on type');
      return list.slice(1);
    },
  }),
  ...both('initial', {
    params: ['any'],
    fn: (l: GoValue) => {
      const list = listOf(l, 'Cannot find initial on type');
      return list.slice(0, -1);
    },
  }),
  ...both('reverse', { params: ['any'], fn: (l: GoValue) => [...listOf(l, 'Cannot find reverse on type')].reverse() }),
  ...both('compact', {
    params: ['any'],
    fn: (l: GoValue) => listOf(l, 'Cannot compact on type').filter((x) => !emptyValue(x)),
  }),
  ...both('uniq', { params: ['any'], fn: uniq }),
  ...both('without', {
    params: ['any'],
    variadic: 'any',
    fn: (l: GoValue, ...omit: GoValue[]) => listOf(l, 'Cannot find without on type').filter((x) => !omit.some((o) => deepEqual(o, x))),
  }),
  ...both('has', {
    params: ['any', 'any'],
    fn: (needle: GoValue, hay: GoValue) => (hay === null || hay === MISSING ? false : listOf(hay, 'Cannot find has on type').some((x) => deepEqual(needle, x))),
  }),
  ...both('slice', { params: ['any'], variadic: 'any', fn: slice }),
  concat: {
    params: [],
    variadic: 'any',
    fn: (...lists: GoValue[]) => {
      const out: GoValue[] = [];
      for (const l of lists) {
        if (l === null || l === MISSING) throw new Error('runtime error: invalid memory address or nil pointer dereference');
        if (!Array.isArray(l)) throw new Error(`Cannot concat type ${kindOf(l)} as list`);
        out.push(...l);
      }
      return out;
    },
  },
  sortAlpha: {
    params: ['any'],
    fn: (l: GoValue) => (Array.isArray(l) ? strslice(l).sort(compareBytes) : [strval(l)]),
  },
};

/** sort.Strings: byte order (UTF-16 order differs above U+FFFF). */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Sprig's empty: zero values, nil, and empty strings, lists and maps. */
export function emptyValue(v: GoValue): boolean {
  if (v === null || v === MISSING) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof GoStruct) return false;
  return isMap(v) && Object.keys(v).length === 0;
}
