/**
 * What a run did to the generated tree, seen from outside: a snapshot of
 * every file's inode, mtime and size before and after. Flotilla replaces a
 * file by renaming a staged copy over it, so any write changes the inode.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const GENERATED_ROOTS = ['base', 'overlays', 'argocd'];

export type TreeSnapshot = Map<string, { ino: number; mtimeMs: number; size: number }>;

export async function snapshotTree(root: string): Promise<TreeSnapshot> {
  const out: TreeSnapshot = new Map();
  for (const top of GENERATED_ROOTS) {
    const entries = await readdir(path.join(root, top), { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    const stats = await Promise.all(files.map((f) => stat(f)));
    files.forEach((f, i) => {
      out.set(path.relative(root, f), { ino: stats[i].ino, mtimeMs: stats[i].mtimeMs, size: stats[i].size });
    });
  }
  return out;
}

export interface TreeChange {
  /** Files created or replaced, sorted. */
  written: string[];
  removed: string[];
}

export function diffTrees(before: TreeSnapshot, after: TreeSnapshot): TreeChange {
  const written: string[] = [];
  for (const [file, now] of after) {
    const was = before.get(file);
    if (!was || was.ino !== now.ino || was.mtimeMs !== now.mtimeMs || was.size !== now.size) written.push(file);
  }
  const removed = [...before.keys()].filter((f) => !after.has(f));
  return { written: written.sort(), removed: removed.sort() };
}

export function totalBytes(tree: TreeSnapshot): number {
  let n = 0;
  for (const f of tree.values()) n += f.size;
  return n;
}

/** Every generated file's content, by path relative to `root`. */
export async function readTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of [...(await snapshotTree(root)).keys()].sort()) out.set(file, await readFile(path.join(root, file), 'utf8'));
  return out;
}
