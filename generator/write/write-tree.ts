/**
 * Stage 6a, write: compare the wanted output with the disk and apply the
 * difference. Only files carrying Flotilla's header are ever replaced or
 * removed; a hand-written file in the way stops the run. The change itself is
 * applied crash-safely (journal.ts): a full disk, a permission error or a kill
 * leaves the previous output or the new one, never a mixture.
 *
 * The disk is compared by content hash. Given what the last run wrote (each
 * file's hash and stat fingerprint), a file whose fingerprint is unchanged is
 * not read again: size, inode, modification and change time together change on
 * any write (the change time cannot be set back by hand).
 *
 * Folders are listed the same way: given each folder's stat fingerprint and
 * entries as the last run left them, a folder whose fingerprint is unchanged is
 * not listed again (adding, removing or renaming an entry changes a folder's
 * modification and change time). At 2,000 apps the output has some 15,000
 * folders, and listing them was most of a run that changed one app.
 *
 * The file system calls are synchronous on purpose (see file-steps.ts).
 */
import { type BigIntStats, closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../diagnostics.ts';
import type { GeneratedFile } from '../emit/files.ts';
import { contentHash } from '../model/hash.ts';
import { GENERATED_ROOTS, HEADER_MARK } from '../model/names.ts';
import type { FileSteps } from './file-steps.ts';
import { writeJournaled } from './journal.ts';

/** A generated file as the last run left it. */
export interface WrittenFile {
  hash: string;
  fingerprint: string;
}

export interface DiskFile {
  /** Content hash; null for a hand-written file (no Flotilla header). */
  hash: string | null;
  fingerprint: string;
  /** Changed on disk since the last run wrote it (false when that run's record is unknown). */
  touched: boolean;
}

/** A folder of the output tree as listed: its stat fingerprint, taken before the listing, and its entries. */
export interface ListedDir {
  fingerprint: string;
  files: string[];
  dirs: string[];
}

export interface DiskState {
  files: Map<string, DiskFile>;
  /** Every folder below the generated roots, as this scan saw it. */
  dirs: Map<string, ListedDir>;
  /** Temporary files a killed run of an older Flotilla left behind. */
  leftovers: string[];
  /** Empty folders in the output tree. */
  emptyDirs: string[];
}

/** A file the output must have: its content hash, and its content when it may need writing. */
export interface WantedFile {
  path: string;
  hash: string;
  content?: string;
}

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

/** The whole comparison, reading every file: what `commit`, `pr` and `generate --check` use. */
export async function planWrite(root: string, files: GeneratedFile[]): Promise<WritePlan> {
  return planFromDisk(
    scanOutput(root),
    files.map((f) => ({ path: f.path, hash: contentHash(f.content), content: f.content })),
  );
}

/** Files an older Flotilla staged next to their final path (`<file>.flotilla-tmp-<pid>`); a kill left them behind. */
const OLD_TEMPORARY = /\.flotilla-tmp-\d+$/;

/**
 * Every file below the generated roots, hashed — or, where `written` vouches for it, taken from the last run;
 * each folder listed — or, where `listed` vouches for it, its entries taken from the last run.
 */
export function scanOutput(root: string, written?: ReadonlyMap<string, WrittenFile>, listed?: ReadonlyMap<string, ListedDir>): DiskState {
  const state: DiskState = { files: new Map(), dirs: new Map(), leftovers: [], emptyDirs: [] };
  const reader = new FileReader();
  for (const rel of listGeneratedTree(root, state.emptyDirs, { known: listed, seen: state.dirs })) {
    if (OLD_TEMPORARY.test(rel)) {
      state.leftovers.push(rel);
      continue;
    }
    const full = path.join(root, rel);
    const before = written?.get(rel);
    const fingerprint = fingerprintOf(lstatSync(full, { bigint: true }));
    if (before && before.fingerprint === fingerprint) {
      state.files.set(rel, { hash: before.hash, fingerprint, touched: false });
      continue;
    }
    // Read through the descriptor, then fingerprint that same descriptor: a write between the two is seen next time.
    const { hash, stat } = reader.read(full);
    state.files.set(rel, { hash, fingerprint: fingerprintOf(stat), touched: before !== undefined });
  }
  return state;
}

export function fingerprintOf(s: BigIntStats): string {
  return `${s.size}:${s.ino}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** The change from what is on disk to the wanted files. Every file that must be written needs its content. */
export function planFromDisk(disk: DiskState, wanted: WantedFile[]): WritePlan {
  const plan: WritePlan = { write: [], added: [], changed: [], remove: [], leftovers: disk.leftovers, emptyDirs: disk.emptyDirs, unchanged: 0 };
  const want = new Map(wanted.map((f) => [f.path, f]));
  const handWritten: string[] = [];
  for (const [rel, file] of disk.files) {
    const w = want.get(rel);
    if (file.hash === null) {
      if (w) handWritten.push(rel);
    } else if (!w) plan.remove.push(rel);
    else if (file.hash === w.hash) plan.unchanged++;
    else {
      plan.write.push(contentOf(w));
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
  for (const w of wanted) {
    if (!disk.files.has(w.path)) {
      plan.write.push(contentOf(w));
      plan.added.push(w.path);
    }
  }
  plan.write.sort((a, b) => (a.path < b.path ? -1 : 1));
  plan.added.sort();
  plan.changed.sort();
  plan.remove.sort();
  return plan;
}

function contentOf(w: WantedFile): GeneratedFile {
  if (w.content === undefined) throw new Error(`${w.path} must be written but its content was not generated (this is a bug)`);
  return { path: w.path, content: w.content };
}

/**
 * Every regular file below the generated roots, relative to `root` with "/"
 * separators; symbolic links are not followed. Empty folders go to `emptyDirs`.
 * A folder in `dirs.known` with the same fingerprint is taken as listed there;
 * every folder seen goes to `dirs.seen`.
 */
export function listGeneratedTree(
  root: string,
  emptyDirs?: string[],
  dirs?: { known?: ReadonlyMap<string, ListedDir>; seen?: Map<string, ListedDir> },
): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const listing = listDir(root, rel, dirs?.known?.get(rel));
    if (!listing) return;
    dirs?.seen?.set(rel, listing);
    if (listing.files.length + listing.dirs.length === 0 && rel.includes('/')) emptyDirs?.push(rel);
    for (const name of listing.files) out.push(`${rel}/${name}`);
    for (const name of listing.dirs) walk(`${rel}/${name}`);
  };
  for (const top of GENERATED_ROOTS) walk(top);
  return out;
}

/**
 * The folder's fingerprint and entries, from `known` when the fingerprint is the same; undefined when
 * it is not a folder (a generated root that does not exist yet). The fingerprint is taken first, so an
 * entry added while listing leaves a fingerprint that no longer matches.
 */
function listDir(root: string, rel: string, known: ListedDir | undefined): ListedDir | undefined {
  const full = path.join(root, rel);
  const top = !rel.includes('/');
  let stat: BigIntStats;
  try {
    // A generated root may be a link to a folder; below it, links are not followed.
    stat = top ? statSync(full, { bigint: true }) : lstatSync(full, { bigint: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (top && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    throw error;
  }
  if (!stat.isDirectory()) {
    if (top) return undefined;
    throw new Error(`${rel} changed from a folder while it was being listed`);
  }
  const fingerprint = fingerprintOf(stat);
  if (known?.fingerprint === fingerprint) return known;
  const listing: ListedDir = { fingerprint, files: [], dirs: [] };
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (entry.isDirectory()) listing.dirs.push(entry.name);
    else if (entry.isFile()) listing.files.push(entry.name);
  }
  return listing;
}

/**
 * The folders after a write, for the next run's scan: as the scan saw them, but listed again where the
 * write may have changed them (every folder above a file written or removed, and above a folder removed).
 * A record of the folders before the write would be correct too (a changed folder no longer matches), but
 * then each run after it would list the changed folders again: a run that finds nothing changed writes no record.
 */
export function listedAfterWrite(root: string, disk: DiskState, plan: WritePlan): Map<string, ListedDir> {
  const out = new Map(disk.dirs);
  const touched = new Set<string>();
  for (const file of [...plan.write.map((f) => f.path), ...plan.remove, ...plan.leftovers, ...plan.emptyDirs]) {
    for (let at = file.lastIndexOf('/'); at > 0; at = file.lastIndexOf('/', at - 1)) touched.add(file.slice(0, at));
  }
  for (const dir of plan.emptyDirs) touched.add(dir);
  // Parents first, so a folder that is gone takes what was below it along.
  for (const dir of [...touched].sort((a, b) => a.length - b.length)) {
    let listing: ListedDir | undefined;
    try {
      listing = listDir(root, dir, undefined);
    } catch {
      listing = undefined; // gone, or no longer a folder: listed anew next time
    }
    if (listing) {
      out.set(dir, listing);
      continue;
    }
    out.delete(dir);
    for (const key of [...out.keys()]) if (key.startsWith(`${dir}/`)) out.delete(key);
  }
  return out;
}

/** Reads files into one reused buffer, grown when a file is larger. */
class FileReader {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private readonly header = Buffer.from(HEADER_MARK);

  /** The content hash (null without Flotilla's header) and the stat of the descriptor read. */
  read(file: string): { hash: string | null; stat: BigIntStats } {
    const fd = openSync(file, 'r');
    try {
      const stat = fstatSync(fd, { bigint: true });
      const size = Number(stat.size);
      if (size + 1 > this.buffer.length) this.buffer = Buffer.allocUnsafe(size + 1);
      let length = 0;
      for (let n = 1; n > 0 && length < this.buffer.length; length += n) n = readSync(fd, this.buffer, length, this.buffer.length - length, length);
      const bytes = this.buffer.subarray(0, length);
      const ours = length >= this.header.length && bytes.compare(this.header, 0, this.header.length, 0, this.header.length) === 0;
      return { hash: ours ? contentHash(bytes) : null, stat };
    } finally {
      closeSync(fd);
    }
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

/** What this run leaves on disk, for the next run's scanOutput: every wanted file's hash and fingerprint. */
export function writtenFiles(root: string, disk: DiskState, wanted: WantedFile[], plan: WritePlan): Map<string, WrittenFile> {
  const rewritten = new Set(plan.write.map((f) => f.path));
  const out = new Map<string, WrittenFile>();
  for (const w of wanted) {
    const before = disk.files.get(w.path);
    const fingerprint = !rewritten.has(w.path) && before ? before.fingerprint : fingerprintOf(lstatSync(path.join(root, w.path), { bigint: true }));
    out.set(w.path, { hash: w.hash, fingerprint });
  }
  return out;
}
