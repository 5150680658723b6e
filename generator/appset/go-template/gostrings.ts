/**
 * Go's string primitives where JavaScript's differ: Go strings are UTF-8
 * bytes (len, slicing and byte-wise helpers work on bytes; text that is not
 * valid UTF-8 becomes U+FFFD when written out, as encoding/json writes it),
 * Go's case mappings are per rune and simple (ß stays ß under ToUpper),
 * unicode.IsSpace includes U+0085 and U+00A0, and strconv.Quote escapes
 * what is not printable.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export function bytesOf(s: string): Uint8Array {
  return encoder.encode(s);
}

export function stringOf(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function byteLength(s: string): number {
  return encoder.encode(s).length;
}

/** s[from:to] on the UTF-8 bytes; Go panics out of range, as does this. */
export function byteSlice(s: string, from: number, to?: number): string {
  const b = bytesOf(s);
  const end = to ?? b.length;
  if (from < 0 || end > b.length || from > end) throw new Error(`runtime error: slice bounds out of range [${from}:${end}] with length ${b.length}`);
  return stringOf(b.subarray(from, end));
}

export function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return /\p{White_Space}/u.test(String.fromCodePoint(r));
}

const is = (re: RegExp) => (r: number) => re.test(String.fromCodePoint(r));
export const isUpper = is(/\p{Lu}/u);
export const isLower = is(/\p{Ll}/u);
export const isTitle = is(/\p{Lt}/u);
export const isLetter = is(/\p{L}/u);
export const isDigit = is(/\p{Nd}/u);
export const isNumber = is(/\p{N}/u);
export const isPunct = is(/\p{P}/u);
/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export const isPrint = (r: number) => r === 0x20 || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(r));

/** Simple mappings JavaScript's full case mapping does not give (it yields several code points there). */
const SIMPLE_UPPER = new Map<number, number>([
  [0x1fb3, 0x1fbc],
  [0x1fc3, 0x1fcc],
  [0x1ff3, 0x1ffc],
]);
for (const base of [0x1f80, 0x1f90, 0x1fa0]) for (let i = 0; i < 8; i++) SIMPLE_UPPER.set(base + i, base + 8 + i);
const SIMPLE_LOWER = new Map<number, number>([[0x130, 0x69]]);
/** Letters whose title case differs from their upper case (the digraphs and Greek with ypogegrammeni). */
const TITLE = new Map<number, number>([
  [0x1c4, 0x1c5],
  [0x1c5, 0x1c5],
  [0x1c6, 0x1c5],
  [0x1c7, 0x1c8],
  [0x1c8, 0x1c8],
  [0x1c9, 0x1c8],
  [0x1ca, 0x1cb],
  [0x1cb, 0x1cb],
  [0x1cc, 0x1cb],
  [0x1f1, 0x1f2],
  [0x1f2, 0x1f2],
  [0x1f3, 0x1f2],
]);

function single(mapped: string, r: number): number {
  const cps = [...mapped];
  return cps.length === 1 ? cps[0].codePointAt(0)! : r;
}

export function toUpperRune(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  return SIMPLE_UPPER.get(r) ?? single(String.fromCodePoint(r).toUpperCase(), r);
}

export function toLowerRune(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  return SIMPLE_LOWER.get(r) ?? single(String.fromCodePoint(r).toLowerCase(), r);
}

export function toTitleRune(r: number): number {
  const title = TITLE.get(r);
  if (title !== undefined) return title;
  if (r >= 0x1f80 && r <= 0x1faf) return (r & 0xfff8) + 8 + (r & 7) - (r & 8 ? 8 : 0);
  return toUpperRune(r);
}

export function mapRunes(s: string, f: (r: number) => number): string {
  let out = '';
  for (const ch of s) out += String.fromCodePoint(f(ch.codePointAt(0)!));
  return out;
}

export const toUpper = (s: string) => mapRunes(s, toUpperRune);
export const toLower = (s: string) => mapRunes(s, toLowerRune);

/** strings.Title: a letter after a separator (ASCII other than letters, digits and "_"; Unicode spaces) becomes title case. */
export function title(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (r) => {
    const out = isSeparator(prev) ? toTitleRune(r) : r;
    prev = r;
    return out;
  });
}

function isSeparator(r: number): boolean {
  if (r <= 0x7f) return !((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f);
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

export function trimSpace(s: string): string {
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && isSpace(cps[a].codePointAt(0)!)) a++;
  while (b > a && isSpace(cps[b - 1].codePointAt(0)!)) b--;
  return cps.slice(a, b).join('');
}

/** strings.Trim(s, cutset): runes of the cutset removed from both ends. */
export function trimRunes(s: string, cutset: string): string {
  const cut = new Set([...cutset]);
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && cut.has(cps[a])) a++;
  while (b > a && cut.has(cps[b - 1])) b--;
  return cps.slice(a, b).join('');
}

/** strings.Fields. */
export function fields(s: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of s) {
    if (isSpace(ch.codePointAt(0)!)) {
      if (word) out.push(word);
      word = '';
    } else word += ch;
  }
  if (word) out.push(word);
  return out;
}

/** strings.Split with Go's empty-separator rule (one element per rune). */
export function split(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = [...s];
    if (n < 0 || n >= runes.length) return runes;
    return [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** strconv.Quote. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r === 0x22) out += '\\"';
    else if (r === 0x5c) out += '\\\\';
    else if (r === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if (isPrint(r)) out += ch;
    else if (r === 0x07) out += '\\a';
    else if (r === 0x08) out += '\\b';
    else if (r === 0x0c) out += '\\f';
    else if (r === 0x0a) out += '\\n';
    else if (r === 0x0d) out += '\\r';
    else if (r === 0x09) out += '\\t';
    else if (r === 0x0b) out += '\\v';
    else if (r < 0x20 || r === 0x7f) out += `\\x${r.toString(16).padStart(2, '0')}`;
    else if (r < 0x10000) out += `\\u${r.toString(16).padStart(4, '0')}`;
    else out += `\\U${r.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
