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
  const body = isEmpty(value) ? (Array.isArray(value) ? '[]' : '{}') : collection(value, '');
  return body === undefined ? undefined : `${body}\n`;
}

function isEmpty(value: object): boolean {
  if (Array.isArray(value)) return value.length === 0;
  for (const k in value) if (Object.prototype.hasOwnProperty.call(value, k) && (value as Record<string, unknown>)[k] !== undefined) return false;
  return true;
}

/** A non-empty block collection whose items start at `indent` (yaml's ctx.indent). */
function collection(value: object, indent: string): string | undefined {
  return Array.isArray(value) ? sequence(value, indent) : map(value as Record<string, unknown>, indent);
}

function map(value: Record<string, unknown>, indent: string): string | undefined {
  const keys = sortedKeys(value);
  if (keys === undefined) return undefined;
  const inner = indent + INDENT_STEP;
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const k = keyString(key);
    if (k === undefined) return undefined;
    const v = node(value[key], inner, `${k}: `, `${k}:\n${inner}`);
    if (v === undefined) return undefined;
    out += i === 0 ? v : `\n${indent}${v}`;
  }
  return out;
}

function sequence(value: unknown[], indent: string): string | undefined {
  const inner = indent + INDENT_STEP;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === undefined) return undefined;
    const v = node(value[i], inner, '- ', '- ');
    if (v === undefined) return undefined;
    out += i === 0 ? v : `\n${indent}${v}`;
  }
  return out;
}

/** One map value or sequence item: `scalarPrefix` before a scalar or `{}`, `blockPrefix` before a block collection. */
function node(v: unknown, indent: string, scalarPrefix: string, blockPrefix: string): string | undefined {
  if (v !== null && typeof v === 'object') {
    if (isEmpty(v)) return `${scalarPrefix}${Array.isArray(v) ? '[]' : '{}'}`;
    const body = collection(v, indent);
    return body === undefined ? undefined : blockPrefix + body;
  }
  const s = scalar(v, indent);
  return s === undefined ? undefined : scalarPrefix + s;
}

/**
 * canonicalize's order as yaml sees it: it sorts the keys, then builds an object
 * from them, and JavaScript lists integer-like keys ("0", "8080") first, in
 * numeric order, whatever the insertion order.
 */
function sortedKeys(value: Record<string, unknown>): string[] | undefined {
  const keys: string[] = [];
  let indexKeys: string[] | undefined;
  for (const k of Object.keys(value)) {
    if (value[k] === undefined) continue;
    if (k === '__proto__') return undefined; // canonicalize drops it by assignment; let yaml see the same
    if (isArrayIndex(k)) (indexKeys ??= []).push(k);
    else keys.push(k);
  }
  keys.sort(compareKeys);
  return indexKeys ? [...indexKeys.sort((a, b) => Number(a) - Number(b)), ...keys] : keys;
}

function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(0|[1-9][0-9]*)$/.test(key) && Number(key) <= 4294967294;
}

function compareKeys(a: string, b: string): number {
  const ha = HEAD.indexOf(a);
  const hb = HEAD.indexOf(b);
  if (ha !== -1 || hb !== -1) return (ha === -1 ? HEAD.length : ha) - (hb === -1 ? HEAD.length : hb);
  return a < b ? -1 : a > b ? 1 : 0;
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
