/**
 * Text-level hazards of YAML config: plain scalars that YAML 1.1 tools (kubectl,
 * Argo CD, Helm) read differently from the YAML 1.2 we parse, and nesting deep
 * enough to exhaust the parser's stack.
 */

const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const LEADING_ZERO_NUMBER = /^[-+]?0[0-9_]+$/;
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/;

/** No config needs more; a deeper flow collection is an attack on the parser's stack, not a config. */
export const MAX_FLOW_DEPTH = 64;

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

/**
 * Offset of the first flow bracket nested deeper than `limit`, or -1. A cheap
 * scan that skips quoted strings and comments; block nesting needs no check,
 * since its indentation makes deep nesting cost quadratic bytes (and the size
 * limit bounds it).
 */
export function tooDeepFlowAt(text: string, limit = MAX_FLOW_DEPTH): number {
  let depth = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    const before = text[i - 1] ?? ' ';
    // A quote opens a string only where a scalar can start ('' inside single quotes is an escaped quote).
    if ((ch === '"' || ch === "'") && (/[\s:[{,-]/.test(before) || (ch === "'" && before === "'"))) quote = ch;
    else if (ch === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if (ch === '[' || ch === '{') {
      if (++depth > limit) return i;
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return -1;
}
