/**
 * Crash-safe replacement of the generated tree: a run killed at any instant
 * leaves the old output or the new one, and the next command finishes or
 * cleans up by itself. The protocol (as storage engines do it):
 *   1. every new file is written under the staging folder `.flotilla-write/`
 *      of the fleet root, and made durable;
 *   2. a journal — which staged file goes to which path, which paths go away —
 *      is written beside them and renamed into place: that rename is the
 *      commit point;
 *   3. the journal is applied (renames into place, removals, empty folders
 *      removed), made durable, then the staging folder is deleted.
 * recoverOutput runs before any command reads or writes the output: with a
 * journal it applies it again (every step can be repeated), without one it
 * deletes the staging folder — nothing had been touched yet.
 *
 * No final path ever holds a partial or empty file: a file reaches its path
 * only by a rename of a complete, durable file. Hand-written files are never
 * replaced or removed, also when a journal is finished later.
 */
import { accessSync, closeSync, constants, existsSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../diagnostics.ts';
import type { GeneratedFile } from '../emit/files.ts';
import { GENERATED_ROOTS, HEADER_MARK } from '../model/names.ts';
import { diskSteps, type FileSteps } from './file-steps.ts';

export const STAGING_DIR = '.flotilla-write';
const JOURNAL = 'journal.json';
const JOURNAL_FORMAT = 1;

interface Journal {
  format: number;
  /** Staged file name (in the staging folder) → fleet-relative final path. */
  renames: [string, string][];
  /** Fleet-relative paths of generated files to remove. */
  removals: string[];
  /** Fleet-relative paths of temporary files to remove, whatever they hold. */
  leftovers: string[];
  /** Fleet-relative folders to remove if they are empty afterwards, deepest first. */
  emptyDirs: string[];
}

export interface Change {
  write: GeneratedFile[];
  remove: string[];
  leftovers?: string[];
  /** Folders that may be empty once the change is applied (besides those of removed files). */
  emptyDirs?: string[];
}

/** Applies a change to the tree at `root` through the protocol above. */
export function writeJournaled(root: string, change: Change, steps: FileSteps = diskSteps()): void {
  const staging = path.join(root, STAGING_DIR);
  if (existsSync(staging)) {
    throw new UserError(
      `${STAGING_DIR}/ exists in ${root}: another Flotilla run is writing the output. If none is running, run the command again: it finishes or discards the unfinished write.`,
    );
  }
  const renames: [string, string][] = change.write.map((f, i) => [String(i), f.path]);
  try {
    checkFoldersWritable(root, change.write);
    steps.mkdir(staging);
    change.write.forEach((f, i) => {
      steps.createFile(path.join(staging, String(i)), f.content);
    });
    steps.flush([...renames.map(([staged]) => path.join(staging, staged)), staging]);
  } catch (error) {
    discard(staging, steps);
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`could not write the generated output (${code ?? String(error)}); the previous output is unchanged`, { cause: error });
  }
  const journal: Journal = {
    format: JOURNAL_FORMAT,
    renames,
    removals: change.remove,
    leftovers: change.leftovers ?? [],
    emptyDirs: emptyDirCandidates(change),
  };
  const tmp = path.join(staging, `${JOURNAL}.tmp`);
  steps.createFile(tmp, JSON.stringify(journal));
  steps.flush([tmp]);
  steps.rename(tmp, path.join(staging, JOURNAL)); // the commit point
  steps.flush([staging]);
  applyJournal(root, journal, steps);
}

/**
 * Finishes or discards a write a killed run left behind. Returns what it did,
 * for the caller to say; 'none' when there was nothing to do (one lstat).
 */
export function recoverOutput(root: string, steps: FileSteps = diskSteps()): 'none' | 'finished' | 'discarded' {
  const staging = path.join(root, STAGING_DIR);
  if (!existsSync(staging)) return 'none';
  const journal = readJournal(staging);
  if (!journal) {
    discard(staging, steps);
    return 'discarded';
  }
  applyJournal(root, journal, steps);
  return 'finished';
}

function readJournal(staging: string): Journal | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(staging, JOURNAL), 'utf8');
  } catch {
    return undefined;
  }
  // Renamed into place only after it was written and made durable: a journal that exists is whole.
  const journal = JSON.parse(text) as Journal;
  if (journal.format !== JOURNAL_FORMAT) {
    throw new UserError(`${STAGING_DIR}/${JOURNAL} was written by another version of Flotilla; finish that run with it, or delete ${STAGING_DIR}/`);
  }
  return journal;
}

/** Every step can run again after a crash: a staged file already renamed is gone, a removed file is absent. */
function applyJournal(root: string, journal: Journal, steps: FileSteps): void {
  const staging = path.join(root, STAGING_DIR);
  const made = new Set<string>();
  const changedDirs = new Set<string>();
  for (const [staged, rel] of journal.renames) {
    const from = path.join(staging, staged);
    if (!existsSync(from)) continue;
    const to = path.join(root, rel);
    if (isHandWritten(to)) continue; // appeared since the run planned this write: never replaced
    const dir = path.dirname(to);
    if (!made.has(dir)) {
      steps.mkdir(dir);
      made.add(dir);
    }
    steps.rename(from, to);
    changedDirs.add(dir);
  }
  for (const rel of [...journal.removals, ...journal.leftovers]) {
    const file = path.join(root, rel);
    if (existsSync(file) && (journal.leftovers.includes(rel) || !isHandWritten(file))) {
      steps.unlink(file);
      changedDirs.add(path.dirname(file));
    }
  }
  for (const rel of journal.emptyDirs) {
    const dir = path.join(root, rel);
    if (isEmptyDir(dir)) {
      steps.rmdir(dir);
      changedDirs.add(path.dirname(dir));
    }
  }
  // Durable before the journal goes: without it, a power cut could lose renames the journal no longer lists.
  steps.flush([...changedDirs].filter((d) => existsSync(d)));
  discard(staging, steps);
}

/** Deletes the staging folder: its journal first (a half-deleted folder must not look committed), then the rest. */
function discard(staging: string, steps: FileSteps): void {
  let entries: string[];
  try {
    entries = readdirSync(staging);
  } catch {
    return;
  }
  const ordered = [JOURNAL, ...entries.filter((e) => e !== JOURNAL)];
  try {
    for (const entry of ordered) if (entries.includes(entry)) steps.unlink(path.join(staging, entry));
    steps.rmdir(staging);
  } catch {
    // Left for the next command's recovery.
  }
}

/**
 * Applying a journal must not fail halfway: before anything is written, every
 * folder a new file goes to must exist or be creatable, below a writable folder.
 */
function checkFoldersWritable(root: string, files: GeneratedFile[]): void {
  const checked = new Set<string>();
  for (const f of files) {
    let dir = path.dirname(path.join(root, f.path));
    while (!checked.has(dir)) {
      checked.add(dir);
      let stat: ReturnType<typeof lstatSync> | undefined;
      try {
        stat = lstatSync(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (stat) {
        if (!stat.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
        accessSync(dir, constants.W_OK);
        break;
      }
      dir = path.dirname(dir);
    }
  }
}

/** Folders of removed files and the folders above them, up to a generated root, deepest first. */
function emptyDirCandidates(change: Change): string[] {
  const dirs = new Set<string>(change.emptyDirs ?? []);
  for (const rel of [...change.remove, ...(change.leftovers ?? [])]) {
    let dir = path.posix.dirname(rel);
    while (dir !== '.' && !GENERATED_ROOTS.includes(dir as never)) {
      dirs.add(dir);
      dir = path.posix.dirname(dir);
    }
  }
  return [...dirs].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

function isEmptyDir(dir: string): boolean {
  try {
    return lstatSync(dir).isDirectory() && readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}

/** A file that exists and does not start with Flotilla's header. */
function isHandWritten(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(HEADER_MARK.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return n < head.length || head.toString('utf8') !== HEADER_MARK;
  } finally {
    closeSync(fd);
  }
}
