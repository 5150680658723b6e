/**
 * Maps keyed by names people choose. `constructor`, `toString` and `__proto__`
 * are valid keys in a fleet (a ConfigMap key, an env var, an annotation), but
 * on a plain object `obj.constructor` is a function and `obj.__proto__ = x`
 * replaces the prototype instead of storing x. Such maps are therefore
 * prototype-free objects (`Object.create(null)`): every key, including
 * `__proto__`, is an ordinary own property, and a missing key reads undefined.
 * Where code cannot be sure it holds one (a spread copy, a rendered object),
 * it reads with `own` and `hasKey` instead of `obj[name]` and `name in obj`.
 */

export type Dict<T> = Record<string, T>;

/** A new prototype-free map, optionally filled from entries (in their order). */
export function dict<T>(entries: Iterable<readonly [string, T]> = []): Dict<T> {
  const out = Object.create(null) as Dict<T>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** The value stored under `key` itself, never one inherited from a prototype. */
export function own<T>(record: Readonly<Dict<T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `key in record` without the prototype. */
export function hasKey(record: object | undefined, key: string): boolean {
  return record !== undefined && record !== null && Object.hasOwn(record, key);
}

/** A prototype-free copy of a map with its keys, in order; later maps win (like a spread). */
export function merged<T>(...records: (Readonly<Dict<T>> | undefined)[]): Dict<T> {
  const out = dict<T>();
  for (const record of records) if (record) for (const key of Object.keys(record)) out[key] = record[key];
  return out;
}

/**
 * Turns parsed YAML (plain objects, arrays, scalars) into the same tree with
 * prototype-free mappings, in place. Parsers keep a `__proto__` key as an own
 * property; from here on it stays one.
 */
export function asDataTree<T>(value: T): T {
  if (Array.isArray(value)) {
    for (const item of value) asDataTree(item);
  } else if (value !== null && typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== null) Object.setPrototypeOf(value, null);
    for (const key of Object.keys(value)) asDataTree((value as Dict<unknown>)[key]);
  }
  return value;
}
