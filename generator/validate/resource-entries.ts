/**
 * `resources:` is written as a list, but overrides merge its entries by kind
 * and name like every other named map: an override's list changes the entries
 * it names and adds the others (so one cluster's `resources: []` deletes
 * nothing), and the map form `{ <Kind>/<name>: … }` changes one entry or
 * drops it with `null`. While overrides are merged, `resources` is held as
 * that map; the merged variant gets its list back before validation.
 */
import { dict, hasKey } from '../model/dict.ts';
import { isPlainObject } from './merge.ts';
import { NEW_MARKER } from './override-entries.ts';

/** `Kind/name` of a raw resource entry; entries without both keep their place by index. */
export function resourceKey(entry: unknown, index: number): string {
  if (isPlainObject(entry) && typeof entry.kind === 'string' && isPlainObject(entry.metadata) && typeof entry.metadata.name === 'string')
    return `${entry.kind}/${entry.metadata.name}`;
  return `#${index}`;
}

function asMap(list: unknown[], mark?: Record<string, unknown>): Record<string, unknown> {
  const out = dict<unknown>();
  list.forEach((entry, i) => {
    let key = resourceKey(entry, i);
    // Two entries of one kind and name stay two, so the output check reports the duplicate.
    while (hasKey(out, key)) key += '#';
    const adds = mark && isPlainObject(entry) && !hasKey(mark, key);
    out[key] = adds ? { ...entry, [NEW_MARKER]: true } : entry;
  });
  return out;
}

/** A body (the base below overrides): its resources list as the map overrides merge into. */
export function resourcesAsMap(body: unknown): unknown {
  if (!isPlainObject(body) || !Array.isArray(body.resources)) return body;
  const out = dict<unknown>(Object.entries(body));
  out.resources = asMap(body.resources);
  return out;
}

/** An override: a resources list becomes the map form, its entries not found below marked as added. */
export function overrideResourcesAsMap(override: unknown, below: unknown): unknown {
  if (!isPlainObject(override) || !Array.isArray(override.resources)) return override;
  const existing = isPlainObject(below) && isPlainObject(below.resources) ? below.resources : dict<unknown>();
  const out = dict<unknown>(Object.entries(override));
  out.resources = asMap(override.resources, existing);
  return out;
}

/** The merged variant with its resources as a list again, in the order written (entries added by overrides last). */
export function resourcesAsList(body: unknown): unknown {
  if (!isPlainObject(body) || !isPlainObject(body.resources)) return body;
  const out = dict<unknown>(Object.entries(body));
  out.resources = Object.values(body.resources);
  return out;
}
