/**
 * Where the incremental cache lives: outside the fleet repository, in the
 * tool's node_modules/.cache/flotilla/state/<hash of the fleet root>/. These files:
 *   record.bin   the last successful run: its inputs, warnings, every generated
 *                file's hash and stat fingerprint (all a run that finds nothing
 *                changed reads), and the entry of each of its jobs in jobs.log;
 *   jobs.log     each job's record (job-log.ts), keyed by a hash of its bytes, appended to;
 *   config.log   parsed and validated config, keyed by content hash, appended to,
 *                with config.log.keys, where each entry starts in it (EntryLog);
 *   mentions.bin the app names each app and cluster file writes out, under its stat (mentions-index.ts).
 * Everything read back is checked before it is used: a CRC-32 over each blob or
 * log entry, the format, the fleet root, and the fingerprint of the generator
 * (its sources, lockfile and Node version). A corrupt, truncated or foreign file
 * is ignored — the run is then a cold run — never trusted.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { crc32 } from 'node:zlib';
import { contentHash } from '../model/hash.ts';
import { freeze, thaw } from './codec.ts';
import { CACHE_ROOT, generatorFingerprint } from './inputs.ts';

const STATE_DIR = path.join(CACHE_ROOT, 'state');
const MAGIC = Buffer.from('FLOTILLA-CACHE\n');
const FORMAT = 2;

export function stateDir(root: string): string {
  return path.join(STATE_DIR, contentHash(root).slice(0, 24));
}

/**
 * The log of parsed and validated config of this fleet root (config-cache.ts), as the last run of this generator left it.
 * `sparse`: for a run that asks for a few entries and adds none (a preview), read through the log's key index.
 */
export function openConfigLog(root: string, { sparse = false } = {}): EntryLog {
  return new EntryLog(path.join(stateDir(root), 'config.log'), root, generatorFingerprint(), { keyIndex: true, sparse });
}

const STATE_FILES = new Set(['record.bin', 'jobs.log', 'config.log', 'config.log.keys', 'mentions.bin']);

/**
 * Removes what else a state folder holds: files of an earlier Flotilla's cache format (a 14 MB job
 * blob at L), never read again. Temporary files are left to their writer, which may still be running.
 */
export function dropOtherStateFiles(root: string): void {
  const dir = stateDir(root);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (!STATE_FILES.has(name) && !name.endsWith('.tmp')) rmSync(path.join(dir, name), { recursive: true, force: true });
}

/** The log of job records of this fleet root (job-log.ts), as the last run of this generator left it. */
export function openJobLog(root: string): EntryLog {
  return new EntryLog(path.join(stateDir(root), 'jobs.log'), root, generatorFingerprint());
}

/** What a cache file must say about itself to be used: written first in each, as its own frame. */
interface Identity {
  format: number;
  root: string;
  generator: string;
}

function identityFrame(root: string, generator: string): Buffer {
  return v8.serialize({ format: FORMAT, root, generator } satisfies Identity);
}

function isOwnIdentity(payload: Buffer, root: string, generator: string): boolean {
  try {
    const id = v8.deserialize(payload) as Identity | undefined;
    return id?.format === FORMAT && id.root === root && id.generator === generator;
  } catch {
    return false;
  }
}

/**
 * The blob at `file` if it is whole and was written for this root and generator; otherwise undefined.
 * Its value is in the cache's JSON form (codec.ts): V8's deserializer took 0.11 s for the record of L's
 * 20,639 files and 15,721 folders, JSON.parse 0.05 s.
 */
export function readBlob<T>(file: string, root: string, generator: string): T | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const header = checkedBody(bytes, 0);
  const body = header && checkedBody(bytes, header.end);
  if (!header || !body || body.end !== bytes.length || !isOwnIdentity(header.payload, root, generator)) return undefined;
  try {
    return thaw(body.payload) as T;
  } catch {
    return undefined;
  }
}

/** Writes the blob atomically (a temporary file renamed over the old one). `value` must be plain data (codec.ts). */
export function writeBlob(file: string, root: string, generator: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const body = freeze(value);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileWith(tmp, (fd) => {
    writeFramed(fd, identityFrame(root, generator));
    writeFramed(fd, body);
  });
  renameSync(tmp, file);
  pruneOldStates();
}

/**
 * An append-only log of key → bytes entries. A run reads all entries once,
 * appends the ones it added, and rewrites the log when most of it is no longer
 * used. A frame that is not whole ends the read (a torn last append). Each
 * entry's CRC is checked when it is first asked for: a preview asks for a few
 * entries of a log of tens of megabytes, and one that fails then is dropped as
 * if it were not there.
 *
 * With a key index, each save also writes where each entry starts (a blob
 * beside the log), and a sparse log reads that instead of the whole log: a
 * preview of one app at L asks for a few hundred entries of a 15 MB log, and
 * reading it whole was 0.09 s of 0.57 s. Each entry read that way is checked
 * for its frame, checksum and key, and the index stands only for the log file
 * it was written for (its inode) and for no more bytes than it then had:
 * entries appended after it are found by reading only those bytes.
 */
export class EntryLog {
  /** Entries asked for (their CRC checked) or set this run. */
  private readonly entries = new Map<string, Buffer>();
  /** Entries on disk not asked for yet: where each one's payload starts in `bytes` (its length and CRC just before). */
  private readonly onDisk = new Map<string, number>();
  private bytes: Buffer | undefined;
  private readonly added = new Map<string, Buffer>();
  private readonly used = new Set<string>();
  /** Bytes of the file up to its last whole entry: fewer than the file has is a torn append. */
  private bytesOnDisk = 0;
  /** Read on first use: a run that finds nothing changed never needs it. */
  private read = false;
  /** Where every entry on disk starts, asked for or not: what the key index keeps. */
  private readonly places = new Map<string, number>();
  /** Entries on disk are read from the file one by one (sparse), not from `bytes`. */
  private readFromFile = false;

  constructor(
    private readonly file: string,
    private readonly root: string,
    private readonly generator: string,
    private readonly options: { keyIndex?: boolean; sparse?: boolean } = {},
  ) {}

  private readLog(): void {
    if (this.read) return;
    this.read = true;
    if (this.options.sparse && this.readKeyIndex()) return;
    const { file, root, generator } = this;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return;
    }
    const header = checkedBody(bytes, 0);
    if (!header || !isOwnIdentity(header.payload, root, generator)) return;
    this.bytes = bytes;
    this.bytesOnDisk = this.findEntries(bytes, header.end, 0);
  }

  /**
   * Keeps the place of each entry in `bytes` from `at` on (`offset`: where `bytes` starts in the file); returns
   * where the last whole entry ends. Only each entry's key is read here: a Buffer per entry of a log of ten
   * thousand was a sixth of reading it.
   */
  private findEntries(bytes: Buffer, at: number, offset: number): number {
    while (at < bytes.length) {
      const start = payloadStart(bytes, at);
      const length = start === undefined ? 0 : bytes.readUInt32BE(start - 8);
      // Shorter than a key's length: not an entry this log wrote.
      if (start === undefined || length < 2) break;
      const key = bytes.toString('latin1', start + 2, start + 2 + bytes.readUInt16BE(start));
      this.onDisk.set(key, offset + start);
      if (this.options.keyIndex) this.places.set(key, offset + start);
      at = start + length;
    }
    return offset + at;
  }

  /** Entries' places from the key index, if it was written for this log file; false to read the log whole. */
  private readKeyIndex(): boolean {
    const index = readBlob<StoredKeys>(`${this.file}.keys`, this.root, this.generator);
    if (!index || !Array.isArray(index.keys) || !Array.isArray(index.starts) || index.keys.length !== index.starts.length) return false;
    const found = readingFile(this.file, (fd) => {
      const { ino, size } = fstatSync(fd, { bigint: true });
      if (String(ino) !== index.ino || size < BigInt(index.size)) return false;
      const header = readFrameAt(fd, 0);
      if (!header || !isOwnIdentity(header.payload, this.root, this.generator)) return false;
      for (let i = 0; i < index.keys.length; i++) this.onDisk.set(index.keys[i]!, index.starts[i]!);
      const tail = Buffer.allocUnsafe(Number(size) - index.size);
      const read = readSync(fd, tail, 0, tail.length, index.size);
      this.bytesOnDisk = this.findEntries(tail.subarray(0, read), 0, index.size);
      return true;
    });
    if (!found) {
      this.onDisk.clear();
      return false;
    }
    this.readFromFile = true;
    return true;
  }

  /** The payload of the entry `key` at `start`, from memory or (sparse) from the file; undefined unless whole and its own. */
  private payloadAt(key: string, start: number): Buffer | undefined {
    if (!this.readFromFile) {
      if (!this.bytes) return undefined;
      const payload = this.bytes.subarray(start, start + this.bytes.readUInt32BE(start - 8));
      return crc32(payload) === this.bytes.readUInt32BE(start - 4) ? payload : undefined;
    }
    return readingFile(this.file, (fd) => {
      const frame = readFrameAt(fd, start - MAGIC.length - 8);
      if (!frame || frame.payload.length < 2) return undefined;
      const length = frame.payload.readUInt16BE(0);
      return frame.payload.toString('latin1', 2, 2 + length) === key ? frame.payload : undefined;
    });
  }

  get(key: string): Buffer | undefined {
    this.readLog();
    let value = this.entries.get(key);
    if (!value) {
      const start = this.onDisk.get(key);
      if (start === undefined) return undefined;
      this.onDisk.delete(key);
      const payload = this.payloadAt(key, start);
      if (!payload) return undefined;
      value = payload.subarray(2 + payload.readUInt16BE(0));
      this.entries.set(key, value);
    }
    this.used.add(key);
    return value;
  }

  set(key: string, value: Buffer): void {
    this.readLog();
    this.onDisk.delete(key);
    this.entries.set(key, value);
    this.added.set(key, value);
    this.used.add(key);
  }

  /**
   * Appends this run's entries, or rewrites the log with only the used ones when it has grown past twice their size.
   * A sparse log is not saved: it holds the places of entries, not their bytes, and its run adds none.
   */
  save(): void {
    if (!this.read || this.readFromFile) return; // never used: the log on disk is as it was
    let live = 0;
    for (const key of this.used) live += this.entries.get(key)!.length + key.length + 10;
    if (this.added.size === 0 && this.bytesOnDisk <= 2 * live + 4096) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    // After a torn append, appending would put entries behind a frame that ends every read: the log is rewritten.
    const whole = (this.bytes?.length ?? 0) === this.bytesOnDisk;
    if (this.bytesOnDisk > 0 && whole && this.bytesOnDisk + this.addedBytes() <= 2 * live + 4096) {
      const fd = openSync(this.file, 'a');
      try {
        let at = this.bytesOnDisk;
        for (const [key, value] of this.added) {
          const frame = entryFrame(key, value);
          writeAll(fd, frame);
          this.places.set(key, at + MAGIC.length + 8);
          at += frame.length;
        }
      } finally {
        closeSync(fd);
      }
      this.writeKeyIndex();
      return;
    }
    // Entry by entry: one buffer of the whole log was a copy of every entry at the end of a run, the moment memory peaks.
    const tmp = `${this.file}.${process.pid}.tmp`;
    this.places.clear();
    writeFileWith(tmp, (fd) => {
      const identity = identityFrame(this.root, this.generator);
      writeFramed(fd, identity);
      let at = MAGIC.length + 8 + identity.length;
      for (const key of this.used) {
        const frame = entryFrame(key, this.entries.get(key)!);
        writeAll(fd, frame);
        this.places.set(key, at + MAGIC.length + 8);
        at += frame.length;
      }
    });
    renameSync(tmp, this.file);
    this.writeKeyIndex();
  }

  /** The key index of the log as just saved; one not written leaves the log read whole. */
  private writeKeyIndex(): void {
    if (!this.options.keyIndex) return;
    try {
      const { ino, size } = statSync(this.file, { bigint: true });
      const keys = [...this.places.keys()];
      const stored: StoredKeys = { ino: String(ino), size: Number(size), keys, starts: keys.map((key) => this.places.get(key)!) };
      writeBlob(`${this.file}.keys`, this.root, this.generator, stored);
    } catch {
      // The log stands without it.
    }
  }

  private addedBytes(): number {
    let n = 0;
    for (const [key, value] of this.added) n += value.length + key.length + 10;
    return n;
  }
}

/** The key index of a log: the log file it was written for (inode, size), each entry's key and where its payload starts. */
interface StoredKeys {
  ino: string;
  size: number;
  keys: string[];
  starts: number[];
}

/** What `read` makes of the file opened for reading; undefined if it cannot be opened or read. */
function readingFile<T>(file: string, read: (fd: number) => T): T | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    return read(fd);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The frame at `at` of an open file, if it is whole and its checksum holds. */
function readFrameAt(fd: number, at: number): { payload: Buffer } | undefined {
  if (at < 0) return undefined;
  const head = Buffer.allocUnsafe(MAGIC.length + 8);
  if (readSync(fd, head, 0, head.length, at) !== head.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const payload = Buffer.allocUnsafe(head.readUInt32BE(MAGIC.length));
  if (readSync(fd, payload, 0, payload.length, at + head.length) !== payload.length) return undefined;
  return crc32(payload) === head.readUInt32BE(MAGIC.length + 4) ? { payload } : undefined;
}

function entryFrame(key: string, value: Buffer): Buffer {
  const keyBytes = Buffer.from(key, 'latin1');
  const payload = Buffer.allocUnsafe(2 + keyBytes.length + value.length);
  payload.writeUInt16BE(keyBytes.length, 0);
  keyBytes.copy(payload, 2);
  value.copy(payload, 2 + keyBytes.length);
  return frame(payload);
}

function writeFileWith(file: string, write: (fd: number) => void): void {
  const fd = openSync(file, 'w');
  try {
    write(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** A frame written as its head and then the payload itself: no copy of a large payload. */
function writeFramed(fd: number, payload: Buffer): void {
  writeAll(fd, frameHead(payload));
  writeAll(fd, payload);
}

/** [magic][u32 length][u32 crc32][payload] */
function frame(payload: Buffer): Buffer {
  return Buffer.concat([frameHead(payload), payload]);
}

function frameHead(payload: Buffer): Buffer {
  const head = Buffer.allocUnsafe(MAGIC.length + 8);
  MAGIC.copy(head, 0);
  head.writeUInt32BE(payload.length, MAGIC.length);
  head.writeUInt32BE(crc32(payload), MAGIC.length + 4);
  return head;
}

function checkedBody(bytes: Buffer, at: number): { payload: Buffer; end: number } | undefined {
  const body = framedBody(bytes, at);
  return body && crc32(body.payload) === body.crc ? body : undefined;
}

/** The frame at `at` if it is whole, with the CRC its payload must have (not checked here). */
function framedBody(bytes: Buffer, at: number): { payload: Buffer; crc: number; end: number } | undefined {
  const start = payloadStart(bytes, at);
  if (start === undefined) return undefined;
  const length = bytes.readUInt32BE(start - 8);
  return { payload: bytes.subarray(start, start + length), crc: bytes.readUInt32BE(start - 4), end: start + length };
}

/** Where the payload of the frame at `at` starts, if the frame is whole. */
function payloadStart(bytes: Buffer, at: number): number | undefined {
  const start = at + MAGIC.length + 8;
  if (start > bytes.length) return undefined;
  // Byte by byte: Buffer.compare with offsets took a tenth of the time to read a log of ten thousand entries.
  for (let i = 0; i < MAGIC.length; i++) if (bytes[at + i] !== MAGIC[i]) return undefined;
  return start + bytes.readUInt32BE(start - 8) > bytes.length ? undefined : start;
}

/** One state folder per fleet root ever generated (tests make hundreds): keep the newest ones. */
function pruneOldStates(keep = 100): void {
  let dirs: string[];
  try {
    dirs = readdirSync(STATE_DIR);
  } catch {
    return;
  }
  if (dirs.length <= keep) return;
  const byAge = dirs.map((d) => ({ d, mtime: statSync(path.join(STATE_DIR, d)).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
  for (const { d } of byAge.slice(keep)) rmSync(path.join(STATE_DIR, d), { recursive: true, force: true });
}
