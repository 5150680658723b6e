/**
 * Reads one YAML config file into a `yaml` Document that keeps source positions,
 * refusing the known YAML hazards before any schema sees the data:
 * aliases (alias bombs), duplicate keys, custom tags, %YAML directives,
 * several documents where one is expected, oversized or too deeply nested files,
 * and plain scalars that YAML 1.1 tools (kubectl, Argo CD) would read
 * differently from YAML 1.2.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml';
import { type Diagnostic, formatPath } from '../diagnostics.ts';
import { asDataTree } from '../model/dict.ts';
import { fastParse } from './fast-parse.ts';
import { loneSurrogateAt, MAX_DEPTH, numberHazard, tooDeepAt, yaml11Hazard } from './yaml-hazards.ts';

export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface ParsedFile {
  file: string;
  text: string;
  /** The file's data as plain JS with prototype-free mappings (model/dict.ts); treat as read-only: it is shared. */
  value: Record<string, unknown>;
  /** The `yaml` document with source positions; parsed on first use where the fast path read the file. */
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

export type ParseResult = { ok: true; parsed: ParsedFile; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** The YAML 1.2 core schema's tags: anything else (!!python/object, !!binary, !Ref) is refused. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** `fastPath: false` forces the precise path (tests compare the two). */
export function parseConfigYaml(file: string, text: string, options: { fastPath?: boolean } = {}): ParseResult {
  // Editors hide a byte order mark: columns count from the first character a person sees.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const at = (line: number, column: number, message: string, hint?: string, path = ''): Diagnostic => ({
    file,
    line,
    column,
    path,
    message,
    hint,
    severity: 'error',
  });
  const lines = new LineCounter();
  const pos = (offset: number) => lines.linePos(offset);
  const byteLength = Buffer.byteLength(text, 'utf8');
  if (byteLength > MAX_CONFIG_BYTES) {
    return {
      ok: false,
      diagnostics: [
        at(1, 1, `file is ${byteLength} bytes; config files are limited to ${MAX_CONFIG_BYTES} bytes`, 'Split it into several app or cluster files.'),
      ],
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const p = lineColumn(text, nul);
    return { ok: false, diagnostics: [at(p.line, p.col, 'file contains a NUL byte; expected UTF-8 YAML text', 'Save the file as plain UTF-8 text.')] };
  }
  const directive = text.search(/^%YAML/m);
  if (directive >= 0) {
    return {
      ok: false,
      diagnostics: [
        at(
          lineColumn(text, directive).line,
          1,
          '%YAML directives are not accepted',
          'Remove the directive: Flotilla reads YAML 1.2 only, so YAML 1.1 rules cannot be switched on.',
        ),
      ],
    };
  }
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    const p = lineColumn(text, deep);
    return {
      ok: false,
      diagnostics: [
        at(p.line, p.col, `collections are nested more than ${MAX_DEPTH} levels deep`, 'Flatten the structure; no Flotilla config needs this depth.'),
      ],
    };
  }

  const fast = options.fastPath === false ? undefined : fastParse(text);
  if (fast) return { ok: true, parsed: withDocumentOnDemand(file, text, asDataTree(fast)), diagnostics: [] };

  // parseDocument stops composing at the second document, so 10k documents cost no more than two.
  // Aliases are refused below and never expanded (toJS runs with maxAliasCount 0): no alias bombs.
  const doc = parseWithPositions(text, lines);
  const second = doc.errors.find((e) => e.code === 'MULTIPLE_DOCS');
  if (second) {
    const p = pos(second.pos[0]);
    return {
      ok: false,
      diagnostics: [
        at(p.line, p.col, 'found a second YAML document; expected exactly one', 'Put each app or cluster in its own file and remove the `---` separator.'),
      ],
    };
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && !doc.errors.length)) {
    return {
      ok: false,
      diagnostics: [
        at(1, 1, 'file is empty (or only comments); expected a mapping', 'Add the config, or delete the file: an empty file is never read as "no apps".'),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    // Unknown tags are reported below, with the field they are on.
    if (error.code === 'TAG_RESOLVE_FAILED') continue;
    const p = pos(error.pos[0]);
    if (error.code === 'DUPLICATE_KEY') {
      const key = pathOfKeyAt(doc, error.pos[0]);
      const name = key?.[key.length - 1];
      diagnostics.push(
        at(
          p.line,
          p.col,
          `duplicate key${name === undefined ? '' : ` "${name}"`}; every key may appear only once in a mapping`,
          'Remove one of the two entries (other tools would silently keep the second).',
          key ? formatPath(key) : '',
        ),
      );
      continue;
    }
    const hint = /compact mappings|implicit keys/i.test(error.message) ? 'A value containing ": " must be quoted, e.g. description: "a: b".' : undefined;
    diagnostics.push(at(p.line, p.col, error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), hint));
  }
  if (diagnostics.length) return { ok: false, diagnostics };

  let aliases = 0;
  let firstAlias: Diagnostic | undefined;
  visit(doc, (_key, node, path) => {
    if (isAlias(node)) {
      aliases++;
      const p = pos(node.range?.[0] ?? 0);
      firstAlias ??= at(
        p.line,
        p.col,
        'YAML aliases (*name) are not accepted',
        'Write the value out: aliases hide what a reviewer sees and allow alias bombs.',
        fieldPath(path, node),
      );
      return visit.SKIP;
    }
    if ((isMap(node) || isSeq(node) || isScalar(node)) && node.tag && !CORE_TAGS.has(node.tag)) {
      const p = pos(tagStart(text, node.range?.[0] ?? 0));
      const tag = node.tag.replace(/^tag:yaml\.org,2002:/, '!!');
      diagnostics.push(
        at(p.line, p.col, `custom tag ${tag} is not accepted`, 'Remove the tag: config files hold plain YAML values only.', fieldPath(path, node)),
      );
    }
    if (isScalar(node) && node.range) {
      const source = text.slice(node.range[0], node.range[1]);
      const hazard =
        node.type === 'PLAIN' && !node.tag
          ? yaml11Hazard(source)
          : typeof node.value === 'string' && loneSurrogateAt(node.value) >= 0
            ? {
                message: 'the string holds half of a UTF-16 surrogate pair (a \\uD800-\\uDFFF escape), which is no character and has no UTF-8 form',
                hint: 'Write the character itself, or the escapes of both halves of the pair.',
              }
            : undefined;
      const number = typeof node.value === 'number' ? numberHazard(source.trim(), node.value) : undefined;
      if (hazard ?? number) {
        const p = pos(node.range[0]);
        diagnostics.push(at(p.line, p.col, (hazard ?? number)!.message, (hazard ?? number)!.hint, fieldPath(path, node)));
      }
    }
    return undefined;
  });
  // One line for all aliases of a file: an alias bomb would otherwise print thousands.
  if (firstAlias) diagnostics.push(aliases > 1 ? { ...firstAlias, message: `${firstAlias.message} (${aliases} in this file)` } : firstAlias);
  if (diagnostics.length) return { ok: false, diagnostics };
  if (!isMap(doc.contents)) {
    const p = pos((doc.contents as Node).range?.[0] ?? 0);
    return {
      ok: false,
      diagnostics: [
        at(p.line, p.col, `expected a mapping of keys to values at the top of the file, found ${isSeq(doc.contents) ? 'a list' : 'a single value'}`),
      ],
    };
  }
  return { ok: true, parsed: { file, text, doc, lines, value: asDataTree(doc.toJS({ maxAliasCount: 0 })) }, diagnostics: [] };
}

function parseWithPositions(text: string, lines: LineCounter): Document.Parsed {
  return parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true, keepSourceTokens: false });
}

/**
 * A file whose data is known (the fast path read it, or a cache had it): `yaml` parses it only if a
 * diagnostic needs a position. `value` may be made on first use too (a cache's copy that an unchanged
 * file's readers may never ask for).
 */
export function withDocumentOnDemand(file: string, text: string, value: Record<string, unknown> | (() => Record<string, unknown>)): ParsedFile {
  let data = typeof value === 'function' ? undefined : value;
  const made = typeof value === 'function' ? value : undefined;
  let positions: { doc: Document.Parsed; lines: LineCounter } | undefined;
  const parse = () => {
    if (!positions) {
      const lines = new LineCounter();
      positions = { doc: parseWithPositions(text, lines), lines };
    }
    return positions;
  };
  return {
    file,
    text,
    get value() {
      data ??= made!();
      return data;
    },
    get doc() {
      return parse().doc;
    },
    get lines() {
      return parse().lines;
    },
  };
}

/** A node's range starts after its tag (`!!python/object x`); the tag is the token before it on the same line. */
function tagStart(text: string, nodeStart: number): number {
  let i = nodeStart;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  const end = i;
  while (i > 0 && !/\s/.test(text[i - 1])) i--;
  return text[i] === '!' && i < end ? i : nodeStart;
}

function lineColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** The field path of the mapping key that starts at `offset` (where the parser reports a duplicate key). */
function pathOfKeyAt(doc: Document.Parsed, offset: number): (string | number)[] | undefined {
  let found: (string | number)[] | undefined;
  visit(doc, {
    Pair(_key, pair, path) {
      if (found) return visit.BREAK;
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = fieldParts([...path, pair]);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Rebuilds the field path of a node from the ancestry `visit` hands us. */
function fieldPath(ancestors: readonly unknown[], node: unknown): string {
  return formatPath(fieldParts([...ancestors, node]));
}

function fieldParts(chain: readonly unknown[]): (string | number)[] {
  const parts: (string | number)[] = [];
  for (let i = 0; i < chain.length - 1; i++) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (isMap(parent) && isPair(child)) parts.push(isScalar(child.key) ? String(child.key.value) : String(child.key));
    else if (isSeq(parent)) parts.push(parent.items.indexOf(child as never));
  }
  return parts;
}
