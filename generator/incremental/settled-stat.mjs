/**
 * A file's stat as git's index keeps one: its mode, size, modification and
 * change times in nanoseconds, inode and device, as a key that changes
 * whenever the file does; and whether the key may be trusted later, which it
 * may only when both times are more than two seconds older than the moment
 * the stat was taken (a change in the same tick of a coarse clock would leave
 * them as they were). Plain JavaScript: the launcher uses it too
 * (fingerprint.mjs), before any TypeScript can run.
 */
import { lstatSync, statSync } from 'node:fs';

/** How recent a file's times may be and still be trusted on its stat: coarse clocks tick in up to 2 s. */
const RACY_NS = 2_000_000_000n;

/**
 * The moment (ns since the epoch) before which a file's times count as settled, for stats taken from now on.
 * @returns {bigint}
 */
export function settledBefore() {
  return BigInt(Date.now()) * 1_000_000n - RACY_NS;
}

/**
 * The stat at `full` (followed if a link, unless `follow` is false), or undefined when there is nothing to stat.
 * @param {string} full
 * @param {bigint} before from settledBefore()
 * @param {{ follow?: boolean }} [options]
 * @returns {{ key: string; settled: boolean; isFile: boolean; isDirectory: boolean } | undefined}
 */
export function settledStat(full, before, { follow = true } = {}) {
  let stat;
  try {
    stat = (follow ? statSync : lstatSync)(full, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!stat) return undefined;
  return {
    key: `${stat.mode} ${stat.size} ${stat.mtimeNs} ${stat.ctimeNs} ${stat.ino} ${stat.dev}`,
    settled: stat.mtimeNs < before && stat.ctimeNs < before,
    isFile: stat.isFile(),
    isDirectory: stat.isDirectory(),
  };
}
