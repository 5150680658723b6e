/**
 * Runs one measured command as its own node process, so every number includes
 * process start and module loading, as a user's `flotilla generate` would.
 * Wall time is taken around the spawn; peak RSS comes from the child itself
 * (report-rss.mjs, preloaded).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RSS_PRELOAD = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));
/** What `npm run generate` runs: the bundled CLI (bin/flotilla.js). */
export const CLI = path.join(REPO_ROOT, 'bin/flotilla.js');

export interface ChildRun {
  ms: number;
  exitCode: number;
  /** Peak resident set size, KiB. */
  maxRssKb: number;
  stdout: string;
  stderr: string;
}

/** `node bin/flotilla.js generate --root <root> --quiet [...extra]` */
export function runGenerate(root: string, extra: string[] = []): Promise<ChildRun> {
  return runNode([CLI, 'generate', '--root', root, '--quiet', ...extra]);
}

/**
 * Writes dirty pages to disk before a measurement, so a run does not pay for
 * the previous run's write-back (or its `rm -rf`); where `sync` is missing, skips it.
 */
export function flushFileSystem(): void {
  spawnSync('sync', { stdio: 'ignore' });
}

export async function runNode(args: string[], env: Record<string, string> = {}): Promise<ChildRun> {
  flushFileSystem();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-rss-'));
  const rssFile = path.join(dir, 'rss');
  try {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', RSS_PRELOAD, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, FLOTILLA_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? -1));
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const maxRssKb = Number(await readFile(rssFile, 'utf8').catch(() => 'NaN'));
    return { ms, exitCode, maxRssKb, stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
