/**
 * jeremywohl/flatten with DotStyle, as the controller flattens parameters
 * before matching a generator's post-selector: nested maps and lists become
 * `a.b` / `a.0` keys, values printed with %v; empty maps and lists vanish.
 */
import { formatV, type GoMap, type GoValue, isMap } from './go-template/values.ts';

export function flattenParams(params: GoMap): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: GoValue, prefix: string): void => {
    if (isMap(value)) for (const [k, v] of Object.entries(value)) assign(prefix ? `${prefix}.${k}` : k, v);
    else if (Array.isArray(value))
      value.forEach((v, i) => {
        assign(prefix ? `${prefix}.${i}` : String(i), v);
      });
  };
  const assign = (key: string, v: GoValue): void => {
    if (isMap(v) || Array.isArray(v)) walk(v, key);
    else out[key] = formatV(v);
  };
  walk(params, '');
  return out;
}
