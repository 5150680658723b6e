/**
 * Every change the write stage makes to the disk, one call per file-system
 * step. Writing goes through this one object so a test can stop the write
 * phase after any step, as a crash would (test/write/crash-points.test.ts),
 * and check that what is left is the old output or the new one.
 *
 * The calls are synchronous on purpose: on a fleet of 2,000 apps promise-based
 * reads and writes spent several times longer in the thread pool than the
 * calls themselves, and unbounded Promise.all over every file ran out of file
 * descriptors (EMFILE).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';

export interface FileSteps {
  /** Creates a new file (never replaces one) and writes all of `content` to it. Two steps: create, then write. */
  createFile(file: string, content: string): void;
  mkdir(dir: string): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
  rmdir(dir: string): void;
  /** Makes these files and folders durable: a file's data, a folder's entries (names created, renamed, removed). */
  flush(paths: string[]): void;
}

/** The real file system. */
export function diskSteps(): FileSteps {
  const buffer = new ReusedBuffer();
  return {
    createFile(file, content) {
      const fd = openSync(file, 'wx');
      try {
        buffer.writeAll(fd, content);
      } finally {
        closeSync(fd);
      }
    },
    mkdir: (dir) => mkdirSync(dir, { recursive: true }),
    rename: renameSync,
    unlink: unlinkSync,
    rmdir: rmdirSync,
    flush: flushToDisk,
  };
}

/** Up to this many paths are fsynced one by one; more are flushed with one syncfs. */
const FSYNC_EACH_UP_TO = 32;

/**
 * fsync(2) of each path, or for many paths one syncfs(2) of their file system
 * (`sync -f`, GNU coreutils): an fsync costs 5–10 ms on a virtual disk, minutes
 * for a large fleet's files. Where `sync -f` is missing, each path is fsynced.
 */
function flushToDisk(paths: string[]): void {
  if (paths.length === 0) return;
  if (paths.length > FSYNC_EACH_UP_TO && spawnSync('sync', ['-f', paths[0]], { stdio: 'ignore' }).status === 0) return;
  for (const path of paths) {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** Encodes each file into one reused buffer: a new Buffer per file left ~100 MB of garbage outside the heap on a large fleet. */
class ReusedBuffer {
  private buffer = Buffer.allocUnsafe(1 << 20);

  writeAll(fd: number, content: string): void {
    const length = Buffer.byteLength(content, 'utf8');
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafe(length);
    this.buffer.write(content, 0, 'utf8');
    let written = 0;
    while (written < length) written += writeSync(fd, this.buffer, written, length - written);
  }
}
