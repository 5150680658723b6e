/**
 * "Nothing changed since the last run" without running the pipeline. After a
 * successful `generate`, a record keeps a hash of every input (fleet.yaml,
 * everything under apps/ and clusters/, the generator's sources, the lockfile
 * and the Node version) and the size, inode, modification and change time of
 * every generated file. The change time (ctime) cannot be set back by hand
 * (restoring the mtime after an edit sets it), and a replaced file has a new
 * inode, so any write to a generated file is seen without reading it. When all of it is the same, the output on disk is what the pipeline
 * would write, byte for byte, and `generate` stops there (a 2,000-app fleet:
 * about a second instead of half a minute).
 *
 * Any difference (an edited config file, a hand-edited or deleted generated
 * file, a new Flotilla) means a full run. `generate --check` never uses the
 * record: the CI gate always runs the whole pipeline. The record lives in the
 * tool's node_modules/.cache, never in the fleet repository.
 */
import { createHash } from 'node:crypto';
import { type Dirent, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics.ts';
import { APPS_DIR, CLUSTERS_DIR, FLEET_FILE } from '../model/names.ts';
import { listGeneratedTree } from './write-tree.ts';

const GENERATOR_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOL_ROOT = path.dirname(GENERATOR_DIR);
const CACHE_DIR = path.join(TOOL_ROOT, 'node_modules', '.cache', 'flotilla', 'runs');
const FORMAT = 2;

interface RunRecord {
  format: number;
  root: string;
  inputs: string;
  /** Generated files: path and stat fingerprint; sorted by path. */
  outputs: [string, Fingerprint][];
  /** Printed again when the record is used, as a full run would. */
  warnings: Diagnostic[];
}

/** size, inode, mtime and ctime, in nanoseconds. */
type Fingerprint = string;

export interface RunCheck {
  /** Config, generator and generated files are as the last run left them: `warnings` are that run's. */
  unchanged: boolean;
  warnings: Diagnostic[];
  /** Hashed before the pipeline reads them, so a config file edited during the run makes the record stale, never wrong. */
  inputs: string;
  /** Whether a generated file changed on disk since the last run wrote it. */
  touched: (file: string) => boolean;
}

/** Whether nothing changed since the last run, the inputs' hash for recordRun, and which generated files were changed since. */
export function checkLastRun(root: string): RunCheck {
  const inputs = inputsHash(root);
  const record = readRecord(root);
  if (!record) return { unchanged: false, warnings: [], inputs, touched: () => false };
  const now = outputStats(root);
  if (record.inputs === inputs && sameOutputs(now, record.outputs)) return { unchanged: true, warnings: record.warnings, inputs, touched: () => false };
  const written = new Map(record.outputs);
  const current = new Map(now);
  return { unchanged: false, warnings: [], inputs, touched: (file) => written.has(file) && written.get(file) !== current.get(file) };
}

function readRecord(root: string): RunRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(recordPath(root), 'utf8')) as RunRecord;
    return record.format === FORMAT && record.root === root ? record : undefined;
  } catch {
    return undefined;
  }
}

function sameOutputs(a: RunRecord['outputs'], b: RunRecord['outputs']): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}

/** Call after the output on disk is exactly what the pipeline generated from the inputs `inputs` hashed. */
export function recordRun(root: string, inputs: string, warnings: Diagnostic[]): void {
  const record: RunRecord = { format: FORMAT, root, inputs, outputs: outputStats(root), warnings };
  const file = recordPath(root);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record));
  renameSync(tmp, file);
  pruneRecords(path.dirname(file));
}

/** One record per fleet root ever generated (tests make hundreds): keep the newest few hundred. */
function pruneRecords(dir: string, keep = 200): void {
  const records = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (records.length <= keep) return;
  const byAge = records.map((f) => ({ f, mtime: statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
  for (const { f } of byAge.slice(keep)) rmSync(path.join(dir, f), { force: true });
}

function recordPath(root: string): string {
  return path.join(CACHE_DIR, `${createHash('sha256').update(root).digest('hex').slice(0, 24)}.json`);
}

/** Everything the output depends on. Whole folders, not just the YAML: apps may inline files kept next to them. */
function inputsHash(root: string): string {
  const hash = createHash('sha256').update(`${FORMAT}\0${process.version}\0`);
  const add = (base: string, rel: string) => hashTree(hash, base, rel);
  add(root, FLEET_FILE);
  add(root, APPS_DIR);
  add(root, CLUSTERS_DIR);
  add(TOOL_ROOT, path.relative(TOOL_ROOT, GENERATOR_DIR));
  add(TOOL_ROOT, 'package-lock.json');
  return hash.digest('hex');
}

function hashTree(hash: ReturnType<typeof createHash>, base: string, rel: string): void {
  const full = path.join(base, rel);
  let entry: ReturnType<typeof statSync>;
  try {
    entry = statSync(full, { throwIfNoEntry: true });
  } catch {
    hash.update(`missing ${rel}\0`);
    return;
  }
  if (entry.isDirectory()) {
    const children = readdirSync(full, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const child of children) hashEntry(hash, base, path.join(rel, child.name), child);
  } else hash.update(`file ${rel}\0`).update(readFileSync(full)).update('\0');
}

function hashEntry(hash: ReturnType<typeof createHash>, base: string, rel: string, entry: Dirent): void {
  if (entry.isSymbolicLink()) hash.update(`link ${rel} ${readlinkSync(path.join(base, rel))}\0`);
  else if (entry.isDirectory() || entry.isFile()) hashTree(hash, base, rel);
  else hash.update(`other ${rel}\0`);
}

/** Path and fingerprint of every generated file (as write-tree.ts lists them), sorted by path. */
function outputStats(root: string): [string, Fingerprint][] {
  return listGeneratedTree(root)
    .sort()
    .map((rel) => {
      const s = lstatSync(path.join(root, rel), { bigint: true });
      return [rel, `${s.size} ${s.ino} ${s.mtimeNs} ${s.ctimeNs}`];
    });
}
