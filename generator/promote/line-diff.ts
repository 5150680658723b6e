/**
 * A unified diff of a config file's lines, for showing a release edit before
 * it is made (`--dry-run`). Edits touch a few lines of small files, so a
 * longest-common-subsequence table is plenty.
 */
export function unifiedDiff(file: string, before: string, after: string, context = 2): string[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  const ops = lcsOps(a, b);
  const out: string[] = [`--- a/${file}`, `+++ b/${file}`];
  // Group changes with their context into hunks.
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === 'same') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    while (end < ops.length) {
      if (ops[end]!.kind !== 'same') {
        end++;
        continue;
      }
      let run = end;
      while (run < ops.length && ops[run]!.kind === 'same') run++;
      if (run === ops.length || run - end > 2 * context) break;
      end = run;
    }
    const stop = Math.min(ops.length, end + context);
    const hunk = ops.slice(start, stop);
    const aStart = hunk[0]!.a + 1;
    const bStart = hunk[0]!.b + 1;
    const aLen = hunk.filter((o) => o.kind !== 'add').length;
    const bLen = hunk.filter((o) => o.kind !== 'remove').length;
    out.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@`);
    for (const o of hunk) out.push(`${o.kind === 'same' ? ' ' : o.kind === 'add' ? '+' : '-'}${o.text}`);
    i = stop;
  }
  return out;
}

interface Op {
  kind: 'same' | 'add' | 'remove';
  text: string;
  /** Line index in a (before) and b (after) where this op sits. */
  a: number;
  b: number;
}

function lcsOps(a: string[], b: string[]): Op[] {
  // Common head and tail first: an edit changes a few lines in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const table = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--) table[i]![j] = x[i] === y[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const ops: Op[] = [];
  for (let k = 0; k < head; k++) ops.push({ kind: 'same', text: a[k]!, a: k, b: k });
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ kind: 'same', text: x[i]!, a: head + i, b: head + j });
      i++;
      j++;
    } else if (i < x.length && (j === y.length || table[i + 1]![j]! >= table[i]![j + 1]!)) {
      ops.push({ kind: 'remove', text: x[i]!, a: head + i, b: head + j }); // "-old" before "+new"
      i++;
    } else {
      ops.push({ kind: 'add', text: y[j]!, a: head + i, b: head + j });
      j++;
    }
  }
  for (let k = 0; k < tail; k++) ops.push({ kind: 'same', text: a[a.length - tail + k]!, a: a.length - tail + k, b: b.length - tail + k });
  return ops;
}
