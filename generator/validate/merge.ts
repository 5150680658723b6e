import { dict, hasKey, merged, own } from '../model/dict.ts';

/**
 * Override semantics, the same at every layer (environment, app's cluster
 * override, cluster's app override): mappings merge key by key, lists and
 * scalars replace, and `null` removes a key (e.g. drop a route in dev).
 */
export function mergeOverride(base: unknown, override: unknown, path: readonly string[] = []): unknown {
  if (!isPlainObject(override) || isWhole(path)) return override === undefined ? base : override;
  // Nothing below to merge into: the override's mapping as written, less its removals (reported by uselessRemovals).
  if (!isPlainObject(base)) return mergeOverride(dict(), override, path);
  const out = merged(base);
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else out[key] = mergeOverride(own(base, key), value, [...path, key]);
  }
  return out;
}

/** A merge patch is replaced whole by an override: its `null`s are part of the patch, not removals. */
function isWhole(path: readonly (string | number)[]): boolean {
  return path.length === 3 && path[0] === 'patches' && path[2] === 'merge';
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A `null` in an override that removes nothing from any of its bases (the layers
 * below it): almost always a misspelt key, which would otherwise be silently ignored.
 */
export interface UselessRemoval {
  path: (string | number)[];
  /** The keys that exist where the removal points, for a suggestion. */
  siblings: string[];
}

export function uselessRemovals(bases: unknown[], override: unknown, path: (string | number)[] = []): UselessRemoval[] {
  if (!isPlainObject(override)) return [];
  const targets = bases.filter(isPlainObject);
  const out: UselessRemoval[] = [];
  if (isWhole(path)) return [];
  for (const [key, value] of Object.entries(override)) {
    if (value === null && !targets.some((t) => hasKey(t, key)))
      out.push({ path: [...path, key], siblings: [...new Set(targets.flatMap((t) => Object.keys(t)))] });
    else if (isPlainObject(value))
      out.push(
        ...uselessRemovals(
          targets.map((t) => own(t, key)),
          value,
          [...path, key],
        ),
      );
  }
  return out;
}
