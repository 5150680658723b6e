/**
 * Bytes to text, exactly or not at all. Node's decoder turns every invalid
 * byte into U+FFFD, which would then be written back as different bytes: a
 * config file must be valid UTF-8, and a file inlined into a ConfigMap that
 * is not text stays bytes (binaryData).
 */
import { isUtf8 } from 'node:buffer';

const BOM = 0xfeff;

/** The offset where the first malformed UTF-8 sequence starts, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      // The second byte's range excludes overlong forms, surrogates (ED A0..BF) and code points above U+10FFFF.
      const [low, high] =
        k > 1 ? [0x80, 0xbf] : b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      if (c < low || c > high) return i; // where the broken character starts
    }
    i += length;
  }
  return -1;
}

export type Decoded = { ok: true; text: string } | { ok: false; offset: number; line: number; column: number; byte: number };

/**
 * The text of a config file, without a leading byte order mark (editors hide
 * it, so columns count from the first character a person sees), or where the
 * first invalid byte is: its byte offset, and its line and column as an
 * editor shows them (the valid characters before it on its line, plus one).
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) {
    const lineStart = bad === 0 ? 0 : bytes.lastIndexOf(0x0a, bad - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const before = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, bad - lineStart).toString('utf8');
    const column = (lineStart === 0 ? withoutBom(before) : before).length + 1;
    return { ok: false, offset: bad, line, column, byte: bytes[bad] };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return { ok: true, text: withoutBom(text) };
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === BOM ? text.slice(1) : text;
}
