/**
 * Content hashes for the incremental cache. Two values with the same hash are
 * treated as the same input, so a hash covers every byte a computation could
 * see: file contents byte for byte, and data through a canonical text form
 * (Maps, Sets and undefined kept apart from objects, arrays and absent keys;
 * key order kept) that refuses functions instead of skipping them. Not V8's
 * serializer: its bytes depend on how V8 happens to store an array (packed
 * or holey) and on which objects are shared, so equal data hashed unequal.
 */
import { createHash } from 'node:crypto';

/** sha1 of a string's UTF-8 bytes, or of bytes: equal for a file's content and the string it was written from. */
export function contentHash(content: string | Uint8Array): string {
  return createHash('sha1').update(content).digest('base64url');
}

/** sha1 of the canonical text of a value; throws on functions, symbols and bigints. */
export function dataHash(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value, canonical)).digest('base64url');
}

function canonical(_key: string, value: unknown): unknown {
  if (value === undefined) return '\u0000undefined';
  // JSON writes NaN and the infinities as null and -0 as 0; YAML keeps them apart.
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return `\u0000${Object.is(value, -0) ? '-0' : value}`;
  if (typeof value === 'function' || typeof value === 'symbol') throw new Error('a function or symbol cannot be hashed as data');
  if (value instanceof Map) return { '\u0000map': [...value] };
  if (value instanceof Set) return { '\u0000set': [...value] };
  if (typeof value === 'string' && value.startsWith('\u0000')) return `\u0000${value}`;
  return value;
}

/** Hashes combined in order (a key of several parts). */
export function combine(...parts: string[]): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('base64url');
}
