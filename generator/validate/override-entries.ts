/**
 * An override names things that already exist below it: `components.web` in
 * an environment override changes the web component of the app body. A name
 * that exists nowhere below is almost always a typo (`containers.matomoo`),
 * and merging it would silently add a second, incomplete container. So an
 * override may add a named entry only when it says so with `$new: true` (and
 * then writes it whole: the merged variant is validated like the app body);
 * any other unknown name is an error with the nearest existing name.
 *
 * Which maps hold such named entries is this table: extend it with new kinds
 * of named things (DaemonSets' containers come for free; new top-level maps
 * need a line).
 */
import { isPlainObject } from './merge.ts';

export const NEW_MARKER = '$new';

/** Paths (in the app body) of maps whose entries are named things; `*` is any entry name. */
export const NAMED_ENTRIES: readonly { path: readonly string[]; what: string }[] = [
  { path: ['components'], what: 'component' },
  { path: ['components', '*', 'containers'], what: 'container' },
  { path: ['components', '*', 'initContainers'], what: 'init container' },
  { path: ['components', '*', 'volumes'], what: 'volume' },
  { path: ['components', '*', 'claimTemplates'], what: 'claim template' },
  { path: ['components', '*', 'alerts'], what: 'alert' },
  { path: ['configMaps'], what: 'ConfigMap' },
  { path: ['secrets'], what: 'secret' },
  { path: ['pvcs'], what: 'PVC' },
  { path: ['serviceAccounts'], what: 'service account' },
  { path: ['routes'], what: 'route' },
  { path: ['charts'], what: 'chart' },
  { path: ['components', '*', 'recordingRules'], what: 'recording rule' },
  { path: ['roles'], what: 'role' },
  { path: ['externalServices'], what: 'external service' },
  { path: ['resources'], what: 'resource' },
  { path: ['patches'], what: 'patch' },
];

export interface OverrideEntryProblem {
  /** Path of the entry's key inside the override. */
  path: (string | number)[];
  /** renamed: a `Kind/name` resource entry whose kind or name says otherwise (path: that field). */
  kind: 'unknown' | 'not-new' | 'renamed';
  what: string;
  name: string;
  /** The entries that exist where it points, for a suggestion. */
  existing: string[];
}

/**
 * Checks an override against the data it is merged over. Returns the override
 * with `$new` markers removed and unknown entries dropped (they are reported,
 * and would only add noise to schema errors), and the problems found.
 */
export function checkOverrideEntries(base: unknown, override: unknown): { override: unknown; problems: OverrideEntryProblem[] } {
  const problems: OverrideEntryProblem[] = [];
  const cleaned = structuredCloneJson(override);
  for (const entry of NAMED_ENTRIES) visit(base, cleaned, entry.path, [], entry.what, problems);
  problems.sort((a, b) => compare(a.path.join('\0'), b.path.join('\0')));
  return { override: cleaned, problems };
}

function visit(base: unknown, override: unknown, rest: readonly string[], at: (string | number)[], what: string, problems: OverrideEntryProblem[]): void {
  if (!isPlainObject(override)) return;
  const [head, ...tail] = rest;
  const below = isPlainObject(base) ? base : {};
  if (head !== '*') {
    if (tail.length === 0) checkMap(below[head!], override[head!], [...at, head!], what, problems);
    else visit(below[head!], override[head!], tail, [...at, head!], what, problems);
    return;
  }
  for (const [name, value] of Object.entries(override)) {
    // A new entry is written whole: nothing below it can be "unknown".
    if (!Object.hasOwn(below, name) || !isPlainObject(value)) continue;
    visit(below[name], value, tail, [...at, name], what, problems);
  }
}

function checkMap(base: unknown, map: unknown, at: (string | number)[], what: string, problems: OverrideEntryProblem[]): void {
  if (!isPlainObject(map)) return;
  const existing = isPlainObject(base) ? Object.keys(base) : [];
  for (const [name, value] of Object.entries(map)) {
    if (value === null) continue; // a removal; merge.ts reports one that removes nothing
    if (what === 'resource') {
      const renamed = resourceRename(name, value);
      if (renamed) problems.push({ path: [...at, name, ...renamed], kind: 'renamed', what, name, existing });
    }
    const exists = Object.hasOwn(isPlainObject(base) ? base : {}, name);
    const marked = isPlainObject(value) && Object.hasOwn(value, NEW_MARKER);
    if (marked) {
      if (value[NEW_MARKER] !== true || exists) problems.push({ path: [...at, name, NEW_MARKER], kind: 'not-new', what, name, existing });
      delete value[NEW_MARKER];
    } else if (!exists) {
      problems.push({ path: [...at, name], kind: 'unknown', what, name, existing });
      delete map[name];
    }
  }
}

/** Where a `Kind/name` entry's own kind or metadata.name differs from its key, the path of that field. */
function resourceRename(key: string, value: unknown): string[] | undefined {
  const slash = key.indexOf('/');
  if (slash < 0 || !isPlainObject(value)) return undefined;
  if (value.kind !== undefined && value.kind !== key.slice(0, slash)) return ['kind'];
  const name = isPlainObject(value.metadata) ? value.metadata.name : undefined;
  if (name !== undefined && name !== key.slice(slash + 1)) return ['metadata', 'name'];
  return undefined;
}

function structuredCloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structuredCloneJson);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  // defineProperty: a key named __proto__ is data, not the prototype.
  for (const [k, v] of Object.entries(value))
    Object.defineProperty(out, k, { value: structuredCloneJson(v), enumerable: true, writable: true, configurable: true });
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
