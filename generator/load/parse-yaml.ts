/**
 * Reads one YAML config file into a `yaml` Document that keeps source positions,
 * refusing the hazards in RELIABILITY.md before any schema sees the data:
 * aliases (alias bombs), duplicate keys, custom tags, %YAML directives,
 * several documents where one is expected, oversized files, and plain scalars
 * that YAML 1.1 tools (kubectl, Argo CD) would read differently from YAML 1.2.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';

export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface ParsedFile {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export type ParseResult = { ok: true; parsed: ParsedFile; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const LEADING_ZERO_NUMBER = /^[-+]?0[0-9_]+$/;
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/;

export function parseConfigYaml(file: string, text: string): ParseResult {
  const at = (line: number, column: number, message: string, hint?: string, path = ''): Diagnostic => ({
    file, line, column, path, message, hint, severity: 'error',
  });
  const byteLength = Buffer.byteLength(text, 'utf8');
  if (byteLength > MAX_CONFIG_BYTES) {
    return { ok: false, diagnostics: [at(1, 1, `file is ${byteLength} bytes; config files are limited to ${MAX_CONFIG_BYTES} bytes`, 'Split it into several app or cluster files.')] };
  }
  if (text.includes('\u0000')) return { ok: false, diagnostics: [at(1, 1, 'file contains a NUL byte; expected UTF-8 YAML text')] };
  if (/^%YAML/m.test(text)) {
    const line = text.slice(0, text.search(/^%YAML/m)).split('\n').length;
    return { ok: false, diagnostics: [at(line, 1, '%YAML directives are not accepted', 'Remove the directive: Flotilla reads YAML 1.2 only, so YAML 1.1 rules cannot be switched on.')] };
  }

  const lines = new LineCounter();
  // Aliases are refused outright below and never expanded (toJS uses maxAliasCount 0): no alias bombs.
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true, keepSourceTokens: false, customTags: [] });
  const list = Array.isArray(docs) ? docs : [docs];
  const pos = (offset: number) => lines.linePos(offset);
  if (list.length > 1) {
    const second = pos(list[1].range[0]);
    return { ok: false, diagnostics: [at(second.line, second.col, `found ${list.length} YAML documents; expected exactly one`, 'Put each app or cluster in its own file and remove the `---` separator.')] };
  }
  const doc = list[0];
  if (!doc || doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { ok: false, diagnostics: [at(1, 1, 'file is empty (or only comments); expected a mapping', 'Add the config, or delete the file: an empty file is never read as "no apps".')] };
  }
  const diagnostics: Diagnostic[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const p = pos(error.pos[0]);
    const duplicate = error.code === 'DUPLICATE_KEY';
    const message = duplicate ? 'duplicate key; every key may appear only once in a mapping' : error.message.split('\n')[0];
    const hint = duplicate
      ? 'Remove one of the two entries (the second would silently win in other tools).'
      : /compact mappings|implicit keys/.test(error.message)
        ? 'A value containing ": " must be quoted, e.g. description: "a: b".'
        : undefined;
    diagnostics.push(at(p.line, p.col, message, hint));
  }
  if (diagnostics.length) return { ok: false, diagnostics };

  visit(doc, (_key, node, path) => {
    if (isAlias(node)) {
      const p = pos(node.range?.[0] ?? 0);
      diagnostics.push(at(p.line, p.col, 'YAML aliases (*name) are not accepted', 'Write the value out; aliases hide what a reviewer sees and allow alias bombs.', fieldPath(path, node)));
      return visit.SKIP;
    }
    if ((isMap(node) || isSeq(node) || isScalar(node)) && node.tag && !node.tag.startsWith('tag:yaml.org,2002:')) {
      const p = pos(node.range?.[0] ?? 0);
      diagnostics.push(at(p.line, p.col, `custom tag ${node.tag} is not accepted`, 'Remove the tag; plain YAML values only.', fieldPath(path, node)));
    }
    if (isScalar(node) && node.type === 'PLAIN' && node.range) {
      const source = text.slice(node.range[0], node.range[1]);
      const hazard = yaml11Hazard(source);
      if (hazard) {
        const p = pos(node.range[0]);
        diagnostics.push(at(p.line, p.col, hazard.message, hazard.hint, fieldPath(path, node)));
      }
    }
    return undefined;
  });
  if (diagnostics.length) return { ok: false, diagnostics };
  if (!isMap(doc.contents)) {
    const p = pos((doc.contents as Node).range?.[0] ?? 0);
    return { ok: false, diagnostics: [at(p.line, p.col, 'expected a mapping of keys to values at the top of the file')] };
  }
  return { ok: true, parsed: { file, text, doc, lines }, diagnostics: [] };
}

function yaml11Hazard(source: string): { message: string; hint: string } | undefined {
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

/** Rebuilds the dotted field path of a node from the ancestry `visit` hands us. */
function fieldPath(ancestors: readonly unknown[], node: unknown): string {
  const parts: string[] = [];
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i++) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (isMap(parent) && child && typeof child === 'object' && 'key' in (child as object)) {
      const key = (child as { key: unknown }).key;
      parts.push(isScalar(key) ? String(key.value) : String(key));
    } else if (isSeq(parent)) {
      parts.push(`[${parent.items.indexOf(child as never)}]`);
    }
  }
  return parts.join('.').replace(/\.\[/g, '[');
}
