/** Compact, single-line renderings of field changes, shared by the text and Markdown formats. */
import type { FieldChange } from './model.ts';

const PLAIN = /^[\w./:@%+=,~^-]+$/;

export function compactValue(v: unknown, max = 80): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'string') {
    if (v.includes('\n')) return `(${v.split('\n').length} lines)`;
    return truncate(PLAIN.test(v) ? v : JSON.stringify(v), max);
  }
  if (typeof v !== 'object' || v === null) return String(v);
  return truncate(JSON.stringify(v), max);
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** `spec.replicas 2 → 3`, `metadata.labels.tier: added gold`, `data.password (changed, value hidden)`. */
export function describeField(f: FieldChange): string {
  if (f.hidden) return `${f.path} (${f.change}, value hidden)`;
  if (f.change === 'added') return `${f.path}: added ${compactValue(f.after)}`;
  if (f.change === 'removed') return `${f.path}: removed (was ${compactValue(f.before)})`;
  return `${f.path} ${compactValue(f.before)} → ${compactValue(f.after)}`;
}

/** For a multi-line string change (a config file in a ConfigMap): the changed lines, at most `limit`. */
export function lineChanges(f: FieldChange, limit = 20): string[] {
  if (f.hidden || f.change !== 'changed' || typeof f.before !== 'string' || typeof f.after !== 'string') return [];
  if (!f.before.includes('\n') && !f.after.includes('\n')) return [];
  const a = f.before.split('\n');
  const b = f.after.split('\n');
  const lines = diffLines(a, b);
  return lines.length > limit ? [...lines.slice(0, limit), `… ${lines.length - limit} more changed lines`] : lines;
}

/** Longest-common-subsequence line diff: only removed ("-") and added ("+") lines. */
function diffLines(a: string[], b: string[]): string[] {
  if (a.length * b.length > 250_000) return [`- (${a.length} lines)`, `+ (${b.length} lines)`];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return out;
}

export function objectRef(o: { kind: string; namespace?: string; name: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

export function placement(a: { environment?: string; cluster: string; app?: string; project: string }): string {
  return `${a.app ?? a.project} · ${a.environment ? `${a.environment}/` : ''}${a.cluster}`;
}
