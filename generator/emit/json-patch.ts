/**
 * RFC 6902 patches between two renderings of an object: an overlay then holds
 * only what differs, one readable operation per change. Lists of equal length
 * are patched element-wise (containers keep their order); otherwise replaced.
 */
export type PatchOp = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

export function diffToPatch(from: unknown, to: unknown, path = ''): PatchOp[] {
  const ops: PatchOp[] = [];
  diffInto(from, to, path, ops);
  return ops;
}

/**
 * One walk over both trees: equal subtrees give no operations, and nothing is
 * compared twice (checking each level's equality before descending compared
 * the unchanged parts of every object once per level of depth: 1.5 s of a
 * cold run of 2,000 apps). An object's operations come out ordered by key,
 * however its keys were written; a path is made only where an operation needs it.
 */
function diffInto(from: unknown, to: unknown, path: string, ops: PatchOp[]): void {
  if (from === to) return;
  if (isObject(from) && isObject(to)) {
    diffObjects(from, to, path, ops);
    return;
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    for (let i = 0; i < from.length; i++) {
      const a = from[i];
      const b = to[i];
      if (a !== b) diffInto(a, b, `${path}/${i}`, ops);
    }
    return;
  }
  ops.push({ op: 'replace', path: path || '', value: to });
}

/** Each changed key's operations, as [key, first op, end] of `ops`, reordered by key at the end when written out of order. */
function diffObjects(from: Record<string, unknown>, to: Record<string, unknown>, path: string, ops: PatchOp[]): void {
  const start = ops.length;
  let changed: [string, number, number][] | undefined;
  const note = (key: string, at: number) => {
    if (ops.length === at) return;
    changed ??= [];
    changed.push([key, at, ops.length]);
  };
  // Own keys only: a label or ConfigMap key may be called `constructor`.
  for (const key in to) {
    if (!hasOwn.call(to, key)) continue;
    const at = ops.length;
    if (!hasOwn.call(from, key)) ops.push({ op: 'add', path: `${path}/${escapePointer(key)}`, value: to[key] });
    else {
      const a = from[key];
      const b = to[key];
      if (a === b) continue;
      diffInto(a, b, `${path}/${escapePointer(key)}`, ops);
    }
    note(key, at);
  }
  for (const key in from) {
    if (!hasOwn.call(from, key) || hasOwn.call(to, key)) continue;
    const at = ops.length;
    ops.push({ op: 'remove', path: `${path}/${escapePointer(key)}` });
    note(key, at);
  }
  if (!changed || changed.every((c, i) => i === 0 || changed![i - 1]![0] < c[0])) return;
  const written = ops.splice(start);
  for (const [, first, end] of changed.sort((x, y) => (x[0] < y[0] ? -1 : 1))) for (let i = first; i < end; i++) ops.push(written[i - start]!);
}

export function applyPatch(doc: unknown, ops: PatchOp[]): unknown {
  let root = structuredClone(doc);
  for (const op of ops) {
    const parts = op.path.split('/').slice(1).map(unescapePointer);
    if (parts.length === 0) {
      root = op.op === 'remove' ? undefined : structuredClone(op.value);
      continue;
    }
    let parent = root as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) parent = (hasOwn.call(parent, part) ? parent[part] : undefined) as Record<string, unknown>;
    const last = parts[parts.length - 1];
    if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (Array.isArray(parent)) parent[Number(last)] = structuredClone(op.value);
    else Object.defineProperty(parent, last, { value: structuredClone(op.value), writable: true, enumerable: true, configurable: true });
  }
  return root;
}

function escapePointer(s: string): string {
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  // Own enumerable keys, counted with for-in (no key arrays): this runs for every object of every overlay.
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let keys = 0;
  for (const k in ra) {
    if (!hasOwn.call(ra, k)) continue;
    if (!hasOwn.call(rb, k) || !deepEqual(ra[k], rb[k])) return false;
    keys++;
  }
  for (const k in rb) if (hasOwn.call(rb, k)) keys--;
  return keys === 0;
}

const hasOwn = Object.prototype.hasOwnProperty;
