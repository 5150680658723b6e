/**
 * The byte form of cached values: JSON, so that reading a value back is
 * JSON.parse, with the few things JSON alone would lose marked.
 */
import { dict } from '../model/dict.ts';

/**
 * JSON, with a mark where JSON alone would lose something: an own key "\u0000"
 * on a prototype-free map (1), on undefined written as an object (2; a
 * diagnostic's hint may be undefined), and on an object with a key of its own
 * that starts with "\u0000" (0), such a key written with one more "\u0000" in
 * front, so that no key of the data is read as the mark. JSON.parse reads this
 * cache twice as fast as V8's deserializer read the same values (0.2 s against
 * 0.5 s for the variants of 2,000 apps). What JSON cannot hold exactly — NaN,
 * the infinities, -0 — and anything that is not plain data makes `freeze`
 * throw: such a value is not kept, and is computed again each run.
 */
const MARK = '\u0000';
const PLAIN_ESCAPED = 0;
const DICT = 1;
const UNDEFINED = 2;
const SAME_MARK = 3;

/**
 * A value that stands for the one at the same place in a base value
 * (`shareWith`): written as {"\u0000": 3}, read back as that value itself.
 */
export const SAME: object = Object.freeze({ same: true });

export function freeze(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(encode(value)), 'utf8');
}

/** The value `freeze` was given. */
export function thaw(bytes: Buffer): unknown {
  return decode(JSON.parse(bytes.toString('utf8')), undefined);
}

/** The JSON alone, not decoded yet: for a value whose parts were shared each with a base of its own (`decodeShared`). */
export function parseFrozen(bytes: Buffer): unknown {
  return JSON.parse(bytes.toString('utf8'));
}

/** A part of what parseFrozen gave, decoded; `base`: what it was shared with, if anything. */
export function decodeShared(part: unknown, base?: unknown): unknown {
  return decode(part, base);
}

function encode(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value) || Object.is(value, -0)) throw new Error('not exact in JSON');
      return value;
    case 'object':
      break;
    case 'undefined':
      return { [MARK]: UNDEFINED };
    default:
      throw new Error('not data');
  }
  if (value === null) return null;
  if (value === SAME) return { [MARK]: SAME_MARK };
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = encode(value[i]);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) throw new Error('not data');
  const keys = Object.keys(value);
  const escaped = keys.some((k) => k.startsWith(MARK));
  const out: Record<string, unknown> = {};
  if (proto === null) out[MARK] = DICT;
  else if (escaped) out[MARK] = PLAIN_ESCAPED;
  for (const k of keys) {
    // An own `__proto__` key is data: assigning it would set the prototype instead.
    Object.defineProperty(out, escaped && k.startsWith(MARK) ? MARK + k : k, {
      value: encode((value as Record<string, unknown>)[k]),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * In place where it can be: what JSON.parse gives back is a fresh copy no one
 * else holds, so arrays and unmarked objects are kept and only a marked one
 * becomes a new object. `base`: the value at the same place in the base it was
 * shared with (shareWith), for a SAME to stand for.
 */
function decode(value: unknown, base: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const from = base !== null && typeof base === 'object' ? (base as Record<string, unknown>) : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (v !== null && typeof v === 'object') value[i] = decode(v, from && Array.isArray(from) ? from[i] : undefined);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  const mark = record[MARK];
  if (mark === UNDEFINED) return undefined;
  if (mark === SAME_MARK) return base;
  if (mark !== undefined) {
    const out: Record<string, unknown> = mark === DICT ? dict<unknown>() : {};
    for (const k of Object.keys(record)) {
      if (k === MARK) continue;
      const key = k.startsWith(MARK) ? k.slice(1) : k;
      Object.defineProperty(out, key, { value: decode(record[k], ownPart(from, key)), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (v === null || typeof v !== 'object') continue;
    const decoded = decode(v, ownPart(from, k));
    if (decoded !== v) Object.defineProperty(record, k, { value: decoded, writable: true, enumerable: true, configurable: true });
  }
  return record;
}

function ownPart(from: Record<string, unknown> | undefined, key: string): unknown {
  return from !== undefined && Object.hasOwn(from, key) ? from[key] : undefined;
}

/**
 * `value` with every part equal to the part at the same place in `base`
 * written as SAME (the whole value, when all of it is equal): an app's variants
 * are mostly its first environment's body, and written whole they were
 * three fifths of the config cache and of the time to read it back.
 */
export function shareWith(value: unknown, base: unknown): unknown {
  if (Object.is(value, base)) return SAME;
  if (value === null || base === null || typeof value !== 'object' || typeof base !== 'object') return value;
  if (Array.isArray(value)) {
    if (!Array.isArray(base) || base.length !== value.length) return value;
    const out = value.map((v, i) => shareWith(v, base[i]));
    return out.every((v) => v === SAME) ? SAME : out;
  }
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(base) || Object.getPrototypeOf(base) !== proto) return value;
  const keys = Object.keys(value);
  const baseKeys = Object.keys(base);
  const out: Record<string, unknown> = proto === null ? dict<unknown>() : {};
  let same = keys.length === baseKeys.length;
  keys.forEach((k, i) => {
    const part = Object.hasOwn(base, k)
      ? shareWith((value as Record<string, unknown>)[k], (base as Record<string, unknown>)[k])
      : (value as Record<string, unknown>)[k];
    if (part !== SAME || baseKeys[i] !== k) same = false;
    Object.defineProperty(out, k, { value: part, writable: true, enumerable: true, configurable: true });
  });
  return same ? SAME : out;
}
