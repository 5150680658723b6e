/**
 * Field-level difference of two versions of one Kubernetes object: maps by
 * key, lists of named items (containers, env, ports, volumes) by name so an
 * insertion does not read as a change of everything after it, other lists by
 * position. Secret values are masked before comparison and never returned.
 */
import { isDeepStrictEqual } from 'node:util';
import { compareStrings } from '../diagnostics.ts';
import { type K8sObject, objectKey } from '../model/object.ts';
import type { FieldChange, ObjectDiff } from './model.ts';
import { isSecretPath, maskSecrets, scrubTokens } from './redact.ts';

type Segment = { key: string } | { index: number } | { name: string };

interface RawChange {
  path: Segment[];
  change: FieldChange['change'];
  before?: unknown;
  after?: unknown;
}

export function diffObjects(before: K8sObject, after: K8sObject): FieldChange[] {
  const raw: RawChange[] = [];
  walk(maskSecrets(before), maskSecrets(after), [], raw);
  return raw.map((c) => {
    const keys = c.path.map((s) => ('key' in s ? s.key : '*'));
    const path = formatSegments(c.path);
    if (isSecretPath(after.kind, keys) || isSecretPath(before.kind, keys)) return { path, change: c.change, hidden: true };
    const out: FieldChange = { path, change: c.change };
    if (c.change !== 'added') out.before = scrubTokens(c.before);
    if (c.change !== 'removed') out.after = scrubTokens(c.after);
    return out;
  });
}

/** Objects matched by kind/namespace/name, sorted the same way. */
export function diffObjectSets(before: readonly K8sObject[], after: readonly K8sObject[]): ObjectDiff[] {
  const a = new Map(before.map((o) => [objectKey(o), o]));
  const b = new Map(after.map((o) => [objectKey(o), o]));
  const out: ObjectDiff[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings)) {
    const x = a.get(key);
    const y = b.get(key);
    const o = (y ?? x)!;
    const head = { apiVersion: o.apiVersion, kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name };
    if (!x) out.push({ ...head, change: 'added', fields: [] });
    else if (!y) out.push({ ...head, change: 'removed', fields: [] });
    else if (x !== y) {
      const fields = diffObjects(x, y);
      if (fields.length) out.push({ ...head, change: 'changed', fields });
    }
  }
  return out;
}

function walk(a: unknown, b: unknown, path: Segment[], out: RawChange[]): void {
  if (isDeepStrictEqual(a, b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const next = [...path, { key }];
      // Own keys only: a label or ConfigMap key may be called `constructor`.
      if (!Object.hasOwn(b, key)) out.push({ path: next, change: 'removed', before: a[key] });
      else if (!Object.hasOwn(a, key)) out.push({ path: next, change: 'added', after: b[key] });
      else walk(a[key], b[key], next, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) walkList(a, b, path, out);
  else out.push({ path, change: 'changed', before: a, after: b });
}

function walkList(a: unknown[], b: unknown[], path: Segment[], out: RawChange[]): void {
  const named = (a.length === 0 || namesOf(a)) && (b.length === 0 || namesOf(b));
  if (named) {
    const before = new Map(a.map((x) => [(x as { name: string }).name, x]));
    const after = new Map(b.map((x) => [(x as { name: string }).name, x]));
    for (const [name, x] of before) if (!after.has(name)) out.push({ path: [...path, { name }], change: 'removed', before: x });
    for (const [name, y] of after) {
      if (!before.has(name)) out.push({ path: [...path, { name }], change: 'added', after: y });
      else walk(before.get(name), y, [...path, { name }], out);
    }
    return;
  }
  // Lists of plain values (args, finalizers, syncOptions) read best whole.
  if (a.length !== b.length && [...a, ...b].every((x) => !isPlainObject(x) && !Array.isArray(x))) {
    out.push({ path, change: 'changed', before: a, after: b });
    return;
  }
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const next = [...path, { index: i }];
    if (i >= b.length) out.push({ path: next, change: 'removed', before: a[i] });
    else if (i >= a.length) out.push({ path: next, change: 'added', after: b[i] });
    else walk(a[i], b[i], next, out);
  }
}

/** Every item a map with a distinct string `name`: the list is a set keyed by name. */
function namesOf(list: unknown[]): boolean {
  const names = list.map((x) => (isPlainObject(x) && typeof x.name === 'string' ? x.name : undefined));
  return names.every((n) => n !== undefined) && new Set(names).size === names.length;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `spec.template.spec.containers[web].env[LOG_LEVEL].value`, `metadata.labels["app.kubernetes.io/name"]`, `args[0]`. */
export function formatSegments(path: Segment[]): string {
  let out = '';
  for (const s of path) {
    if ('index' in s) out += `[${s.index}]`;
    else if ('name' in s) out += `[${s.name}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s.key)) out += out ? `.${s.key}` : s.key;
    else out += `[${JSON.stringify(s.key)}]`;
  }
  return out;
}
