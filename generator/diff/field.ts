/**
 * One field change, rendered the way a reviewer reads it: an image as
 * `repo: 1.4.2 → 1.5.0`, a resource quantity with the factor it changes by,
 * a long or multi-line string (a ConfigMap's file) as a unified diff of its
 * lines, a secret value never (it is not in the model to begin with).
 */
import { structuredPatch } from 'diff';
import { parseQuantity } from '../model/quantity.ts';
import type { FieldChange, ObjectRef } from './model.ts';
import { quantityRatio } from './quantity.ts';

export interface FieldStyle {
  /** Longest value shown inline, in characters. */
  maxValue: number;
  /** Most lines of a unified diff shown for one field. */
  maxDiffLines: number;
}

export const FULL: FieldStyle = { maxValue: 200, maxDiffLines: 60 };
export const COMPACT: FieldStyle = { maxValue: 80, maxDiffLines: 12 };

export interface FieldRendering {
  /** One line: "spec.replicas: 2 → 3". */
  text: string;
  /** Unified diff lines (" same", "-old", "+new", "@@ … @@") of a multi-line or long string; else empty. */
  lines: string[];
}

/** Strings longer than this are compared line by line even without newlines. */
const LONG = 120;
const PLAIN = /^[\w./:@%+=,~^-]+$/;
const IMAGE_PATH = /(^|\.|\])image$/;
const QUANTITY_PATH = /(^|\.)(resources|requests|limits|capacity|hard)(\.|\[|$)|(^|\.)storage$/;

export function renderField(f: FieldChange, style: FieldStyle = FULL): FieldRendering {
  if (f.hidden) return { text: `${f.path} (${f.change}, value hidden)`, lines: [] };
  if (isText(f.before) || isText(f.after)) {
    const all = textLines(f);
    const lines = all.length > style.maxDiffLines ? [...all.slice(0, style.maxDiffLines), `… ${all.length - style.maxDiffLines} more lines`] : all;
    return { text: `${f.path}: ${textSummary(f)}`, lines };
  }
  return { text: `${f.path}: ${inline(f, style.maxValue)}`, lines: [] };
}

function inline(f: FieldChange, max: number): string {
  if (IMAGE_PATH.test(f.path) && f.change === 'changed' && typeof f.before === 'string' && typeof f.after === 'string') {
    const [a, b] = [splitImage(f.before), splitImage(f.after)];
    if (a.repository === b.repository) return `${a.repository}: ${a.version} → ${b.version}`;
  }
  if (QUANTITY_PATH.test(f.path)) {
    if (f.change === 'changed') {
      const ratio = quantityRatio(f.before, f.after);
      if (ratio) return `${value(f.before, max)} → ${value(f.after, max)} (${ratio})`;
    }
    const q = (v: unknown) => quantities(v) ?? value(v, max);
    if (f.change === 'added') return `added ${q(f.after)}`;
    if (f.change === 'removed') return `removed (was ${q(f.before)})`;
    if (quantities(f.before) && quantities(f.after)) return `${q(f.before)} → ${q(f.after)}`;
  }
  if (f.change === 'added') return `added ${value(f.after, max)}`;
  if (f.change === 'removed') return `removed (was ${value(f.before, max)})`;
  return `${value(f.before, max)} → ${value(f.after, max)}`;
}

/** `registry/team/api:1.4.2` → repository `registry/team/api`, version `1.4.2`; digests kept short. */
export function splitImage(ref: string): { repository: string; version: string } {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : '';
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  const repository = hasTag ? name.slice(0, colon) : name;
  const tag = hasTag ? name.slice(colon + 1) : '';
  const short = digest ? `@${digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1…')}` : '';
  return { repository, version: `${tag}${short}` || '(no tag)' };
}

/** `{requests: {cpu: 100m, memory: 1Gi}, limits: {…}}` → "requests cpu 100m, memory 1Gi; limits …"; undefined for anything but quantities. */
function quantities(v: unknown): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const entries = Object.entries(v);
  if (entries.length === 0) return undefined;
  if (entries.every(([, x]) => parseQuantity(x) !== undefined)) return entries.map(([k, x]) => `${k} ${x}`).join(', ');
  const nested = entries.map(([k, x]) => [k, quantities(x)] as const);
  if (nested.some(([, x]) => x === undefined || x.includes(';'))) return undefined;
  return nested.map(([k, x]) => `${k} ${x}`).join('; ');
}

export function value(v: unknown, max = 80): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'string') return truncate(PLAIN.test(v) ? v : JSON.stringify(v), max);
  if (typeof v !== 'object' || v === null) return String(v);
  return truncate(JSON.stringify(v), max);
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && (v.includes('\n') || v.length > LONG);
}

function lineCount(s: string): number {
  return s.endsWith('\n') ? s.split('\n').length - 1 : s.split('\n').length;
}

function textSummary(f: FieldChange): string {
  const n = (v: unknown) => (typeof v === 'string' ? `${lineCount(v)} line${lineCount(v) === 1 ? '' : 's'}` : value(v));
  if (f.change === 'added') return `added (${n(f.after)})`;
  if (f.change === 'removed') return `removed (was ${n(f.before)})`;
  return `${n(f.before)} → ${n(f.after)}`;
}

const patchCache = new WeakMap<FieldChange, string[]>();

/** The unified diff of a text field (whole text as added or removed lines when one side is not text). */
function textLines(f: FieldChange): string[] {
  let lines = patchCache.get(f);
  if (lines) return lines;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const [a, b] = [text(f.change === 'added' ? '' : f.before), text(f.change === 'removed' ? '' : f.after)];
  lines = [];
  if (!a || !b) {
    for (const l of (a || b).replace(/\n$/, '').split('\n')) lines.push(`${a ? '-' : '+'}${l}`);
  } else {
    const patch = structuredPatch('', '', a, b, '', '', { context: 2 });
    for (const h of patch.hunks) {
      lines.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
      for (const l of h.lines) if (!l.startsWith('\\')) lines.push(l);
    }
  }
  patchCache.set(f, lines);
  return lines;
}

export function objectName(o: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}
