/** Sprig's string functions (strings.go, with goutils and xstrings where Sprig calls them). */
import type { FunctionMap, ParamType } from '../functions.ts';
import * as go from '../gostrings.ts';
import { formatV, type GoMap, GoStruct, type GoValue, MISSING } from '../values.ts';

/** Sprig's strval: a string as is, anything else as fmt prints it. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof GoStruct) return v.format();
  return formatV(v === MISSING ? null : v);
}

/** Sprig's strslice: a list's non-nil items as strings, nil as none, anything else as one string. */
export function strslice(v: GoValue): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== MISSING).map(strval);
  if (v === null || v === MISSING) return [];
  return [strval(v)];
}

const latin1 = (bytes: number[]) => String.fromCharCode(...bytes);

/** goutils.DeleteWhiteSpace: byte by byte, each kept byte written as the rune of its value. */
function nospace(s: string): string {
  if (s === '') return s;
  const bytes = [...go.bytesOf(s)];
  const kept = bytes.filter((b) => !go.isSpace(b));
  return kept.length === bytes.length ? s : latin1(kept);
}

/** goutils.Initials (no delimiters given): the first byte after whitespace, written as a rune. */
function initials(s: string): string {
  const out: number[] = [];
  let gap = true;
  for (const b of go.bytesOf(s)) {
    if (go.isSpace(b)) gap = true;
    else if (gap) {
      out.push(b);
      gap = false;
    }
  }
  return latin1(out);
}

/** goutils.AbbreviateFull on bytes. */
function abbreviateFull(str: string, offsetIn: number, maxWidth: number): string {
  if (str === '') return '';
  if (maxWidth < 4) throw new Error('stringutils illegal argument: Minimum abbreviation width is 4');
  const len = go.byteLength(str);
  if (len <= maxWidth) return str;
  let offset = Math.min(offsetIn, len);
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return `${go.byteSlice(str, 0, maxWidth - 3)}...`;
  if (maxWidth < 7) throw new Error('stringutils illegal argument: Minimum abbreviation width with offset is 7');
  if (offset + maxWidth - 3 < len) return `...${abbreviateFull(go.byteSlice(str, offset), 0, maxWidth - 3)}`;
  return `...${go.byteSlice(str, len - (maxWidth - 3))}`;
}

/** goutils.WrapCustom on bytes. */
function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  const nl = newLine === '' ? '\n' : newLine;
  const width = Math.max(1, wrapLength);
  const b = go.bytesOf(str);
  const slice = (from: number, to = b.length) => go.stringOf(b.subarray(from, to));
  const lastSpace = (from: number, to: number) => b.subarray(from, to).lastIndexOf(0x20);
  let offset = 0;
  let out = '';
  while (b.length - offset > width) {
    if (b[offset] === 0x20) {
      offset++;
      continue;
    }
    const at = lastSpace(offset, Math.min(width + offset + 1, b.length));
    if (at >= 0) {
      out += slice(offset, offset + at) + nl;
      offset += at + 1;
    } else if (wrapLongWords) {
      out += slice(offset, width + offset) + nl;
      offset += width;
    } else {
      const index = b.subarray(width + offset).indexOf(0x20);
      if (index === -1) {
        out += slice(offset);
        offset = b.length;
      } else {
        out += slice(offset, index + width + offset) + nl;
        offset = index + width + offset + 1;
      }
    }
  }
  return out + slice(offset);
}

/** goutils.Uncapitalize: the first rune of each whitespace-separated word in lower case. */
function untitle(s: string): string {
  let next = true;
  return go.mapRunes(s, (r) => {
    if (go.isSpace(r)) {
      next = true;
      return r;
    }
    if (!next) return r;
    next = false;
    return go.toLowerRune(r);
  });
}

/** goutils.SwapCase. */
function swapcase(s: string): string {
  let whitespace = true;
  return go.mapRunes(s, (r) => {
    if (go.isUpper(r) || go.isTitle(r)) {
      whitespace = false;
      return go.toLowerRune(r);
    }
    if (go.isLower(r)) {
      const out = whitespace ? go.toTitleRune(r) : go.toUpperRune(r);
      whitespace = false;
      return out;
    }
    whitespace = go.isSpace(r);
    return r;
  });
}

const isConnector = (r: number) => r === 0x2d || r === 0x5f || go.isSpace(r);
const isAlphabet = (r: number) => (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a);

/** xstrings.ToPascalCase: words split at "-", "_" and spaces, each capitalised; upper-case runs in lower case. */
function pascalCase(str: string): string {
  const runes = [...str].map((c) => c.codePointAt(0)!);
  let out = '';
  let i = 0;
  for (; i < runes.length && isConnector(runes[i]); i++) out += String.fromCodePoint(runes[i]);
  if (i >= runes.length) return out;
  let firstUpper = go.isUpper(runes[i]);
  let r0 = go.toUpperRune(runes[i]);
  for (i++; i < runes.length; i++) {
    const r1 = r0;
    r0 = runes[i];
    if (isConnector(r0) && isConnector(r1)) {
      out += String.fromCodePoint(r1);
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = go.isUpper(r0);
      r0 = go.toUpperRune(r0);
    } else {
      if (firstUpper) {
        if (go.isUpper(r0)) r0 = go.toLowerRune(r0);
        else firstUpper = false;
      }
      out += String.fromCodePoint(r1);
    }
  }
  return out + String.fromCodePoint(r0);
}

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

/** xstrings' nextWord: the next run of one kind (an upper-case run keeps the capital of a following word out). */
function nextWord(runes: number[], start: number): [WordType, number] {
  const r = runes[start];
  let i = start + 1;
  const run = (pred: (x: number) => boolean) => {
    while (i < runes.length && pred(runes[i])) i++;
  };
  if (isConnector(r)) {
    run(isConnector);
    return ['connector', i];
  }
  if (go.isPunct(r)) {
    run(go.isPunct);
    return ['punct', i];
  }
  if (go.isUpper(r)) {
    if (i >= runes.length) return ['upper', i];
    if (go.isUpper(runes[i])) {
      run(go.isUpper);
      if (i < runes.length && isAlphabet(runes[i])) i--;
      return ['upper', i];
    }
    if (isAlphabet(runes[i])) run((x) => isAlphabet(x) && !go.isUpper(x));
    return ['upper', i];
  }
  if (isAlphabet(r)) {
    run((x) => isAlphabet(x) && !go.isUpper(x));
    return ['alphabet', i];
  }
  if (go.isNumber(r)) {
    run(go.isNumber);
    return ['number', i];
  }
  run((x) => !(isConnector(x) || isAlphabet(x) || go.isNumber(x) || go.isPunct(x)));
  return ['other', i];
}

/** xstrings' camelCaseToLowerCase, behind ToSnakeCase and ToKebabCase. */
function lowerCaseWords(str: string, connector: string): string {
  const runes = [...str].map((c) => c.codePointAt(0)!);
  if (runes.length === 0) return '';
  let out = '';
  const lower = (wt: WordType, from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const r = runes[k];
      if (wt !== 'upper' && wt !== 'connector') out += String.fromCodePoint(r);
      else if (isConnector(r)) out += connector;
      else out += String.fromCodePoint(go.isUpper(r) ? go.toLowerRune(r) : r);
    }
  };
  let pos = 0;
  const first = nextWord(runes, 0);
  let wt = first[0] as WordType;
  const end = first[1];
  let word: [number, number] = [0, end];
  pos = end;
  const advance = () => {
    if (pos >= runes.length) {
      wt = 'invalid';
      word = [pos, pos];
      return;
    }
    const [t, e] = nextWord(runes, pos);
    wt = t;
    word = [pos, e];
    pos = e;
  };
  while (pos < runes.length) {
    if (wt !== 'connector') lower(wt, word[0], word[1]);
    const prev: WordType = wt;
    const last = word;
    advance();
    if (prev === 'number') {
      while ((wt as WordType) === 'alphabet' || (wt as WordType) === 'number') {
        lower(wt, word[0], word[1]);
        advance();
      }
      if (wt !== 'invalid' && wt !== 'punct' && wt !== 'connector') out += connector;
    } else if (prev === 'connector') lower(prev, last[0], last[1]);
    else if (prev !== 'punct') {
      if (wt !== 'number') {
        if (wt !== 'connector' && wt !== 'punct') out += connector;
      } else if (pos < runes.length) {
        const number = word;
        advance();
        const next = (): WordType => wt;
        if (next() !== 'alphabet') {
          lower('number', number[0], number[1]);
          if (next() !== 'connector' && next() !== 'punct') out += connector;
        } else {
          out += connector;
          lower('number', number[0], number[1]);
          while (next() === 'alphabet' || next() === 'number') {
            lower(wt, word[0], word[1]);
            advance();
          }
          if (next() !== 'invalid' && next() !== 'connector' && next() !== 'punct') out += connector;
        }
      }
    }
  }
  lower(wt, word[0], word[1]);
  return out;
}

function trunc(c: bigint, s: string): string {
  const len = go.byteLength(s);
  const n = Number(c);
  if (n < 0 && len + n > 0) return go.byteSlice(s, len + n);
  if (n >= 0 && len > n) return go.byteSlice(s, 0, n);
  return s;
}

function substr(start: bigint, end: bigint, s: string): string {
  const a = Number(start);
  const b = Number(end);
  if (a < 0) return go.byteSlice(s, 0, b);
  if (b < 0 || b > go.byteLength(s)) return go.byteSlice(s, a);
  return go.byteSlice(s, a, b);
}

function indent(spaces: bigint, s: string): string {
  const pad = ' '.repeat(Math.max(0, Number(spaces)));
  return pad + s.replaceAll('\n', `\n${pad}`);
}

const splitMap = (parts: string[]): GoMap => Object.fromEntries(parts.map((p, i) => [`_${i}`, p]));

export const STRINGS: FunctionMap = {
  hello: { params: [], fn: () => 'Hello!' },
  abbrev: { params: ['int', 'string'], fn: (w: bigint, s: string) => (w < 4n ? s : abbreviateFull(s, 0, Number(w))) },
  abbrevboth: {
    params: ['int', 'int', 'string'],
    fn: (l: bigint, r: bigint, s: string) => (r < 4n || (l > 0n && r < 7n) ? s : abbreviateFull(s, Number(l), Number(r))),
  },
  trunc: { params: ['int', 'string'], fn: trunc },
  trim: { params: ['string'], fn: go.trimSpace },
  upper: { params: ['string'], fn: go.toUpper },
  lower: { params: ['string'], fn: go.toLower },
  title: { params: ['string'], fn: go.title },
  untitle: { params: ['string'], fn: untitle },
  substr: { params: ['int', 'int', 'string'], fn: substr },
  repeat: {
    params: ['int', 'string'],
    fn: (n: bigint, s: string) => {
      if (n < 0n) throw new Error('strings: negative Repeat count');
      return s.repeat(Number(n));
    },
  },
  trimall: { params: ['string', 'string'], fn: (cut: string, s: string) => go.trimRunes(s, cut) },
  trimAll: { params: ['string', 'string'], fn: (cut: string, s: string) => go.trimRunes(s, cut) },
  trimSuffix: { params: ['string', 'string'], fn: (x: string, s: string) => (x !== '' && s.endsWith(x) ? s.slice(0, -x.length) : s) },
  trimPrefix: { params: ['string', 'string'], fn: (p: string, s: string) => (s.startsWith(p) ? s.slice(p.length) : s) },
  nospace: { params: ['string'], fn: nospace },
  initials: { params: ['string'], fn: initials },
  swapcase: { params: ['string'], fn: swapcase },
  snakecase: { params: ['string'], fn: (s: string) => lowerCaseWords(s, '_') },
  camelcase: { params: ['string'], fn: pascalCase },
  kebabcase: { params: ['string'], fn: (s: string) => lowerCaseWords(s, '-') },
  wrap: { params: ['int', 'string'], fn: (l: bigint, s: string) => wrapCustom(s, Number(l), '', false) },
  wrapWith: { params: ['int', 'string', 'string'], fn: (l: bigint, sep: string, s: string) => wrapCustom(s, Number(l), sep, true) },
  contains: { params: ['string', 'string'], fn: (sub: string, s: string) => s.includes(sub) },
  hasPrefix: { params: ['string', 'string'], fn: (p: string, s: string) => s.startsWith(p) },
  hasSuffix: { params: ['string', 'string'], fn: (p: string, s: string) => s.endsWith(p) },
  quote: {
    params: [],
    variadic: 'any',
    fn: (...v: GoValue[]) =>
      v
        .filter((x) => x !== null && x !== MISSING)
        .map((x) => go.quote(strval(x)))
        .join(' '),
  },
  squote: {
    params: [],
    variadic: 'any',
    fn: (...v: GoValue[]) =>
      v
        .filter((x) => x !== null && x !== MISSING)
        .map((x) => `'${formatV(x)}'`)
        .join(' '),
  },
  cat: {
    params: [],
    variadic: 'any',
    fn: (...v: GoValue[]) =>
      v
        .filter((x) => x !== null && x !== MISSING)
        .map(formatV)
        .join(' '),
  },
  indent: { params: ['int', 'string'], fn: indent },
  nindent: { params: ['int', 'string'], fn: (n: bigint, s: string) => `\n${indent(n, s)}` },
  replace: {
    params: ['string', 'string', 'string'],
    fn: (o: string, n: string, s: string) => (o === '' ? n + go.split(s, '').join(n) + (s ? n : '') : s.split(o).join(n)),
  },
  plural: { params: ['string', 'string', 'int'], fn: (one: string, many: string, n: bigint) => (n === 1n ? one : many) },
  toString: { params: ['any'] as ParamType[], fn: strval },
  join: { params: ['string', 'any'], fn: (sep: string, v: GoValue) => strslice(v).join(sep) },
  split: { params: ['string', 'string'], fn: (sep: string, s: string) => splitMap(go.split(s, sep)) },
  splitList: { params: ['string', 'string'], fn: (sep: string, s: string) => go.split(s, sep) },
  splitn: { params: ['string', 'int', 'string'], fn: (sep: string, n: bigint, s: string) => splitMap(go.split(s, sep, Number(n))) },
  toStrings: { params: ['any'], fn: strslice },
};
