/**
 * Text-level hazards of YAML config: plain scalars that YAML 1.1 tools (kubectl,
 * Argo CD, Helm) read differently from the YAML 1.2 we parse, and nesting deep
 * enough to exhaust the parser's stack.
 */

const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const LEADING_ZERO_NUMBER = /^[-+]?0[0-9_]+$/;
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/;

/**
 * No config needs more: an app's deepest field is about 8 levels down, a raw
 * resource or chart values some 20. Deeper nesting is an attack on the
 * parser's stack (and every recursive step after it), not a config.
 */
export const MAX_DEPTH = 64;

export interface Hazard {
  message: string;
  hint: string;
}

/** The hazard of one plain (unquoted) scalar's source text, if any. */
export function yaml11Hazard(source: string): Hazard | undefined {
  if (YAML11_BOOLEANS.test(source)) {
    return {
      message: `\`${source}\` is ambiguous: YAML 1.1 tools read it as a boolean, YAML 1.2 as a string`,
      hint: `Write true/false for a boolean, or quote it ("${source}") for a string.`,
    };
  }
  if (LEADING_ZERO_NUMBER.test(source)) {
    return {
      message: `\`${source}\` is ambiguous: YAML 1.1 reads a leading zero as octal, YAML 1.2 as decimal`,
      hint: `Quote it ("${source}") for a string, write 0o${source.replace(/^[-+]?0+/, '')} for octal, or drop the leading zero.`,
    };
  }
  if (SEXAGESIMAL.test(source)) {
    return { message: `\`${source}\` is ambiguous: YAML 1.1 reads it as a base-60 number`, hint: `Quote it ("${source}").` };
  }
  return undefined;
}

const INTEGER_LITERAL = /^[-+]?(?:[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$/;

/**
 * A number YAML reads that JSON tools cannot keep: an integer beyond 2^53 loses
 * digits in a float64 (Helm and Argo CD read numbers the same way), and an
 * overflowing float or `.inf`/`.nan` has no JSON form at all.
 */
export function numberHazard(source: string, value: number): Hazard | undefined {
  const quote = `Quote it ("${source}") if it is a string`;
  if (Number.isNaN(value)) return { message: `\`${source}\` is not a number JSON can hold (YAML reads it as NaN)`, hint: `${quote}.` };
  if (!Number.isFinite(value))
    return { message: `\`${source}\` is not a finite number (YAML reads it as infinity, which JSON cannot hold)`, hint: `${quote}.` };
  if (INTEGER_LITERAL.test(source) && !Number.isSafeInteger(value))
    return {
      message: `\`${source}\` is too large to keep exactly: integers beyond ±${Number.MAX_SAFE_INTEGER} lose digits (it would become ${value})`,
      hint: `${quote}, e.g. a large ID.`,
    };
  return undefined;
}

/** A string holding half of a UTF-16 surrogate pair (from a `\uD800` escape): it has no UTF-8 form. */
export function loneSurrogateAt(value: string): number {
  const match = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(value);
  return match ? match.index : -1;
}

/**
 * Offset where collections nest deeper than `limit` (block and flow nesting
 * together, the top-level mapping not counted), or -1. A linear scan of the
 * text before any parser runs, for every document of a stream: quoted
 * strings, comments and block scalar content are skipped; block nesting is
 * tracked by the columns of open collections, and compact nesting
 * (`- - - x`, `? ? x`) by its indicators, which is how a few bytes per level
 * reach the parser's stack without any indentation.
 */
export function tooDeepAt(text: string, limit = MAX_DEPTH): number {
  const open: number[] = []; // columns of the open block collections, innermost last
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let scalarParentIndent = -1; // inside a block scalar: the indentation of the line that opened it
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    let i = start;
    if (!quote && flow === 0) {
      while (i < end && text[i] === ' ') i++;
      const indent = i - start;
      const blank = i === end || text[i] === '#' || (text[i] === '\r' && i + 1 === end);
      if (blank || (scalarParentIndent >= 0 && indent > scalarParentIndent)) {
        start = end + 1;
        continue;
      }
      scalarParentIndent = -1;
      if (indent === 0 && isDocumentMarker(text, i, end)) {
        open.length = 0; // a new document
        start = end + 1;
        continue;
      }
      while (open.length && open[open.length - 1] > indent) open.pop();
      if (open[open.length - 1] !== indent) open.push(indent);
      // Compact nesting: each indicator followed by a collection opens one more level.
      while ((text[i] === '-' || text[i] === '?' || text[i] === ':') && (i + 1 === end || text[i + 1] === ' ' || text[i + 1] === '\t')) {
        i++;
        while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
        if (i < end && text[i] !== '#') open.push(i - start);
        if (open.length - 1 > limit) return i;
      }
      if (open.length - 1 > limit) return i;
    }
    const depth = open.length - 1;
    let last = -1; // the line's last significant character, to spot a block scalar header
    for (; i < end; i++) {
      const ch = text[i];
      if (quote) {
        if (ch === '\\' && quote === '"') i++;
        else if (ch === quote) quote = undefined;
        last = i;
        continue;
      }
      const before = i > 0 ? text[i - 1] : ' ';
      // A quote opens a string only where a scalar can start ('' inside single quotes is an escaped quote).
      if ((ch === '"' || ch === "'") && (SCALAR_START_AFTER.has(before) || (ch === "'" && before === "'"))) quote = ch;
      else if (ch === '#' && WHITESPACE.has(before)) break;
      else if (ch === '[' || ch === '{') {
        if (depth + ++flow > limit) return i;
      } else if ((ch === ']' || ch === '}') && flow > 0) flow--;
      if (ch !== ' ' && ch !== '\t' && ch !== '\r') last = i;
    }
    if (!quote && flow === 0 && last >= 0 && isBlockScalarHeader(text, start, last)) scalarParentIndent = open[open.length - 1] ?? 0;
    start = end + 1;
  }
  return -1;
}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const SCALAR_START_AFTER = new Set([...WHITESPACE, ':', '[', '{', ',', '-']);

/** `---` or `...` at the start of a line, alone or followed by whitespace. */
function isDocumentMarker(text: string, i: number, end: number): boolean {
  const marker = text.slice(i, i + 3);
  return (marker === '---' || marker === '...') && (i + 3 === end || WHITESPACE.has(text[i + 3]));
}

/** Does the line end (at `last`) with a block scalar indicator such as `|`, `>-` or `|2+`? */
function isBlockScalarHeader(text: string, start: number, last: number): boolean {
  let i = last;
  while (i > start && /[-+0-9]/.test(text[i]) && text[i] !== '|' && text[i] !== '>') i--;
  if (text[i] !== '|' && text[i] !== '>') return false;
  return i === start || WHITESPACE.has(text[i - 1]) || text[i - 1] === ':' || text[i - 1] === '-';
}
