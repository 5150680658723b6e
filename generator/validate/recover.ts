/**
 * A file with schema errors still has its cross-reference rules checked, so a
 * run reports all its problems at once: the rules see a copy of the file's
 * data with what the schema refused taken out, once it validates. Only what
 * nothing can refer to is taken out: unknown fields (a typo of a known field
 * is read as that field) and invalid leaf values of fixed fields. A file that
 * needs more (a missing required field, an invalid name, a malformed entry)
 * is left to its schema errors, since leaving out a named entry would turn
 * every reference to it into an error of its own. The run fails either way.
 */
import type { z } from 'zod';
import { dict } from '../model/dict.ts';
import { nearest } from '../suggest.ts';
import { knownKeysAt } from './schema-keys.ts';
import { flattenUnions } from './zod-errors.ts';

type Path = (string | number)[];

/** `removed`: the paths of the values taken out, so checks of the recovered data can leave their absence unreported. */
export function recoverValid<S extends z.ZodType>(
  schema: S,
  data: unknown,
  error: z.ZodError,
  rounds = 5,
): { spec: z.output<S>; data: unknown; removed: Path[] } | undefined {
  let current = data;
  let issues = error.issues;
  const removed: Path[] = [];
  for (let round = 0; round < rounds; round++) {
    const pruned = withoutRefused(schema, current, flattenUnions(issues), removed);
    if (pruned === undefined) return undefined;
    const result = schema.safeParse(pruned);
    if (result.success) return { spec: result.data, data: pruned, removed };
    current = pruned;
    issues = result.error.issues;
  }
  return undefined;
}

function withoutRefused(schema: z.ZodType, data: unknown, issues: readonly z.core.$ZodIssue[], removed: Path[]): unknown {
  const copy = cloneData(data);
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const parent = valueAt(copy, path);
    if (issue.code === 'unrecognized_keys') {
      if (!isMapping(parent)) return undefined;
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        const meant = nearest(key, known);
        if (meant && !Object.hasOwn(parent, meant)) parent[meant] = parent[key];
        delete parent[key];
      }
      continue;
    }
    if (issue.code === 'invalid_key' || path.length === 0) return undefined;
    const key = path[path.length - 1];
    const holder = valueAt(copy, path.slice(0, -1));
    const value = isMapping(holder) && typeof key === 'string' ? holder[key] : undefined;
    // A leaf of a fixed field only: a missing value, a whole object or a map entry cannot go.
    if (value === undefined || (value !== null && typeof value === 'object')) return undefined;
    if (!knownKeysAt(schema, path.slice(0, -1)).includes(String(key))) return undefined;
    delete (holder as Record<string, unknown>)[key as string];
    removed.push(path);
  }
  return copy;
}

/** A deep copy that keeps maps prototype-free (model/dict.ts). */
function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneData);
  if (!isMapping(value)) return value;
  return dict(Object.keys(value).map((k) => [k, cloneData(value[k])]));
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, p)) return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
