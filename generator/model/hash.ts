/**
 * Content hashes for the incremental cache. Two values with the same hash are
 * treated as the same input, so a hash covers every byte a computation could
 * see: file contents byte for byte, and data through V8's structured
 * serialization (Maps, Sets, key order and shared references included), which
 * refuses functions instead of skipping them.
 */
import { createHash } from 'node:crypto';
import v8 from 'node:v8';

/** sha1 of a string's UTF-8 bytes, or of bytes: equal for a file's content and the string it was written from. */
export function contentHash(content: string | Uint8Array): string {
  return createHash('sha1').update(content).digest('base64url');
}

/** sha1 of the structured serialization of a value; throws on functions, symbols and class instances V8 cannot serialize. */
export function dataHash(value: unknown): string {
  return createHash('sha1').update(v8.serialize(value)).digest('base64url');
}

/** Hashes combined in order (a key of several parts). */
export function combine(...parts: string[]): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('base64url');
}
