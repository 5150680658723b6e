/**
 * The fast path of reading a config file. `yaml` keeps source positions and
 * finds every hazard, but reads about 1.5 MB/s here; js-yaml reads the same
 * files ten times faster and keeps no positions. Positions are needed only
 * when something is wrong, so a clean file is read with js-yaml and `yaml`
 * runs only when a diagnostic needs a line and column (see ParsedFile.doc).
 *
 * The fast path accepts a file only when `yaml` would read the same values and
 * refuse nothing: no anchors, aliases or tags; every plain scalar resolves the
 * same under the YAML 1.2 core schema and is no YAML 1.1 hazard; one document
 * with a mapping at the top. For anything else it answers `undefined` and the
 * precise path (parse-yaml.ts), the source of truth, reads the file.
 */
import { CORE_SCHEMA, load } from 'js-yaml';
import { numberHazard, yaml11Hazard } from './yaml-hazards.ts';

interface LoaderState {
  position: number;
  kind: string | null;
  result: unknown;
}

export function fastParse(text: string): Record<string, unknown> | undefined {
  const starts: number[] = [];
  let accepted = true;
  const listener = (event: 'open' | 'close', state: LoaderState) => {
    if (event === 'open') {
      starts.push(state.position);
      return;
    }
    const start = starts.pop()!;
    if (accepted && !sameAsYamlPackage(nodeSource(text, start, state.position), state)) accepted = false;
  };
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA, listener } as Parameters<typeof load>[1]);
  } catch {
    return undefined;
  }
  if (!accepted || !isMapping(value) || !keysAreSafe(value)) return undefined;
  return value;
}

/** The node's text without the blank lines, comments and indentation js-yaml skips before it. */
function nodeSource(text: string, start: number, end: number): string {
  return text
    .slice(start, end)
    .replace(/^(?:\s|#[^\n]*)*/, '')
    .trimEnd();
}

function sameAsYamlPackage(source: string, state: LoaderState): boolean {
  const first = source[0];
  // Node properties: anchors, aliases and tags always take the precise path (and are refused there).
  if (first === '&' || first === '*' || first === '!') return false;
  if (state.kind !== 'scalar') return true;
  // A \u escape may encode half a surrogate pair, which the precise path refuses.
  if (first === '"') return !/\\[uU]/.test(source);
  if (first === "'" || first === '|' || first === '>') return true;
  // A plain scalar folded over several lines is a string to both (same folding rules, YAML spec 7.3.3).
  if (source.includes('\n')) return typeof state.result === 'string' && coreValue(state.result) === state.result;
  if (yaml11Hazard(source)) return false;
  const value = coreValue(source);
  // Numbers JSON cannot keep exactly are refused on the precise path.
  if (typeof value === 'number' && numberHazard(source, value)) return false;
  return value === state.result;
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const DECIMAL = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const OTHER_NUMBER = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Marks a scalar the fast path leaves to `yaml` (octal, hex, infinity, NaN: rare in config). */
const UNSURE = Symbol('unsure');

/** A plain scalar's value under the YAML 1.2 core schema, as `yaml` resolves it. */
function coreValue(source: string): unknown {
  if (NULL.test(source)) return null;
  if (BOOL.test(source)) return source[0] === 't' || source[0] === 'T';
  if (DECIMAL.test(source) || FLOAT.test(source)) return Number(source);
  if (OTHER_NUMBER.test(source)) return UNSURE;
  return source;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Keys are strings in JS: `yaml` turns a null key into "" where js-yaml writes
 * "null", and `__proto__` is handled differently; such files take the precise path.
 */
function keysAreSafe(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysAreSafe);
  if (!isMapping(value)) return true;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || NULL.test(key) || !keysAreSafe(value[key])) return false;
  }
  return true;
}
