/** Maps a field path inside a parsed file back to a line and column. */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { SourcePosition } from '../diagnostics.ts';
import type { ParsedFile } from './parse-yaml.ts';

export type FieldPath = ReadonlyArray<string | number>;

/**
 * Position of the value at `path`, or of the nearest ancestor that exists
 * (a missing required field is reported at the mapping that should hold it).
 * With `atKey`, points at the key itself (for unknown or duplicate keys).
 */
export function positionAt(parsed: ParsedFile, path: FieldPath, atKey = false): SourcePosition {
  let node: unknown = parsed.doc.contents;
  let best: Node | undefined = node as Node;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) break;
      if (last && atKey && isScalar(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
      best = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      if (!node) break;
      best = node as Node;
    } else break;
  }
  const offset = best?.range?.[0] ?? 0;
  const p = parsed.lines.linePos(offset);
  return { file: parsed.file, line: p.line, column: p.col };
}

/** True when the file literally contains this path (used to attribute a merged value to an override). */
export function hasPath(parsed: ParsedFile, path: FieldPath): boolean {
  return parsed.doc.hasIn(path as unknown[]);
}
