/**
 * What the output depends on, as hashes: the generator itself (its sources,
 * the lockfile and the Node version: a cache written by another Flotilla is
 * foreign), and the fleet's config folders (whole folders, not only the YAML:
 * apps inline files kept next to them).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPS_DIR, CLUSTERS_DIR, FLEET_FILE } from '../model/names.ts';
import { generatorFingerprint as fingerprintOf, hashTree } from './fingerprint.mjs';

const GENERATOR_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOL_ROOT = path.dirname(GENERATOR_DIR);
/** Everything Flotilla caches, in the tool's own node_modules (never in the fleet repository). */
export const CACHE_ROOT = path.join(TOOL_ROOT, 'node_modules', '.cache', 'flotilla');

/** The generator's sources, lockfile and Node version, hashed (fingerprint.mjs). */
export function generatorFingerprint(): string {
  return fingerprintOf(TOOL_ROOT);
}

/** The fleet's config folders and the generator, hashed. */
export function inputsHash(root: string): string {
  const hash = createHash('sha256').update(`${generatorFingerprint()}\0`);
  hashTree(hash, root, FLEET_FILE);
  hashTree(hash, root, APPS_DIR);
  hashTree(hash, root, CLUSTERS_DIR);
  return hash.digest('base64url');
}
