/**
 * Temporary fleets for tests: the minimal valid fleet (test/fixtures/config/minimal/)
 * with a case's files laid over it, so each bad-input fixture holds only what it changes.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandIO } from '../../generator/cli/args.ts';
import { runCli } from '../../generator/cli/main.ts';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
export const MINIMAL_FLEET = path.join(FIXTURES, 'config/minimal');
export const BAD_FIXTURES = path.join(FIXTURES, 'bad');
export const EXAMPLE_ROOT = path.resolve(FIXTURES, '../..');

export interface FleetChanges {
  /** A folder under test/fixtures/bad/ whose files replace or add to the minimal fleet's. */
  fixture?: string;
  /** Files written after the fixture (generated content, e.g. a 50 MB file). */
  files?: Record<string, string | Buffer>;
  /** Files of the minimal fleet to delete. */
  remove?: string[];
  /** Symbolic links to create: path in the fleet → target (links cannot live in a fixture folder portably). */
  symlinks?: Record<string, string>;
}

export async function makeFleet(changes: FleetChanges = {}, base = MINIMAL_FLEET): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'flotilla-fleet-'));
  await cp(base, root, { recursive: true });
  if (changes.fixture) await cp(path.join(BAD_FIXTURES, changes.fixture), root, { recursive: true });
  for (const file of changes.remove ?? []) await rm(path.join(root, file));
  for (const [file, content] of Object.entries(changes.files ?? {})) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  for (const [link, target] of Object.entries(changes.symlinks ?? {})) {
    await mkdir(path.dirname(path.join(root, link)), { recursive: true });
    await symlink(target, path.join(root, link));
  }
  return root;
}

/** A copy of the repository's example fleet (config only, no generated output). */
export async function copyExampleFleet(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'flotilla-example-'));
  for (const entry of ['fleet.yaml', 'apps', 'clusters']) await cp(path.join(EXAMPLE_ROOT, entry), path.join(root, entry), { recursive: true });
  return root;
}

export async function removeFleet(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/** Every file under root with a content hash: equal snapshots mean nothing was written, moved or deleted. */
export async function snapshotTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      if (entry.isDirectory()) {
        out.set(`${rel}/`, 'dir');
        await walk(full);
      } else
        out.set(
          rel,
          createHash('sha256')
            .update(await readFile(full))
            .digest('hex'),
        );
    }
  };
  await walk(root);
  return out;
}

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

export async function runGenerate(root: string, extra: string[] = []): Promise<CliRun> {
  return runCliCaptured(['generate', '--root', root, ...extra], root);
}

export async function runCliCaptured(argv: string[], cwd: string): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { out: (t) => out.push(...t.split('\n')), err: (t) => err.push(...t.split('\n')), cwd, env: {}, isTTY: false };
  const code = await runCli(argv, io);
  return { code, out, err };
}
