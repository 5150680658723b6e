/** Fleets in temporary directories, so tests never rewrite the committed output. */
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../generator/cli/main.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONFIG_ENTRIES = ['fleet.yaml', 'apps', 'clusters'];

/** Copies the config of a fleet (the repo's example fleet by default) into a fresh temp dir. */
export async function copyFleet(from = REPO_ROOT, entries = CONFIG_ENTRIES): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-test-'));
  for (const entry of entries) await cp(path.join(from, entry), path.join(dir, entry), { recursive: true });
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs the CLI in-process. Offline: tests never reach a chart repository on the internet (the
 * example fleet's charts live on a public registry); chart tests serve their own on loopback.
 */
export async function flotilla(cwd: string, ...argv: string[]): Promise<CliRun> {
  return flotillaWithEnv(cwd, { FLOTILLA_OFFLINE: '1' }, ...argv);
}

export async function flotillaWithEnv(cwd: string, env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd, env, isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every file below `dir` (relative path → content), for whole-tree comparisons. */
export async function readTree(dir: string, roots: string[] = ['base', 'overlays', 'argocd']): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  async function walk(rel: string): Promise<void> {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else files.set(child, await readFile(path.join(dir, child), 'utf8'));
    }
  }
  for (const r of roots) await walk(r);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
