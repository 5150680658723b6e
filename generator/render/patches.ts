/**
 * The app's `patches`, applied to its rendered objects: JSON patch (RFC 6902)
 * and JSON merge patch (RFC 7386), each aimed at one object by kind and name.
 * A patch that finds no target, or an operation that cannot apply, is an error
 * at the patch's line (the variant's own override first, then the app body).
 */
import type { Diagnostic } from '../diagnostics.ts';
import { dict, hasKey } from '../model/dict.ts';
import type { K8sObject } from '../model/object.ts';
import { didYouMean } from '../suggest.ts';
import type { RenderTarget } from './context.ts';

type Json = unknown;
type Op = { op: string; path: string; value?: unknown; from?: string };

class PatchProblem extends Error {}

export function applyPatches(t: RenderTarget, objects: K8sObject[], configMapNames: Map<string, string>): { objects: K8sObject[]; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const variant = { environment: t.variant.environment, cluster: t.variant.cluster };
  const fail = (path: (string | number)[], message: string, hint?: string) =>
    problems.push({ ...t.app.locate(path, variant), message, hint, severity: 'error' });
  let out = objects;
  for (const [name, patch] of Object.entries(t.variant.body.patches ?? {})) {
    const { kind, name: target } = patch.target;
    const wanted = kind === 'ConfigMap' ? (configMapNames.get(target) ?? target) : target;
    const index = out.findIndex((o) => o.kind === kind && o.metadata.name === wanted);
    if (index < 0) {
      const names = out.filter((o) => o.kind === kind).map((o) => o.metadata.name);
      const kinds = [...new Set(out.map((o) => o.kind))].sort();
      if (names.length === 0 && kinds.length > 0) {
        const fix = didYouMean(kind, kinds);
        fail(
          ['patches', name, 'target', 'kind'],
          `patch ${name}: the app renders no ${kind}`,
          fix ?? `It renders ${kinds.join(', ')}; \`flotilla preview --manifests\` shows them.`,
        );
        continue;
      }
      fail(
        ['patches', name, 'target', 'name'],
        `patch ${name}: no ${kind} named "${target}" is rendered for this app`,
        didYouMean(target, names) ?? `${kind} objects: ${names.join(', ')}.`,
      );
      continue;
    }
    try {
      const patched = patch.json
        ? patch.json.reduce<Json>((doc, op, i) => applyOperation(doc, op, ['patches', name, 'json', i], fail), structuredClone(out[index]))
        : mergePatch(structuredClone(out[index]), patch.merge);
      if (!isObject(patched) || typeof patched.kind !== 'string' || !isObject(patched.metadata))
        throw new PatchProblem('the patched object lost its kind or metadata');
      const changed = identityChange(out[index]!, patched as K8sObject);
      if (changed) {
        fail(
          ['patches', name, patch.json ? 'json' : 'merge'],
          `patch ${name} changes the ${changed} of ${kind} ${wanted}: an object's identity is how Flotilla, its references and Argo CD know it`,
          changed === 'namespace'
            ? 'Objects of the app live in its namespace; deploy to another namespace from an app there.'
            : 'Rename it where it is declared, or declare another object (resources:).',
        );
        continue;
      }
      out = out.map((o, i) => (i === index ? (patched as K8sObject) : o));
    } catch (error) {
      if (!(error instanceof PatchProblem)) throw error;
      if (error.message) fail(['patches', name], `patch ${name}: ${error.message}`);
    }
  }
  return { objects: out, problems };
}

function applyOperation(doc: Json, op: Op, at: (string | number)[], fail: (path: (string | number)[], message: string, hint?: string) => void): Json {
  try {
    switch (op.op) {
      case 'add':
        return put(doc, parse(op.path), structuredClone(op.value), 'add');
      case 'replace':
        get(doc, parse(op.path));
        return put(doc, parse(op.path), structuredClone(op.value), 'replace');
      case 'remove':
        return remove(doc, parse(op.path));
      case 'copy':
        return put(doc, parse(op.path), structuredClone(get(doc, parse(op.from ?? ''))), 'add');
      case 'move': {
        const from = op.from ?? '';
        if (op.path.startsWith(`${from}/`) || from === '') throw new PatchProblem(`cannot move ${from || 'the whole object'} into itself`);
        const value = get(doc, parse(from));
        return put(remove(doc, parse(op.from ?? '')), parse(op.path), value, 'add');
      }
      default: {
        const found = get(doc, parse(op.path));
        if (JSON.stringify(found) !== JSON.stringify(op.value)) throw new PatchProblem(`test failed: ${op.path} is ${JSON.stringify(found)}`);
        return doc;
      }
    }
  } catch (error) {
    if (!(error instanceof PatchProblem)) throw error;
    fail(at, `${op.op} ${op.path}: ${error.message}`, 'Look at the rendered object with `flotilla preview --manifests`; the path counts list items from 0.');
    throw new PatchProblem('');
  }
}

type PatchSpecs = NonNullable<RenderTarget['variant']['body']['patches']>;

/**
 * The config field of the last patch that wrote `path` of the rendered object
 * `o`, if a patch did: a field the output check finds wrong there is the
 * patch's doing, so the error belongs at the patch's line, not at the
 * component. A merge patch wrote the path when it holds it (or replaced a
 * subtree holding it); a JSON operation when its value went to the path or
 * above it.
 */
export function patchedField(patches: PatchSpecs | undefined, o: K8sObject, path: readonly (string | number)[]): (string | number)[] | undefined {
  let found: (string | number)[] | undefined;
  for (const [name, patch] of Object.entries(patches ?? {})) {
    const { kind, name: target } = patch.target;
    const named = o.metadata.name === target || (kind === 'ConfigMap' && o.metadata.name.replace(/-[0-9a-f]{10}$/, '') === target);
    if (o.kind !== kind || !named) continue;
    if (patch.merge) {
      const depth = reach(patch.merge, path);
      if (depth.complete) found = ['patches', name, 'merge', ...path.slice(0, depth.steps)];
      continue;
    }
    for (const [i, op] of (patch.json ?? []).entries()) {
      if (op.op !== 'add' && op.op !== 'replace' && op.op !== 'copy' && op.op !== 'move') continue;
      const at = parse(op.path);
      if (at.length > path.length || at.some((p, k) => p !== String(path[k]))) continue;
      const rest = path.slice(at.length);
      const into = op.op === 'add' || op.op === 'replace' ? reach(op.value, rest) : { steps: 0, complete: true };
      found = ['patches', name, 'json', i, ...(op.op === 'add' || op.op === 'replace' ? ['value', ...rest.slice(0, into.steps)] : [])];
    }
  }
  return found;
}

/** How far `path` leads into `value`; complete when it ends there, at a value that is not a map, or inside a list (which the patch set whole). */
function reach(value: unknown, path: readonly (string | number)[]): { steps: number; complete: boolean } {
  let at = value;
  let wholeList = false; // a list is set whole by a patch: anything inside it is the patch's
  for (const [i, key] of path.entries()) {
    if (Array.isArray(at) && typeof key === 'number' && key < at.length) {
      at = at[key];
      wholeList = true;
    } else if (isObject(at) && hasKey(at, String(key))) at = at[String(key)];
    else return { steps: i, complete: wholeList || (i > 0 && !isObject(at)) };
  }
  return { steps: path.length, complete: true };
}

/** Which of apiVersion, kind, name or namespace a patch changed, if any. */
function identityChange(before: K8sObject, after: K8sObject): string | undefined {
  if (after.apiVersion !== before.apiVersion) return 'apiVersion';
  if (after.kind !== before.kind) return 'kind';
  if (after.metadata.name !== before.metadata.name) return 'name';
  if (after.metadata.namespace !== before.metadata.namespace) return 'namespace';
  return undefined;
}

function parse(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(doc: Json, path: string[]): Json {
  let at = doc;
  for (const [i, key] of path.entries()) {
    if (Array.isArray(at) && /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < at.length) at = at[Number(key)];
    else if (isObject(at) && hasKey(at, key)) at = at[key];
    else throw new PatchProblem(`/${path.slice(0, i + 1).join('/')} does not exist`);
  }
  return at;
}

function put(doc: Json, path: string[], value: Json, mode: 'add' | 'replace'): Json {
  if (path.length === 0) return value;
  const parent = get(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : Number.NaN;
    if (!(i <= parent.length) || (mode === 'replace' && i >= parent.length))
      throw new PatchProblem(`list index ${key} is out of range (${parent.length} item${parent.length === 1 ? '' : 's'})`);
    if (mode === 'replace') parent[i] = value;
    else parent.splice(i, 0, value);
  } else if (isObject(parent)) setOwn(parent, key, value);
  else throw new PatchProblem(`/${path.slice(0, -1).join('/')} is not a map or list`);
  return doc;
}

function remove(doc: Json, path: string[]): Json {
  get(doc, path);
  const parent = get(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<string, unknown>)[key];
  return doc;
}

/** RFC 7386: maps merge key by key, `null` removes, anything else replaces. */
function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out = isObject(target) ? target : dict<unknown>();
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else setOwn(out, key, mergePatch(hasKey(out, key) ? out[key] : undefined, value));
  }
  return out;
}

/** `__proto__` is a key like any other here (a rendered object is not prototype-free). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
