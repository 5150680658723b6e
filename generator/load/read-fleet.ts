/**
 * Stage 1, load: find and parse every config file of a fleet. A glob that finds
 * nothing is an error, never "zero apps".
 */
import { closeSync, constants, type Dirent, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareStrings, type Diagnostic, FleetConfigError, UserError } from '../diagnostics.ts';
import { APPS_DIR, CLUSTERS_DIR, FLEET_FILE } from '../model/names.ts';
import { suggestName } from '../suggest.ts';
import { MAX_CONFIG_BYTES, type ParsedFile, type ParseResult, parseConfigYaml } from './parse-yaml.ts';
import { decodeUtf8 } from './utf8.ts';

export interface LoadedFleet {
  root: string;
  fleet: ParsedFile;
  /** Sorted by name, whatever order the file system lists them in. */
  apps: NamedFile[];
  clusters: NamedFile[];
  /** Apps whose files exist but were not read (a load of only some apps): known to exist, nothing else. */
  unread: string[];
}

export interface NamedFile {
  name: string;
  parsed: ParsedFile;
}

const NAME_FROM_FILE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** How a config file's text becomes data: parseConfigYaml, or a cache of its results (incremental/config-cache.ts). */
export type ConfigParser = (file: string, text: string) => ParseResult;

/**
 * `onlyApps`: read only these apps' files (a preview of some apps, load/app-closure.ts); the
 * others are listed as `unread`. Every cluster and fleet.yaml are read all the same.
 */
export async function loadFleet(root: string, parse: ConfigParser = parseConfigYaml, onlyApps?: ReadonlySet<string>): Promise<LoadedFleet> {
  refuseMissingRoot(root);
  const diagnostics: Diagnostic[] = [];
  const unread: string[] = [];
  const fleet = readConfig(root, FLEET_FILE, diagnostics, parse);
  const wanted = (name: string) => {
    if (!onlyApps || onlyApps.has(name)) return true;
    unread.push(name);
    return false;
  };
  const apps = readFolder(root, APPS_DIR, 'app', diagnostics, parse, wanted);
  const clusters = readFolder(root, CLUSTERS_DIR, 'cluster', diagnostics, parse);
  if (diagnostics.some((d) => d.severity === 'error') || !fleet) throw new FleetConfigError(diagnostics);
  return { root, fleet, apps, clusters, unread };
}

/** A root that is not there is a wrong --root (or working directory), not a fleet with three missing files. */
function refuseMissingRoot(root: string): void {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(root);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new UserError(
      code === 'ENOENT'
        ? `the fleet root ${root} does not exist; pass the folder that holds fleet.yaml, apps/ and clusters/ with --root (default: the current directory)`
        : `cannot read the fleet root ${root} (${code ?? message})`,
    );
  }
  if (!stats.isDirectory())
    throw new UserError(`the fleet root ${root} is not a folder; pass the folder that holds fleet.yaml, apps/ and clusters/ with --root`);
}

function readFolder(
  root: string,
  dir: string,
  what: string,
  diagnostics: Diagnostic[],
  parse: ConfigParser,
  wanted: (name: string) => boolean = () => true,
): NamedFile[] {
  const listed = listConfigFiles(path.join(root, dir));
  if (listed === undefined || listed.files.length + listed.refused.length === 0) {
    diagnostics.push({
      file: `${dir}/`,
      line: 1,
      column: 1,
      path: '',
      severity: 'error',
      message: listed ? `no ${what} files found in ${dir}/` : `folder ${dir}/ not found`,
      hint: `Add ${dir}/<name>.yaml. An empty folder is an error, never "no ${what}s", so a failed checkout cannot delete anything.`,
    });
    return [];
  }
  // A link or folder named like a config file is refused, never skipped: skipping it would drop an app.
  for (const { name, kind } of listed.refused) {
    diagnostics.push({
      file: `${dir}/${name}`,
      line: 1,
      column: 1,
      path: '',
      severity: 'error',
      message: `${dir}/${name} is a ${kind}, not a regular file`,
      hint: 'Config files must be plain files in the repository; a link could read any file of the machine.',
    });
  }
  const entries = listed.files;
  const out: NamedFile[] = [];
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const file = `${dir}/${entry}`;
    const name = entry.replace(/\.ya?ml$/, '');
    if (!NAME_FROM_FILE.test(name) || name.length > 63) {
      const better = suggestName(name);
      diagnostics.push({
        file,
        line: 1,
        column: 1,
        path: '',
        severity: 'error',
        message: `file name "${name}" is not a valid ${what} name: expected lower-case letters, digits and "-", at most 63 characters (the name is used in paths and Kubernetes names)`,
        hint: better ? `Rename the file, e.g. to ${dir}/${better}.yaml.` : 'Rename the file.',
      });
      continue;
    }
    const earlier = seen.get(name);
    if (earlier) {
      diagnostics.push({
        file,
        line: 1,
        column: 1,
        path: '',
        severity: 'error',
        message: `${what} "${name}" is also defined by ${earlier}`,
        hint: 'Keep one of the two files.',
      });
      continue;
    }
    seen.set(name, file);
    if (!wanted(name)) continue;
    const parsed = readConfig(root, file, diagnostics, parse);
    if (parsed) out.push({ name, parsed });
  }
  return out;
}

function readConfig(root: string, file: string, diagnostics: Diagnostic[], parse: ConfigParser): ParsedFile | undefined {
  let text: string;
  try {
    const read = readBounded(path.join(root, file), MAX_CONFIG_BYTES);
    if (typeof read === 'number') {
      diagnostics.push({
        file,
        line: 1,
        column: 1,
        path: '',
        severity: 'error',
        message: `file is ${read} bytes; config files are limited to ${MAX_CONFIG_BYTES} bytes`,
        hint: 'Split it into several app or cluster files.',
      });
      return undefined;
    }
    const decoded = decodeUtf8(read);
    if (!decoded.ok) {
      diagnostics.push({
        file,
        line: decoded.line,
        column: decoded.column,
        path: '',
        severity: 'error',
        message: `invalid UTF-8: byte 0x${decoded.byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${decoded.offset} is not part of a valid character`,
        hint: 'Save the file as UTF-8. Flotilla does not guess encodings: the text would be written back with other bytes.',
      });
      return undefined;
    }
    text = decoded.text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `${file} not found`
        : code === 'ELOOP'
          ? `${file} is a symbolic link; config files must be regular files`
          : code === NOT_REGULAR
            ? `${file} is not a regular file`
            : `cannot read ${file} (${code ?? String(error)})`;
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      path: '',
      severity: 'error',
      message,
      hint: code === 'ENOENT' && file === FLEET_FILE ? 'Run flotilla in the fleet repository root, or pass --root.' : undefined,
    });
    return undefined;
  }
  const result = parse(file, text);
  diagnostics.push(...result.diagnostics);
  return result.ok ? result.parsed : undefined;
}

/**
 * The *.yaml / *.yml names at the top of a folder (nested folders hold files next
 * to an app, such as config files, not apps), split into regular files and the rest.
 */
export function listConfigFiles(full: string): { files: string[]; refused: { name: string; kind: string }[] } | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(full, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
  const named = entries.filter((e) => /\.ya?ml$/.test(e.name) && !e.name.startsWith('.'));
  return {
    files: named
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort(compareStrings),
    refused: named
      .filter((e) => !e.isFile())
      .map((e) => ({ name: e.name, kind: e.isSymbolicLink() ? 'symbolic link' : e.isDirectory() ? 'folder' : 'special file' }))
      .sort((a, b) => compareStrings(a.name, b.name)),
  };
}

/** The error code of a config path that is not a regular file (a FIFO or device put in its place after listing). */
const NOT_REGULAR = 'ENOTREG';

/**
 * The file's bytes, or its size when it is over `max` bytes: an oversized file
 * is refused after reading at most max + 1 bytes, so memory stays bounded.
 * Synchronous: one file after another through the thread pool cost about 0.25 ms
 * a file in promise round trips, half a second for a 2,000-app fleet.
 */
export function readBounded(full: string, max: number): Buffer | number {
  // O_NOFOLLOW: a symlinked config file could pull in any file of the machine.
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  const fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw Object.assign(new Error(`${full} is not a regular file`), { code: NOT_REGULAR });
    // Sized by the file, not the limit: a zeroed 1 MB buffer per file cost a second per 500 files.
    const size = stats.size;
    if (size > max) return size;
    let buffer = Buffer.allocUnsafe(size + 1);
    let length = readInto(fd, buffer);
    if (length <= size) return buffer.subarray(0, length);
    // It grew while being read: read it again up to the limit.
    buffer = Buffer.allocUnsafe(max + 1);
    length = readInto(fd, buffer);
    if (length > max) return fstatSync(fd).size;
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Reads from the start of the file until the buffer is full or the file ends; returns the bytes read. */
function readInto(fd: number, buffer: Buffer): number {
  let length = 0;
  while (length < buffer.length) {
    const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return length;
}
