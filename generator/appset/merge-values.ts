/**
 * mergo.Merge without override, which the controller uses twice: to combine
 * matrix parameters with Go templates (the first child's values win; a
 * second child fills keys that are missing or "empty" — "", 0, false, nil,
 * empty list or map — and nested maps merge key by key) and to fill a
 * generator's own `template` from spec.template.
 */
import { type GoMap, type GoValue, isMap } from './go-template/values.ts';

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

/** CombineStringMaps (fasttemplate matrices): the same key with two different values is an error. */
export function combineStringMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (Object.hasOwn(out, k) && out[k] !== v) throw new Error(`found duplicate key ${k} with different value, a: ${String(out[k])} ,b: ${String(v)}`);
    out[k] = v;
  }
  return out;
}
