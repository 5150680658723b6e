/**
 * Stage 6a, write: apply the in-memory output to disk. Only files carrying
 * Flotilla's header are ever replaced or removed; a hand-written file in the
 * way stops the run. Replacements are staged as temporary files and renamed
 * into place once all are written, and new files are removed again if any
 * write fails, so a full disk or a permission error leaves the previous
 * output exactly as it was.
 *
 * The file system calls are synchronous on purpose: on a fleet of 2,000 apps
 * (~80,000 files) promise-based reads and writes spent several times longer
 * in the thread pool than the calls themselves, and unbounded Promise.all
 * over every file ran out of file descriptors (EMFILE).
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../diagnostics.ts';
import type { GeneratedFile } from '../emit/files.ts';
import { GENERATED_ROOTS, HEADER_MARK } from '../model/names.ts';

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
  const existing = listGeneratedTree(root);
  const wanted = new Map(files.map((f) => [f.path, f]));
  const plan: WritePlan = { write: [], added: [], changed: [], remove: [], unchanged: 0 };
  const handWritten: string[] = [];
  const onDisk = new Set(existing);
  const reader = new FileReader();
  for (const rel of existing) {
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

/** Every regular file below the generated roots, relative to `root` with "/" separators; symbolic links are not followed. */
export function listGeneratedTree(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
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
  return plan.write.length === 0 && plan.remove.length === 0;
}

export async function applyWrite(root: string, plan: WritePlan): Promise<string[]> {
  const added = new Set(plan.added);
  const staged: { tmp: string; final: string }[] = [];
  const created: string[] = [];
  const suffix = `.flotilla-tmp-${process.pid}`;
  const writer = new FileWriter();
  try {
    const dirs = new Set(plan.write.map((f) => path.dirname(path.join(root, f.path))));
    for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
    for (const f of plan.write) {
      const final = path.join(root, f.path);
      if (added.has(f.path)) {
        // Nothing to protect at a new path: write it in place, and remove it again if the run fails.
        created.push(final);
        writer.write(final, f.content, 'wx');
      } else {
        const tmp = final + suffix;
        staged.push({ tmp, final });
        writer.write(tmp, f.content, 'w');
      }
    }
  } catch (error) {
    for (const file of [...staged.map((s) => s.tmp), ...created]) {
      try {
        unlinkSync(file);
      } catch {
        // never written, or already gone
      }
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`could not write the generated output (${code ?? String(error)}); the previous output is unchanged`, { cause: error });
  }
  for (const s of staged) renameSync(s.tmp, s.final);
  for (const rel of plan.remove) unlinkSync(path.join(root, rel));
  removeEmptyDirs(root, plan.remove);
  return [...plan.write.map((f) => f.path), ...plan.remove].sort();
}

/** Encodes each file into one reused buffer: a new Buffer per file left ~100 MB of garbage outside the heap on a large fleet. */
class FileWriter {
  private buffer = Buffer.allocUnsafe(1 << 20);

  write(file: string, content: string, flag: 'w' | 'wx'): void {
    const length = Buffer.byteLength(content, 'utf8');
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafe(length);
    this.buffer.write(content, 0, 'utf8');
    const fd = openSync(file, flag);
    try {
      let written = 0;
      while (written < length) written += writeSync(fd, this.buffer, written, length - written);
    } finally {
      closeSync(fd);
    }
  }
}

function removeEmptyDirs(root: string, removed: string[]): void {
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
    let entries: string[] | null;
    try {
      entries = readdirSync(full);
    } catch {
      entries = null;
    }
    if (entries && entries.length === 0) {
      try {
        rmdirSync(full);
      } catch {
        // raced with something else: leave it
      }
    }
  }
}
