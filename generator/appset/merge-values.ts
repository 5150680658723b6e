/**
 * The two mergo merges of the ApplicationSet controller. Without override
 * (`mergeMissing`) it fills a generator's own `template` from spec.template:
 * keys that are missing or "empty" ("", 0, false, nil, empty list or map) are
 * filled, nested maps merge key by key. With override (`mergeOverride`) it
 * combines matrix parameters under Go templates: every value of the first
 * child wins, `false`, "" and null included, and nested maps merge key by key.
 */
import { formatV, type GoMap, type GoValue, isMap } from './go-template/values.ts';

export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === false || v === 0 || v === 0n) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** Returns a new map: `dst` with `src` merged in. Neither is modified; values are shared, never mutated later. */
export function mergeMissing(dst: GoMap, src: GoMap): GoMap {
  const out: GoMap = { ...dst };
  for (const [key, s] of Object.entries(src)) {
    if (s === null) continue;
    const d = out[key];
    if (isMap(s) && isMap(d)) {
      out[key] = mergeMissing(d, s);
      continue;
    }
    if (!Object.hasOwn(out, key) || isEmptyValue(d)) out[key] = s as GoValue;
  }
  return out;
}

/** CombineStringMaps (fasttemplate matrices): values as %v strings; the same key with two different values is an error. */
export function combineStringMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = {};
  for (const [k, v] of Object.entries(a)) out[k] = formatV(v);
  for (const [k, v] of Object.entries(b)) {
    const value = formatV(v);
    if (Object.hasOwn(out, k) && out[k] !== value) throw new Error(`found duplicate key ${k} with different value, a: ${String(out[k])} ,b: ${value}`);
    out[k] = value;
  }
  return out;
}

/**
 * mergo.Merge(&dst, src, mergo.WithOverride) on map[string]any: src's entries replace dst's, whatever
 * they hold (for map entries mergo overrides even with empty values); where both hold a non-empty map,
 * the maps merge the same way, key by key.
 */
export function mergeOverride(dst: GoMap, src: GoMap): GoMap {
  const out: GoMap = { ...dst };
  for (const [key, s] of Object.entries(src)) {
    const d = out[key];
    out[key] = isMap(s) && isMap(d) && Object.keys(d).length > 0 ? mergeOverride(d, s) : (s as GoValue);
  }
  return out;
}
