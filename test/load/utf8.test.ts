/** Config bytes are UTF-8 or refused at the first broken character; never decoded with replacement characters. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeUtf8, invalidUtf8Offset } from '../../generator/load/utf8.ts';

const strict = new TextDecoder('utf-8', { fatal: true });
function decodesStrictly(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('UTF-8 validation', () => {
  test('finds where the first malformed sequence starts', () => {
    const at = (...bytes: number[]) => invalidUtf8Offset(Uint8Array.from(bytes));
    assert.equal(at(0x61, 0xc3, 0xa9), -1, 'é');
    assert.equal(at(0xf0, 0x9f, 0x98, 0x80), -1, 'an emoji (4 bytes)');
    assert.equal(at(0x61, 0xe9, 0x62), 1, 'Latin-1 é');
    assert.equal(at(0x61, 0xc0, 0x80), 1, 'overlong NUL');
    assert.equal(at(0xed, 0xa0, 0x80), 0, 'an encoded surrogate');
    assert.equal(at(0xf4, 0x90, 0x80, 0x80), 0, 'above U+10FFFF');
    assert.equal(at(0x61, 0x62, 0xe2, 0x82), 2, 'truncated at the end');
    assert.equal(at(0x80), 0, 'a lone continuation byte');
  });

  test('agrees with a strict decoder on any bytes, and everything before the offset decodes', () => {
    const codePoint = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff }));
    const text = fc.array(codePoint, { maxLength: 12 }).map((cps) => new TextEncoder().encode(String.fromCodePoint(...cps)));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      text,
      fc.tuple(text, fc.uint8Array({ maxLength: 4 }), text).map(([a, b, c]) => Uint8Array.from([...a, ...b, ...c])),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const offset = invalidUtf8Offset(b);
        assert.equal(offset < 0, decodesStrictly(b));
        if (offset >= 0) assert.ok(decodesStrictly(b.subarray(0, offset)));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  test('decoding names the line and column of the broken character, and drops a byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from('\uFEFFa: 1\nb: "ü'), Buffer.from([0xff]), Buffer.from('"\n')]);
    assert.deepEqual(decodeUtf8(bytes), { ok: false, offset: 14, line: 2, column: 6, byte: 0xff });
    assert.deepEqual(decodeUtf8(Buffer.from('\uFEFFa: 1\n')), { ok: true, text: 'a: 1\n' });
    assert.deepEqual(decodeUtf8(Buffer.from([0xff])), { ok: false, offset: 0, line: 1, column: 1, byte: 0xff });
  });
});
