/**
 * Go text/template lexer: splits a template into text and the tokens of each
 * `{{ }}` action, honouring trim markers (`{{- ` and ` -}}`) and comments the
 * way Go does. Field chains (`.a.b`, `$x.a`, `(...).a`) come out as one token
 * so the parser need not track whitespace.
 */
import { TemplateError } from './errors.ts';

export type Token =
  | { kind: 'text'; pos: number; value: string }
  | { kind: 'open'; pos: number }
  | { kind: 'close'; pos: number }
  | { kind: 'field'; pos: number; fields: string[]; attached: boolean }
  | { kind: 'dot'; pos: number }
  | { kind: 'variable'; pos: number; name: string; fields: string[] }
  | { kind: 'identifier'; pos: number; name: string }
  | { kind: 'string'; pos: number; value: string }
  | { kind: 'number'; pos: number; value: number | bigint }
  | { kind: 'punct'; pos: number; value: '(' | ')' | '|' | ',' | ':=' | '=' };

const SPACE = /[ \t\r\n]/;
const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_]/;

export function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let trimNextText = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    const textEnd = open === -1 ? src.length : open;
    let text = src.slice(i, textEnd);
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    const leftTrim = open !== -1 && src[open + 2] === '-' && SPACE.test(src[open + 3] ?? '');
    if (leftTrim) text = text.replace(/[ \t\r\n]+$/, '');
    if (text) tokens.push({ kind: 'text', pos: i, value: text });
    if (open === -1) break;
    const j = open + 2 + (leftTrim ? 2 : 0);
    const end = lexAction(src, j, tokens, open);
    trimNextText = end.rightTrim;
    i = end.next;
  }
  return tokens;
}

/** Lexes one action starting after `{{`; returns where the text resumes. */
function lexAction(src: string, start: number, tokens: Token[], openPos: number): { next: number; rightTrim: boolean } {
  let j = start;
  while (SPACE.test(src[j] ?? '')) j++;
  if (src.startsWith('/*', j)) return lexComment(src, j, openPos);
  tokens.push({ kind: 'open', pos: openPos });
  let previousEndsTerm = false;
  for (;;) {
    if (j >= src.length) throw new TemplateError(lineOf(src, openPos), 'unclosed action');
    const c = src[j];
    if (SPACE.test(c)) {
      const rest = src.slice(j);
      const m = /^[ \t\r\n]+-}}/.exec(rest);
      if (m) {
        tokens.push({ kind: 'close', pos: j });
        return { next: j + m[0].length, rightTrim: true };
      }
      j++;
      previousEndsTerm = false;
      continue;
    }
    if (src.startsWith('}}', j)) {
      tokens.push({ kind: 'close', pos: j });
      return { next: j + 2, rightTrim: false };
    }
    const startPos = j;
    if (c === '.' && IDENT_START.test(src[j + 1] ?? '')) {
      const { fields, end } = readFields(src, j);
      tokens.push({ kind: 'field', pos: chainPos(src, startPos, fields), fields, attached: previousEndsTerm });
      j = end;
      previousEndsTerm = true;
      continue;
    }
    previousEndsTerm = false;
    if (c === '.' && !/[0-9]/.test(src[j + 1] ?? '')) {
      tokens.push({ kind: 'dot', pos: j++ });
    } else if (c === '$') {
      let k = j + 1;
      while (IDENT.test(src[k] ?? '')) k++;
      const name = src.slice(j, k);
      const { fields, end } = src[k] === '.' && IDENT_START.test(src[k + 1] ?? '') ? readFields(src, k) : { fields: [], end: k };
      tokens.push({ kind: 'variable', pos: fields.length ? k : startPos, name, fields });
      j = end;
      previousEndsTerm = true;
    } else if (IDENT_START.test(c)) {
      let k = j;
      while (IDENT.test(src[k] ?? '')) k++;
      tokens.push({ kind: 'identifier', pos: startPos, name: src.slice(j, k) });
      j = k;
    } else if (c === '"' || c === '`') {
      const { value, end } = readString(src, j);
      tokens.push({ kind: 'string', pos: startPos, value });
      j = end;
    } else if (c === "'") {
      const { value, end } = readString(src, j);
      tokens.push({ kind: 'number', pos: startPos, value: BigInt(value.codePointAt(0) ?? 0) });
      j = end;
    } else if (/[0-9+-]/.test(c) || (c === '.' && /[0-9]/.test(src[j + 1] ?? ''))) {
      const m = /^[+-]?(0[xX][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9]+)?)/.exec(src.slice(j));
      const literal = m?.[0] ?? '';
      if (!/[0-9]/.test(literal)) throw new TemplateError(lineOf(src, j), `bad character ${JSON.stringify(c)}`);
      tokens.push({ kind: 'number', pos: startPos, value: parseNumber(literal.replace(/_/g, '')) });
      j += literal.length;
    } else if (c === ':' && src[j + 1] === '=') {
      tokens.push({ kind: 'punct', pos: startPos, value: ':=' });
      j += 2;
    } else if (c === '(' || c === ')' || c === '|' || c === ',' || c === '=') {
      tokens.push({ kind: 'punct', pos: startPos, value: c });
      j++;
      previousEndsTerm = c === ')';
    } else {
      throw new TemplateError(lineOf(src, j), `unexpected ${JSON.stringify(c)} in command`);
    }
  }
}

function lexComment(src: string, j: number, openPos: number): { next: number; rightTrim: boolean } {
  const close = src.indexOf('*/', j + 2);
  if (close === -1) throw new TemplateError(lineOf(src, openPos), 'unclosed comment');
  const after = src.slice(close + 2);
  const m = /^([ \t\r\n]+-)?}}/.exec(after);
  if (!m) throw new TemplateError(lineOf(src, openPos), 'comment ends before closing delimiter');
  return { next: close + 2 + m[0].length, rightTrim: Boolean(m[1]) };
}

/** Go positions a chain `.a.b.c` at its second link (parse.newChain), which is where its errors point. */
function chainPos(_src: string, start: number, fields: string[]): number {
  return fields.length > 1 ? start + 1 + fields[0].length : start;
}

function readFields(src: string, j: number): { fields: string[]; end: number } {
  const fields: string[] = [];
  let k = j;
  while (src[k] === '.' && IDENT_START.test(src[k + 1] ?? '')) {
    let e = k + 1;
    while (IDENT.test(src[e] ?? '')) e++;
    fields.push(src.slice(k + 1, e));
    k = e;
  }
  return { fields, end: k };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" };

function readString(src: string, j: number): { value: string; end: number } {
  const quote = src[j];
  let k = j + 1;
  let value = '';
  while (k < src.length && src[k] !== quote) {
    if (quote === '`') {
      value += src[k++];
      continue;
    }
    if (src[k] === '\n') break;
    if (src[k] !== '\\') {
      value += src[k++];
      continue;
    }
    const e = src[k + 1];
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex) {
      value += String.fromCodePoint(Number.parseInt(src.slice(k + 2, k + 2 + hex), 16));
      k += 2 + hex;
    } else if (e in ESCAPES) {
      value += ESCAPES[e];
      k += 2;
    } else {
      throw new TemplateError(lineOf(src, k), `unknown escape sequence \\${e}`);
    }
  }
  if (src[k] !== quote) throw new TemplateError(lineOf(src, j), 'unterminated quoted string');
  return { value, end: k + 1 };
}

/** Go template constants: integers become bigint (Go int), anything else a float64. */
function parseNumber(literal: string): number | bigint {
  const negative = literal.startsWith('-');
  const body = literal.replace(/^[+-]/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(body) || /^[0-9]+$/.test(body)) return negative ? -BigInt(body) : BigInt(body);
  return Number(literal);
}

export function lineOf(src: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < src.length; i++) if (src[i] === '\n') line++;
  return line;
}
