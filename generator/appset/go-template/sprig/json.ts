/** Decoded JSON or YAML as template values (numbers stay float64, as encoding/json decodes them). */
import type { GoValue } from '../values.ts';

export function fromJsonValue(v: unknown): GoValue {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(fromJsonValue);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, fromJsonValue(x)]),
    );
  return v as GoValue;
}
