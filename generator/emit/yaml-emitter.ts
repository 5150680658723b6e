/**
 * A fast emitter for the YAML that serialize.ts writes: the same bytes as
 * `yaml`'s stringify with { schema: 'yaml-1.1', lineWidth: 0,
 * minContentWidth: 0, aliasDuplicateObjects: false } on canonicalized data,
 * at a fraction of the cost (the `yaml` package builds a document node per
 * value first; on a 500-app fleet that was most of the generate time).
 *
 * It covers the shapes generated objects have: block maps and sequences,
 * `{}`/`[]`, integers and other finite numbers, booleans, null, plain, single-
 * and double-quoted one-line strings and `|`/`|-` literal blocks. Anything
 * else (control characters, strings that would need `|+` or quoted multi-line
 * form, document markers, very long keys) returns undefined, and the caller
 * uses `yaml` itself for that value. The rules below follow yaml 2.x
 * stringifyString.ts / stringifyPair.ts / stringifyCollection.ts; the tests
 * compare both emitters on every object a generated fleet contains.
 */
import { Document } from 'yaml';

const INDENT_STEP = '  ';
/** Keys first in this order, then the rest by `<` (see canonicalize in serialize.ts). */
const HEAD = ['apiVersion', 'kind', 'metadata', 'name'];

/** `yaml` double-quotes these (stringifyString: control characters and lone surrogates). */
const NEEDS_ESCAPES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** Strings `yaml` will not write plain (stringifyString.plainString). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;
const MAX_IMPLICIT_KEY = 1024;
const MERGE_KEY = '<<';

/** The YAML 1.1 tags that would read a plain scalar as something other than a string. */
const NON_STRING_TESTS: RegExp[] = (() => {
  const schema = new Document(null, { schema: 'yaml-1.1' }).schema as unknown as { tags: Tag[]; compat?: Tag[] | null };
  return [...schema.tags, ...(schema.compat ?? [])].filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test).map((t) => t.test!);
})();
interface Tag {
  default?: boolean | 'key';
  tag: string;
  test?: RegExp;
}

/** Scalars repeat (label keys, names, images): each distinct one-line string is rendered once. */
const renderedStrings = new Map<string, string | undefined>();
const MAX_CACHED = 200_000;

/** The YAML document for a value (a map or a sequence), or undefined if `yaml` itself must write it. */
export function emitYaml(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  // Pieces are collected and joined once: one flat string, no tree of concatenations.
  const out: string[] = [];
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]\n';
    if (!sequence(value, 0, out)) return undefined;
  } else {
    const keys = sortedKeys(value as Record<string, unknown>);
    if (keys === undefined) return undefined;
    if (keys.length === 0) return '{}\n';
    if (!map(value as Record<string, unknown>, keys, 0, out)) return undefined;
  }
  out.push('\n');
  return out.join('');
}

/** yaml's ctx.indent for a depth, built once. */
const INDENTS: string[] = [''];
function indentAt(depth: number): string {
  while (INDENTS.length <= depth) INDENTS.push(INDENTS[INDENTS.length - 1] + INDENT_STEP);
  return INDENTS[depth];
}

/** A non-empty block map whose entries start at `depth`; false if yaml must write the document. */
function map(value: Record<string, unknown>, keys: string[], depth: number, out: string[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    const k = keyString(keys[i]);
    if (k === undefined) return false;
    if (i > 0) out.push('\n', indentAt(depth));
    out.push(k);
    if (!entryValue(value[keys[i]], depth, ': ', ':\n', out)) return false;
  }
  return true;
}

/** A non-empty block sequence whose items start at `depth`. */
function sequence(value: unknown[], depth: number, out: string[]): boolean {
  for (let i = 0; i < value.length; i++) {
    if (value[i] === undefined) return false;
    if (i > 0) out.push('\n', indentAt(depth));
    out.push('-');
    if (!entryValue(value[i], depth, ' ', ' ', out)) return false;
  }
  return true;
}

/** A map value or sequence item after its key or dash: `inline` before a scalar or `{}`/`[]`, `nested` before a block collection. */
function entryValue(v: unknown, depth: number, inline: string, nested: string, out: string[]): boolean {
  if (v === null || typeof v !== 'object') {
    const s = scalar(v, indentAt(depth + 1));
    if (s === undefined) return false;
    out.push(inline, s);
    return true;
  }
  const nestedIndent = nested === ' ' ? '' : indentAt(depth + 1);
  if (Array.isArray(v)) {
    if (v.length === 0) out.push(inline, '[]');
    else {
      out.push(nested, nestedIndent);
      if (!sequence(v, depth + 1, out)) return false;
    }
    return true;
  }
  const keys = sortedKeys(v as Record<string, unknown>);
  if (keys === undefined) return false;
  if (keys.length === 0) out.push(inline, '{}');
  else {
    out.push(nested, nestedIndent);
    if (!map(v as Record<string, unknown>, keys, depth + 1, out)) return false;
  }
  return true;
}

/**
 * canonicalize's order as yaml sees it: it sorts the keys, then builds an object
 * from them, and JavaScript lists integer-like keys ("0", "8080") first, in
 * numeric order, whatever the insertion order.
 */
function sortedKeys(value: Record<string, unknown>): string[] | undefined {
  let keys = Object.keys(value); // a fresh array: integer-like keys first (ascending), then insertion order
  let unusual = false;
  for (const k of keys) if (value[k] === undefined || isArrayIndex(k)) unusual = true;
  if (unusual) {
    keys = keys.filter((k) => value[k] !== undefined);
    const indexKeys = keys.filter(isArrayIndex);
    const rest = keys.filter((k) => !isArrayIndex(k)).sort(compareKeys);
    return [...indexKeys.sort((a, b) => Number(a) - Number(b)), ...rest];
  }
  return isSorted(keys) ? keys : keys.sort(compareKeys);
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (compareKeys(keys[i - 1], keys[i]) > 0) return false;
  return true;
}

function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(0|[1-9][0-9]*)$/.test(key) && Number(key) <= 4294967294;
}

function compareKeys(a: string, b: string): number {
  const ha = headRank(a);
  const hb = headRank(b);
  if (ha !== hb) return ha - hb;
  return ha < HEAD.length ? 0 : a < b ? -1 : a > b ? 1 : 0;
}

function headRank(key: string): number {
  switch (key) {
    case 'apiVersion':
      return 0;
    case 'kind':
      return 1;
    case 'metadata':
      return 2;
    case 'name':
      return 3;
    default:
      return HEAD.length;
  }
}

function scalar(v: unknown, indent: string): string | undefined {
  switch (typeof v) {
    case 'string':
      return v.includes('\n') ? literalBlock(v, indent) : oneLine(v);
    case 'number':
      if (Object.is(v, -0)) return '-0';
      if (!Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v < 0 ? '-.inf' : '.inf';
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return v === null ? 'null' : undefined;
  }
}

function keyString(key: string): string | undefined {
  if (key.includes('\n')) return undefined;
  const s = oneLine(key);
  return s !== undefined && s.length <= MAX_IMPLICIT_KEY ? s : undefined;
}

/** A one-line string as a plain, single- or double-quoted scalar (the same for keys and values). */
function oneLine(s: string): string | undefined {
  const cached = renderedStrings.get(s);
  if (cached !== undefined || renderedStrings.has(s)) return cached;
  const out = renderOneLine(s);
  if (renderedStrings.size >= MAX_CACHED) renderedStrings.clear();
  renderedStrings.set(s, out);
  return out;
}

function renderOneLine(s: string): string | undefined {
  if (s === MERGE_KEY) return s; // yaml's merge tag claims this string and writes it bare
  if (NEEDS_ESCAPES.test(s) || DOCUMENT_MARKER.test(s)) return undefined;
  if (NOT_PLAIN.test(s) || NON_STRING_TESTS.some((re) => re.test(s))) return quoted(s);
  return s;
}

function quoted(s: string): string {
  if (s.includes('"') && !s.includes("'")) return `'${s}'`;
  return JSON.stringify(s);
}

/** A multi-line string as a `|` (clip) or `|-` (strip) literal block; `|+` and the quoted forms go to yaml. */
function literalBlock(s: string, indent: string): string | undefined {
  if (NEEDS_ESCAPES.test(s) || /\n[\t ]+$/.test(s)) return undefined;
  let endStart = s.length;
  while (endStart > 0 && (s[endStart - 1] === '\n' || s[endStart - 1] === '\t' || s[endStart - 1] === ' ')) endStart--;
  let end = s.substring(endStart);
  const endNewline = end.indexOf('\n');
  if (endNewline !== -1 && (s === end || endNewline !== end.length - 1)) return undefined; // keep chomping (|+)
  const chomp = endNewline === -1 ? '-' : '';
  let value = s;
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd = 0;
  let startNewline = -1;
  for (; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNewline = startEnd;
    else break;
  }
  let start = value.substring(0, startNewline < startEnd ? startNewline + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? '2' : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}
