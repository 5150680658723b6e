/**
 * Runs one measured command as its own node process, so every number includes
 * process start and module loading, as a user's `flotilla generate` would.
 * Wall time is taken around the spawn; peak RSS and user and system CPU time
 * come from the child itself (report-rss.mjs, preloaded), with the load
 * average at its start: on a shared machine wall time alone says little.
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
  /** CPU time of the process (not of its children), ms. */
  userMs: number;
  systemMs: number;
  /** One-minute load average when it started. */
  load: number;
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
    const load = os.loadavg()[0];
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
    const usage = JSON.parse(await readFile(rssFile, 'utf8').catch(() => '{}')) as { maxRssKb?: number; userUs?: number; systemUs?: number };
    const of = (x: number | undefined, scale = 1) => (x === undefined ? Number.NaN : x / scale);
    return { ms, exitCode, maxRssKb: of(usage.maxRssKb), userMs: of(usage.userUs, 1000), systemMs: of(usage.systemUs, 1000), load, stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a program that is not node (kubectl), with its CPU time from the
 * shell's `times` (user and system time of its children). No RSS.
 */
export async function runCommand(program: string, args: string[]): Promise<ChildRun> {
  flushFileSystem();
  const load = os.loadavg()[0];
  const start = process.hrtime.bigint();
  const child = spawn('bash', ['-c', '"$@" > /dev/null; status=$?; times >&2; exit $status', 'bench', program, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (d) => (stderr += d));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // `times`: the shell's own user/system time, then its children's, as 0m0.123s.
  const children = stderr
    .trim()
    .split('\n')
    .at(-1)
    ?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  const seconds = (m: string, s: string) => (Number(m) * 60 + Number(s)) * 1000;
  return {
    ms,
    exitCode,
    maxRssKb: Number.NaN,
    userMs: children ? seconds(children[1], children[2]) : Number.NaN,
    systemMs: children ? seconds(children[3], children[4]) : Number.NaN,
    load,
    stdout: '',
    stderr,
  };
}
