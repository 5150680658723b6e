/**
 * The app names each app and cluster file writes out, kept between runs under
 * each file's stat, as git's index keeps a file's: a preview of one app at L
 * read all 2,000 app files to find the apps around it (load/app-closure.ts),
 * 0.15 s of its 0.9 s. A file whose size, modification or change time (in
 * nanoseconds) or inode differs is read again, and a stat not yet settled
 * when the index is written is not trusted next time (settled-stat.mjs). An app
 * file added since the index was written (a name no entry looked for) has the
 * whole index made again. The index is a blob of the state folder (store.ts):
 * checked before use, written atomically, ignored when corrupt or foreign.
 */
import path from 'node:path';
import { type FleetMentions, namesFinder } from '../load/app-closure.ts';
import { MAX_CONFIG_BYTES } from '../load/parse-yaml.ts';
import { listConfigFiles, readBounded } from '../load/read-fleet.ts';
import { APPS_DIR, CLUSTERS_DIR } from '../model/names.ts';
import { generatorFingerprint } from './inputs.ts';
import { settledBefore, settledStat } from './settled-stat.mjs';
import { readBlob, stateDir, writeBlob } from './store.ts';

export const MENTIONS_FILE = 'mentions.bin';

/** As stored: the app names looked for, and per file (folder/name) its stat and the indexes of the names it writes out. */
interface StoredMentions {
  names: string[];
  files: [file: string, stat: string, named: number[]][];
}

interface FileEntry {
  stat: string;
  named: ReadonlySet<string>;
}

/**
 * The names each app and cluster file of `root` writes out, from the index where a file's stat is as it was;
 * the index is brought up to date unless `keep` is false (a temporary copy of a fleet: nothing is read or kept).
 */
export function fleetMentions(root: string, { keep = true } = {}): FleetMentions {
  const appFiles = listed(path.join(root, APPS_DIR));
  const names = new Set(appFiles.map(appName));
  const namesIn = namesFinder(names);
  const stored = keep ? readStored(root, names) : undefined;
  const entries = new Map<string, FileEntry>();
  let readAny = false;
  const before = settledBefore();
  // Undefined for a file the loader will refuse (unreadable, too large): as if it were not there, as appsAroundIn's texts.
  const mentionsOf = (dir: string, file: string): ReadonlySet<string> | undefined => {
    const key = `${dir}/${file}`;
    const stat = fileStat(path.join(root, dir, file), before);
    const known = stored?.get(key);
    if (stat && known && known.stat === stat.key) {
      entries.set(key, known);
      return known.named;
    }
    readAny = true;
    const text = readText(path.join(root, dir, file));
    if (text === undefined) return undefined;
    const named = namesIn(text);
    // Recent times are not a promise that the next change will show in the stat: kept, but read again next time.
    entries.set(key, { stat: stat?.settled ? stat.key : '', named });
    return named;
  };
  const apps = new Map<string, ReadonlySet<string>>();
  for (const file of appFiles) {
    const named = mentionsOf(APPS_DIR, file);
    // Two files of one app (a.yaml, a.yml) are the loader's error to report; here the later one stands.
    if (named) apps.set(appName(file), named);
  }
  const clusters: ReadonlySet<string>[] = [];
  for (const file of listed(path.join(root, CLUSTERS_DIR))) {
    const named = mentionsOf(CLUSTERS_DIR, file);
    if (named) clusters.push(named);
  }
  if (keep && (readAny || stored?.size !== entries.size)) writeStored(root, names, entries);
  return { apps, clusters };
}

function appName(file: string): string {
  return file.replace(/\.ya?ml$/, '');
}

/** As the loader lists a folder (read-fleet.ts); a folder it cannot list has no files here and is reported by the loader. */
function listed(dir: string): string[] {
  try {
    return listConfigFiles(dir)?.files ?? [];
  } catch {
    return [];
  }
}

/** As the loader reads a config file (read-fleet.ts); undefined where it refuses the file (unreadable, too large). */
function readText(full: string): string | undefined {
  try {
    const read = readBounded(full, MAX_CONFIG_BYTES);
    return typeof read === 'number' ? undefined : read.toString('utf8');
  } catch {
    return undefined;
  }
}

/** The stat of a regular file (settled-stat.mjs); undefined for anything else. */
function fileStat(full: string, before: bigint): { key: string; settled: boolean } | undefined {
  const stat = settledStat(full, before);
  return stat?.isFile ? stat : undefined;
}

/** The stored entries, if the index is whole, this generator's, and looked for every app name there is now. */
function readStored(root: string, names: ReadonlySet<string>): Map<string, FileEntry> | undefined {
  const stored = readBlob<StoredMentions>(path.join(stateDir(root), MENTIONS_FILE), root, generatorFingerprint());
  if (!stored || !Array.isArray(stored.names) || !Array.isArray(stored.files)) return undefined;
  const lookedFor = new Set(stored.names);
  for (const name of names) if (!lookedFor.has(name)) return undefined;
  const out = new Map<string, FileEntry>();
  try {
    for (const [file, stat, named] of stored.files) out.set(file, { stat, named: new Set(named.map((i) => stored.names[i]!)) });
  } catch {
    return undefined;
  }
  return out;
}

function writeStored(root: string, names: ReadonlySet<string>, entries: ReadonlyMap<string, FileEntry>): void {
  const list = [...names];
  const index = new Map(list.map((name, i) => [name, i]));
  const files: StoredMentions['files'] = [];
  for (const [file, { stat, named }] of entries) {
    const indexes: number[] = [];
    // A name no longer an app's (its file removed) need not be kept: only names looked for now are asked.
    for (const name of named) if (index.has(name)) indexes.push(index.get(name)!);
    files.push([file, stat, indexes]);
  }
  try {
    writeBlob(path.join(stateDir(root), MENTIONS_FILE), root, generatorFingerprint(), { names: list, files } satisfies StoredMentions);
  } catch {
    // An index not written is read again next time: the preview itself does not depend on it.
  }
}
