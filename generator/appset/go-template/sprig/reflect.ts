/**
 * Sprig's reflection functions (reflect.go) and reflect.DeepEqual on template
 * values. Types are those the values have in Argo CD: what encoding/json
 * decodes parameters into (string, float64, bool, []interface {},
 * map[string]interface {}), Go ints from template constants and arithmetic,
 * and the named types some functions return.
 */
import type { FunctionMap } from '../functions.ts';
import { GoStruct, type GoValue, goTypeName, isMap, MISSING } from '../values.ts';

export function typeOf(v: GoValue): string {
  if (v === null || v === MISSING) return '<nil>';
  if (typeof v === 'bigint') return 'int';
  return goTypeName(v);
}

export function kindOf(v: GoValue): string {
  if (v === null || v === MISSING) return 'invalid';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoStruct) return v.kind;
  return 'map';
}

export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === MISSING) return deepEqual(null, b);
  if (b === MISSING) return deepEqual(a, null);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a instanceof GoStruct || b instanceof GoStruct)
    return a instanceof GoStruct && b instanceof GoStruct && a.typeName === b.typeName && a.format() === b.format();
  if (isMap(a) || isMap(b)) {
    if (!isMap(a) || !isMap(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return typeof a === typeof b && a === b;
}

export const REFLECT: FunctionMap = {
  typeOf: { params: ['any'], fn: typeOf },
  typeIs: { params: ['string', 'any'], fn: (t: string, v: GoValue) => t === typeOf(v) },
  typeIsLike: { params: ['string', 'any'], fn: (t: string, v: GoValue) => t === typeOf(v) || `*${t}` === typeOf(v) },
  kindOf: { params: ['any'], fn: kindOf },
  kindIs: { params: ['string', 'any'], fn: (k: string, v: GoValue) => k === kindOf(v) },
  deepEqual: { params: ['any', 'any'], fn: deepEqual },
};
