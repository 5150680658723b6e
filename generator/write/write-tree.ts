/**
 * Stage 6a, write: apply the in-memory output to disk. Only files carrying
 * Flotilla's header are ever replaced or removed; a hand-written file in the
 * way stops the run. Writes are staged as temporary files first, so a full
 * disk or a permission error leaves the previous output exactly as it was.
 */
import fg from 'fast-glob';
import { mkdir, readFile, rename, rmdir, unlink, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../diagnostics.ts';
import { GENERATED_ROOTS } from '../names.ts';
import type { GeneratedFile } from '../emit/files.ts';
import { isGenerated } from '../emit/header.ts';

export interface WritePlan {
  /** New or changed files. */
  write: GeneratedFile[];
  added: string[];
  changed: string[];
  /** Generated files that the new output no longer has. */
  remove: string[];
  unchanged: number;
}

export async function planWrite(root: string, files: GeneratedFile[]): Promise<WritePlan> {
  const existing = await fg(GENERATED_ROOTS.map((r) => `${r}/**`), { cwd: root, onlyFiles: true, dot: true, followSymbolicLinks: false });
  const wanted = new Map(files.map((f) => [f.path, f]));
  const plan: WritePlan = { write: [], added: [], changed: [], remove: [], unchanged: 0 };
  const handWritten: string[] = [];
  const onDisk = new Set(existing);
  await Promise.all(
    existing.map(async (rel) => {
      const content = await readFile(path.join(root, rel), 'utf8');
      const want = wanted.get(rel);
      if (!isGenerated(content)) {
        if (want) handWritten.push(rel);
        return;
      }
      if (!want) plan.remove.push(rel);
      else if (want.content === content) plan.unchanged++;
      else {
        plan.write.push(want);
        plan.changed.push(rel);
      }
    }),
  );
  if (handWritten.length) {
    throw new UserError(`refusing to overwrite hand-written files (they have no Flotilla header):\n${handWritten.sort().map((f) => `  ${f}`).join('\n')}\nMove them out of the way, or rename the app or environment that generates them.`);
  }
  for (const f of files) {
    if (!onDisk.has(f.path)) {
      plan.write.push(f);
      plan.added.push(f.path);
    }
  }
  plan.write.sort((a, b) => (a.path < b.path ? -1 : 1));
  plan.added.sort();
  plan.changed.sort();
  plan.remove.sort();
  return plan;
}

export function isEmptyPlan(plan: WritePlan): boolean {
  return plan.write.length === 0 && plan.remove.length === 0;
}

export async function applyWrite(root: string, plan: WritePlan): Promise<string[]> {
  const staged: { tmp: string; final: string }[] = [];
  const suffix = `.flotilla-tmp-${process.pid}`;
  try {
    for (const f of plan.write) {
      const final = path.join(root, f.path);
      await mkdir(path.dirname(final), { recursive: true });
      const tmp = final + suffix;
      staged.push({ tmp, final });
      await writeFile(tmp, f.content, { encoding: 'utf8', flag: 'w' });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => unlink(s.tmp).catch(() => undefined)));
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`could not write the generated output (${code ?? String(error)}); the previous output is unchanged`, { cause: error });
  }
  for (const s of staged) await rename(s.tmp, s.final);
  for (const rel of plan.remove) await unlink(path.join(root, rel));
  await removeEmptyDirs(root, plan.remove);
  return [...plan.write.map((f) => f.path), ...plan.remove].sort();
}

async function removeEmptyDirs(root: string, removed: string[]): Promise<void> {
  const dirs = new Set<string>();
  for (const rel of removed) {
    let dir = path.dirname(rel);
    while (dir !== '.' && !GENERATED_ROOTS.includes(dir as never)) {
      dirs.add(dir);
      dir = path.dirname(dir);
    }
  }
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    const full = path.join(root, dir);
    const entries = await readdir(full).catch(() => null);
    if (entries && entries.length === 0) await rmdir(full).catch(() => undefined);
  }
}
