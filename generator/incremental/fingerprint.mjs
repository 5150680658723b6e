/**
 * The generator's fingerprint: every file under generator/, the lockfile and
 * the Node version, hashed. The launcher names its bundle by it
 * (bin/flotilla.js) and the cache is tied to it (inputs.ts: a cache another
 * generator wrote is foreign), so both use this one module, in plain
 * JavaScript because the launcher runs before any TypeScript can.
 *
 * Reading and hashing the 4 MB of sources took 0.04 s of a 0.5 s preview, on
 * every run. The stat of each file hashed (size, modification and change
 * times in nanoseconds, inode) is kept beside the fingerprint, as git's index
 * keeps a file's; while every file's stat is as it was, the fingerprint stands
 * without reading them. A fingerprint is kept only when every file's stat may
 * be trusted later (settled-stat.mjs).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settledBefore, settledStat } from './settled-stat.mjs';

const MEMO = Symbol.for('flotilla.generatorFingerprint');

/**
 * Hashes what is at `rel` below `base` into `hash`: a file's path and bytes, a folder's entries in
 * name order, a link's target (never followed), and that anything else or nothing is there.
 * @param {import('node:crypto').Hash} hash
 * @param {string} base
 * @param {string} rel
 */
export function hashTree(hash, base, rel) {
  const full = path.join(base, rel);
  let entry;
  try {
    entry = statSync(full, { throwIfNoEntry: true });
  } catch {
    hash.update(`missing ${rel}\0`);
    return;
  }
  if (entry.isDirectory()) {
    const children = readdirSync(full, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const child of children) {
      const childRel = path.join(rel, child.name);
      if (child.isSymbolicLink()) hash.update(`link ${childRel} ${readlinkSync(path.join(base, childRel))}\0`);
      else if (child.isDirectory() || child.isFile()) hashTree(hash, base, childRel);
      else hash.update(`other ${childRel}\0`);
    }
  } else hash.update(`file ${rel}\0`).update(readFileSync(full)).update('\0');
}

/**
 * The fingerprint of the generator whose checkout is `toolRoot`, computed once per process.
 * @param {string} toolRoot
 * @returns {string}
 */
export function generatorFingerprint(toolRoot) {
  globalThis[MEMO] ??= new Map();
  let fingerprint = globalThis[MEMO].get(toolRoot);
  if (!fingerprint) {
    fingerprint = fingerprintNow(toolRoot);
    globalThis[MEMO].set(toolRoot, fingerprint);
  }
  return fingerprint;
}

/**
 * The fingerprint as the files are now: from the one kept beside their stats, or hashed (and kept).
 * @param {string} toolRoot
 * @returns {string}
 */
export function fingerprintNow(toolRoot) {
  const memoFile = path.join(toolRoot, 'node_modules', '.cache', 'flotilla', 'fingerprint.json');
  const stats = statsOf(toolRoot, settledBefore());
  let fingerprint = kept(memoFile, stats);
  if (!fingerprint) {
    const hash = createHash('sha256').update(`${process.version}\0`);
    hashTree(hash, toolRoot, 'generator');
    hashTree(hash, toolRoot, 'package-lock.json');
    fingerprint = hash.digest('base64url');
    if (stats.every((s) => s.settled)) keep(memoFile, stats, fingerprint);
  }
  return fingerprint;
}

/**
 * The stat of every entry hashTree reads, in its order.
 * @param {string} toolRoot
 * @param {bigint} before from settledBefore()
 */
function statsOf(toolRoot, before) {
  const out = [];
  // As hashTree reads them: the two roots followed if they are links, what is below them not.
  const visit = (rel, follow) => {
    const stat = settledStat(path.join(toolRoot, rel), before, { follow });
    if (!stat) {
      out.push({ key: `missing ${rel}`, settled: true });
      return;
    }
    out.push({ key: `${rel} ${stat.key}`, settled: stat.settled });
    if (stat.isDirectory) for (const name of readdirSync(path.join(toolRoot, rel)).sort()) visit(path.join(rel, name), false);
  };
  visit('generator', true);
  visit('package-lock.json', true);
  return out;
}

function memoKey(stats) {
  return `${process.version}\n${stats.map((s) => s.key).join('\n')}`;
}

/** The fingerprint kept beside these same stats, if there is one. */
function kept(memoFile, stats) {
  try {
    const memo = JSON.parse(readFileSync(memoFile, 'utf8'));
    return memo.stats === memoKey(stats) && typeof memo.fingerprint === 'string' ? memo.fingerprint : undefined;
  } catch {
    return undefined;
  }
}

function keep(memoFile, stats, fingerprint) {
  const tmp = `${memoFile}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(memoFile), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ stats: memoKey(stats), fingerprint }));
    renameSync(tmp, memoFile);
  } catch {
    // Not kept: the next run hashes the sources again.
  }
}
