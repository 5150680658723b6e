/**
 * Sprig's regular expressions (regex.go) with Go's regexp semantics: RE2
 * syntax and leftmost-first matching by re2js (a port of RE2 to JavaScript),
 * Go's rules for empty matches in FindAll and ReplaceAll, Go's `$1`/`${name}`
 * expansion (where `$1x` names group "1x") and Go's Split.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import type { FunctionMap } from '../functions.ts';

// Loaded on first use: few templates use a regular expression, and loading re2js cost 10–18 ms of every run.
const requireHere = createRequire(import.meta.url);
let re2js: typeof import('re2js') | undefined;
const engine = (): typeof import('re2js') => (re2js ??= requireHere('re2js') as typeof import('re2js'));

interface Compiled {
  pattern: RE2JS;
  /** The engine with Go's regexp API (FindAll*, ReplaceAll). */
  re2: { findAllSubmatchIndex(s: string, n: number): number[][] | null };
  names: Record<string, number>;
}

const cache = new Map<string, Compiled>();

/** regexp.Compile (MustCompile panics with the same message). */
function compile(expr: string): Compiled {
  let c = cache.get(expr);
  if (!c) {
    let pattern: RE2JS;
    try {
      pattern = engine().RE2JS.compile(expr);
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(message.startsWith('error parsing regexp') ? message : `error parsing regexp: ${message}`);
    }
    c = { pattern, re2: (pattern as unknown as { re2(): Compiled['re2'] }).re2(), names: pattern.namedGroups() };
    cache.set(expr, c);
  }
  return c;
}

function findAll(c: Compiled, s: string, n: number): number[][] {
  if (n === 0) return [];
  return c.re2.findAllSubmatchIndex(s, n < 0 ? -1 : n) ?? [];
}

/** regexp.Regexp.Expand's name extraction. */
function extract(template: string): { name: string; num: number; rest: string } | undefined {
  let str = template;
  const brace = str.startsWith('{');
  if (brace) str = str.slice(1);
  const m = /^[\p{L}\p{Nd}_]+/u.exec(str);
  if (!m) return undefined;
  const name = m[0];
  let i = name.length;
  if (brace) {
    if (str[i] !== '}') return undefined;
    i++;
  }
  let num = /^[0-9]+$/.test(name) && name.length < 9 ? Number(name) : -1;
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: str.slice(i) };
}

function expand(c: Compiled, template: string, src: string, match: number[]): string {
  let out = '';
  let t = template;
  for (;;) {
    const at = t.indexOf('$');
    if (at === -1) break;
    out += t.slice(0, at);
    t = t.slice(at + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ref = extract(t);
    if (!ref) {
      out += '$';
      continue;
    }
    t = ref.rest;
    const group = ref.num >= 0 ? ref.num : c.names[ref.name];
    if (group !== undefined && 2 * group + 1 < match.length && match[2 * group] >= 0) out += src.slice(match[2 * group], match[2 * group + 1]);
  }
  return out + t;
}

function replaceAll(expr: string, s: string, repl: string, literal: boolean): string {
  const c = compile(expr);
  let out = '';
  let last = 0;
  for (const m of findAll(c, s, -1)) {
    out += s.slice(last, m[0]) + (literal ? repl : expand(c, repl, s, m));
    last = m[1];
  }
  return out + s.slice(last);
}

function split(expr: string, s: string, n: bigint): string[] {
  if (n === 0n) return [];
  const c = compile(expr);
  if (expr.length > 0 && s.length === 0) return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAll(c, s, Number(n))) {
    if (n > 0n && out.length === Number(n) - 1) break;
    end = m[0];
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1];
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** regexp.QuoteMeta. */
function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const matchString = (expr: string, s: string) => compile(expr).pattern.test(s);
const find = (expr: string, s: string) => {
  const m = findAll(compile(expr), s, 1)[0];
  return m ? s.slice(m[0], m[1]) : '';
};
const findAllStrings = (expr: string, s: string, n: bigint) => findAll(compile(expr), s, Number(n)).map((m) => s.slice(m[0], m[1]));

export const REGEX: FunctionMap = {
  regexMatch: {
    params: ['string', 'string'],
    fn: (expr: string, s: string) => {
      try {
        return matchString(expr, s);
      } catch {
        return false;
      }
    },
  },
  mustRegexMatch: { params: ['string', 'string'], fn: matchString },
  regexFindAll: { params: ['string', 'string', 'int'], fn: findAllStrings },
  mustRegexFindAll: { params: ['string', 'string', 'int'], fn: findAllStrings },
  regexFind: { params: ['string', 'string'], fn: find },
  mustRegexFind: { params: ['string', 'string'], fn: find },
  regexReplaceAll: { params: ['string', 'string', 'string'], fn: (expr: string, s: string, r: string) => replaceAll(expr, s, r, false) },
  mustRegexReplaceAll: { params: ['string', 'string', 'string'], fn: (expr: string, s: string, r: string) => replaceAll(expr, s, r, false) },
  regexReplaceAllLiteral: { params: ['string', 'string', 'string'], fn: (expr: string, s: string, r: string) => replaceAll(expr, s, r, true) },
  mustRegexReplaceAllLiteral: { params: ['string', 'string', 'string'], fn: (expr: string, s: string, r: string) => replaceAll(expr, s, r, true) },
  regexSplit: { params: ['string', 'string', 'int'], fn: split },
  mustRegexSplit: { params: ['string', 'string', 'int'], fn: split },
  regexQuoteMeta: { params: ['string'], fn: quoteMeta },
};
