/**
 * Go text/template for ApplicationSet fields: `renderGoTemplate(text, params,
 * options)` parses (cached, since every generated Application renders the
 * same fields) and executes with Sprig and Argo CD's functions.
 */
import type { Node } from './ast.ts';
import { BUILTINS } from './builtins.ts';
import { execute, type MissingKey } from './exec.ts';
import type { FunctionMap } from './functions.ts';
import { parse } from './parse.ts';
import { SPRIG } from './sprig/index.ts';
import type { GoValue } from './values.ts';

export { fromPlain } from './sprig/index.ts';
export { type GoMap, type GoValue, MISSING } from './values.ts';

// A name in both is Sprig's: text/template looks up the template's functions before its builtins (Sprig's `slice`).
const FUNCTIONS: FunctionMap = { ...BUILTINS, ...SPRIG };
const NAMES: ReadonlySet<string> = new Set(Object.keys(FUNCTIONS));
const cache = new Map<string, Node[]>();

// Keyed by the options array itself: an ApplicationSet passes the same one for every field it renders.
const optionCache = new WeakMap<readonly string[], MissingKey>();
const NO_OPTIONS: readonly string[] = [];

/** text/template's Option(): only missingkey is defined; anything else panics in Go. */
export function missingKeyOption(options: readonly string[] = NO_OPTIONS): MissingKey {
  const cached = optionCache.get(options);
  if (cached) return cached;
  let mode: MissingKey = 'default';
  for (const option of options) {
    const m = /^missingkey=(default|invalid|zero|error)$/.exec(option);
    if (!m) throw new Error(`unrecognized option: ${option}`);
    mode = m[1] as MissingKey;
  }
  optionCache.set(options, mode);
  return mode;
}

export function parseGoTemplate(text: string): Node[] {
  let nodes = cache.get(text);
  if (!nodes) {
    nodes = parse(text, NAMES);
    cache.set(text, nodes);
  }
  return nodes;
}

export function renderGoTemplate(text: string, data: GoValue, options: readonly string[] = NO_OPTIONS): string {
  // Plain text (most fields) cannot fail and needs no parse.
  if (!text.includes('{{')) return text;
  return execute(text, parseGoTemplate(text), data, FUNCTIONS, missingKeyOption(options));
}
