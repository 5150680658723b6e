/**
 * What the output depends on, as hashes: the generator itself (its sources,
 * the lockfile and the Node version: a cache written by another Flotilla is
 * foreign), and the fleet's config folders (whole folders, not only the YAML:
 * apps inline files kept next to them).
 */
import { createHash, type Hash } from 'node:crypto';
import { type Dirent, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPS_DIR, CLUSTERS_DIR, FLEET_FILE } from '../model/names.ts';

const GENERATOR_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOL_ROOT = path.dirname(GENERATOR_DIR);
/** Everything Flotilla caches, in the tool's own node_modules (never in the fleet repository). */
export const CACHE_ROOT = path.join(TOOL_ROOT, 'node_modules', '.cache', 'flotilla');

let generator: string | undefined;

/** The generator's sources, lockfile and Node version, hashed once per process. */
export function generatorFingerprint(): string {
  if (!generator) {
    const hash = createHash('sha256').update(`${process.version}\0`);
    hashTree(hash, TOOL_ROOT, path.relative(TOOL_ROOT, GENERATOR_DIR));
    hashTree(hash, TOOL_ROOT, 'package-lock.json');
    generator = hash.digest('base64url');
  }
  return generator;
}

/** The fleet's config folders and the generator, hashed. */
export function inputsHash(root: string): string {
  const hash = createHash('sha256').update(`${generatorFingerprint()}\0`);
  hashTree(hash, root, FLEET_FILE);
  hashTree(hash, root, APPS_DIR);
  hashTree(hash, root, CLUSTERS_DIR);
  return hash.digest('base64url');
}

function hashTree(hash: Hash, base: string, rel: string): void {
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

function hashEntry(hash: Hash, base: string, rel: string, entry: Dirent): void {
  if (entry.isSymbolicLink()) hash.update(`link ${rel} ${readlinkSync(path.join(base, rel))}\0`);
  else if (entry.isDirectory() || entry.isFile()) hashTree(hash, base, rel);
  else hash.update(`other ${rel}\0`);
}
