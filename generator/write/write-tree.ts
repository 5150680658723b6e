/**
 * Stage 6a, write: compare the in-memory output with the disk and apply the
 * difference. Only files carrying Flotilla's header are ever replaced or
 * removed; a hand-written file in the way stops the run. The change itself is
 * applied crash-safely (journal.ts): a full disk, a permission error or a kill
 * leaves the previous output or the new one, never a mixture.
 *
 * The file system calls are synchronous on purpose (see file-steps.ts).
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../diagnostics.ts';
import type { GeneratedFile } from '../emit/files.ts';
import { GENERATED_ROOTS, HEADER_MARK } from '../model/names.ts';
import type { FileSteps } from './file-steps.ts';
import { writeJournaled } from './journal.ts';

export interface WritePlan {
  /** New or changed files. */
  write: GeneratedFile[];
  added: string[];
  changed: string[];
  /** Generated files that the new output no longer has. */
  remove: string[];
  /** Temporary files a killed run of an older Flotilla left behind. */
  leftovers: string[];
  /** Empty folders in the output tree (a killed run of an older Flotilla left them). */
  emptyDirs: string[];
  unchanged: number;
}

export async function planWrite(root: string, files: GeneratedFile[]): Promise<WritePlan> {
  const emptyDirs: string[] = [];
  const existing = listGeneratedTree(root, emptyDirs);
  const wanted = new Map(files.map((f) => [f.path, f]));
  const plan: WritePlan = { write: [], added: [], changed: [], remove: [], leftovers: [], emptyDirs, unchanged: 0 };
  const handWritten: string[] = [];
  const onDisk = new Set(existing);
  const reader = new FileReader();
  for (const rel of existing) {
    if (OLD_TEMPORARY.test(rel)) {
      plan.leftovers.push(rel);
      continue;
    }
    const want = wanted.get(rel);
    const state = reader.compare(path.join(root, rel), want?.content);
    if (state === 'hand-written') {
      if (want) handWritten.push(rel);
    } else if (!want) plan.remove.push(rel);
    else if (state === 'same') plan.unchanged++;
    else {
      plan.write.push(want);
      plan.changed.push(rel);
    }
  }
  if (handWritten.length) {
    throw new UserError(
      `refusing to overwrite hand-written files (they have no Flotilla header):\n${handWritten
        .sort()
        .map((f) => `  ${f}`)
        .join('\n')}\nMove them out of the way, or rename the app or environment that generates them.`,
    );
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

/** Files an older Flotilla staged next to their final path (`<file>.flotilla-tmp-<pid>`); a kill left them behind. */
const OLD_TEMPORARY = /\.flotilla-tmp-\d+$/;

/**
 * Every regular file below the generated roots, relative to `root` with "/"
 * separators; symbolic links are not followed. Empty folders go to `emptyDirs`.
 */
export function listGeneratedTree(root: string, emptyDirs?: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    if (entries.length === 0 && rel.includes('/')) emptyDirs?.push(rel);
    for (const entry of entries) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  for (const top of GENERATED_ROOTS) {
    try {
      walk(top);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!((code === 'ENOENT' || code === 'ENOTDIR') && (error as NodeJS.ErrnoException).path === path.join(root, top))) throw error;
    }
  }
  return out;
}

/** Reads files into one reused buffer and compares them with what should be there, decoding only when the sizes match. */
class FileReader {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private readonly header = Buffer.from(HEADER_MARK);

  compare(file: string, want: string | undefined): 'hand-written' | 'same' | 'different' {
    let bytes = this.buffer;
    const fd = openSync(file, 'r');
    let length: number;
    try {
      length = readSync(fd, bytes, 0, bytes.length, 0);
    } finally {
      closeSync(fd);
    }
    if (length === bytes.length) {
      bytes = readFileSync(file); // larger than the buffer: read it whole
      length = bytes.length;
    }
    if (length < this.header.length || bytes.compare(this.header, 0, this.header.length, 0, this.header.length) !== 0) return 'hand-written';
    if (want === undefined || Buffer.byteLength(want) !== length) return 'different';
    return bytes.toString('utf8', 0, length) === want ? 'same' : 'different';
  }
}

export function isEmptyPlan(plan: WritePlan): boolean {
  return plan.write.length === 0 && plan.remove.length === 0 && plan.leftovers.length === 0 && plan.emptyDirs.length === 0;
}

/** Applies the plan crash-safely (journal.ts); returns the paths written or removed. */
export async function applyWrite(root: string, plan: WritePlan, steps?: FileSteps): Promise<string[]> {
  writeJournaled(root, { write: plan.write, remove: plan.remove, leftovers: plan.leftovers, emptyDirs: plan.emptyDirs }, steps);
  return [...plan.write.map((f) => f.path), ...plan.remove, ...plan.leftovers].sort();
}
