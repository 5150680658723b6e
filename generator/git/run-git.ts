// The only way this folder runs git: through simple-git, one configured
// instance per command. It fixes what every command gets: the environment from
// git-env.ts (no prompts, literal pathspecs, stable English output, a token
// passed per command, never in argv, config or URLs), stdin always closed,
// a deadline for network commands, and redacted output.
//
// Callers need git's exit code as an answer (`merge-base --is-ancestor` says 1,
// `ls-remote --exit-code` says 2), so simple-git's error detection is replaced
// by one that records the exit code and output instead of throwing.
import { type SimpleGit, type SimpleGitOptions, simpleGit } from 'simple-git';
import { GitDeliveryError } from './errors.ts';
import { type GitAuth, gitSpawnEnv, secretsOf } from './git-env.ts';
import { redact } from './redact.ts';

export { type GitAuth, secretsOf } from './git-env.ts';

export interface GitRunOptions {
  auth?: GitAuth;
  /** Written to stdin (used for NUL-separated pathspec lists, avoiding ARG_MAX). */
  input?: string;
  /** Exit codes that are answers, not failures (e.g. 1 for `diff --quiet`). */
  okCodes?: number[];
  /** Network commands get a deadline (without output) so a stalled remote cannot hang a run. */
  timeoutMs?: number;
  extraEnv?: Record<string, string>;
}

export interface GitRunResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface RawResult<T> {
  code: number;
  stdout: T;
  stderr: string;
}

/** Runs git; resolves with the result when the exit code is 0 or listed in okCodes. */
export async function runGit(dir: string, args: string[], opts: GitRunOptions = {}): Promise<GitRunResult> {
  const result = await spawnGit(dir, args, opts);
  if (result.code === 0 || opts.okCodes?.includes(result.code)) return result;
  throw gitFailure(args, result, opts.auth);
}

/** Runs git and returns whatever happened (output already redacted); for callers that classify failures themselves. */
export async function spawnGit(dir: string, args: string[], opts: GitRunOptions = {}): Promise<GitRunResult> {
  const raw = await execute(dir, args, opts, (git) => git.raw(args));
  // Redacted at the source, so no caller can forward a token by quoting git.
  const secrets = secretsOf(opts.auth);
  return { code: raw.code, stdout: redact(raw.stdout, secrets), stderr: redact(raw.stderr, secrets) };
}

/** A file's bytes at a revision (`git show rev:path`), unmodified: config files may not be UTF-8. */
export async function showBlob(dir: string, rev: string, path: string): Promise<Buffer> {
  const args = ['cat-file', 'blob', `${rev}:${path}`];
  const raw = await execute(dir, args, {}, (git) => git.binaryCatFile(args.slice(1)));
  if (raw.code !== 0) throw gitFailure(args, { code: raw.code, stdout: '', stderr: raw.stderr });
  return raw.stdout;
}

/**
 * Several files of one revision in one git process (`cat-file --batch`),
 * path → bytes. Starting one git per file is what made reading a revision slow.
 */
export async function showBlobs(dir: string, rev: string, paths: string[]): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  // The batch protocol is line-based: a name with a line break goes on its own.
  for (const path of paths.filter((p) => p.includes('\n'))) files.set(path, await showBlob(dir, rev, path));
  const batched = await catFileBatch(
    dir,
    paths.filter((p) => !p.includes('\n')).map((p) => `${rev}:${p}`),
  );
  for (const [spec, bytes] of batched) files.set(spec.slice(rev.length + 1), bytes);
  return files;
}

/** Blobs by id (as `git log --raw` names them), id → bytes, in one git process. */
export async function showBlobsById(dir: string, ids: string[]): Promise<Map<string, Buffer>> {
  return catFileBatch(dir, ids);
}

async function catFileBatch(dir: string, specs: string[]): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  if (specs.length === 0) return files;
  const args = ['cat-file', '--batch'];
  const input = specs.map((s) => `${s}\n`).join('');
  const raw = await execute(dir, args, { input }, (git) => git.binaryCatFile(args.slice(1)));
  if (raw.code !== 0) throw gitFailure(args, { code: raw.code, stdout: '', stderr: raw.stderr });
  let at = 0;
  for (const spec of specs) {
    // "<sha> <type> <size>\n<content>\n", or "<name> missing\n".
    const eol = raw.stdout.indexOf(0x0a, at);
    const header = raw.stdout.subarray(at, eol).toString('utf8').split(' ');
    if (header.length !== 3 || header[1] !== 'blob') {
      throw new GitDeliveryError('GIT_FAILED', `${spec} is not a file in the repository`, 'Re-run; if it persists, report it', header.join(' '));
    }
    const size = Number(header[2]);
    files.set(spec, raw.stdout.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return files;
}

async function execute<T>(dir: string, args: string[], opts: GitRunOptions, run: (git: SimpleGit) => Promise<T>): Promise<RawResult<T>> {
  const { env, allowEnvironment, unsafe } = gitSpawnEnv(opts.auth, opts.extraEnv);
  let outcome: { exitCode: number; stdErr: Buffer[]; stdOut: Buffer[]; killed?: Error } | undefined;
  const options: Partial<SimpleGitOptions> = {
    baseDir: dir,
    maxConcurrentProcesses: 1,
    allowEnvironment,
    unsafe,
    // A zero-length Buffer still ends stdin: git never waits on a terminal that is not there.
    input: () => Buffer.from(opts.input ?? '', 'utf8'),
    errors: (error, result) => {
      outcome = { ...result, killed: error instanceof Error ? error : undefined };
      return undefined;
    },
    ...(opts.timeoutMs ? { timeout: { block: opts.timeoutMs } } : {}),
  };
  let stdout: T;
  try {
    stdout = await run(simpleGit(options).env(env));
  } catch (error) {
    // simple-git refused before starting git (a guarded variable or argument), or could not start it.
    throw new GitDeliveryError(
      'GIT_FAILED',
      `could not run git ${args[0]} (${redact((error as Error).message, secretsOf(opts.auth))})`,
      'Install git >= 2.26, make sure it is on PATH, and check the GIT_* variables in the environment',
    );
  }
  if (!outcome) throw new GitDeliveryError('GIT_FAILED', `git ${args[0]} ended without reporting an exit code`, 'Re-run; if it persists, report it');
  const stderr = Buffer.concat(outcome.stdErr).toString('utf8');
  if (outcome.exitCode < 0 || /spawn \S*git ENOENT/.test(stderr)) {
    throw new GitDeliveryError('GIT_FAILED', 'could not run git (not found)', 'Install git >= 2.26 and make sure it is on PATH');
  }
  const timedOut = outcome.killed !== undefined && opts.timeoutMs !== undefined && /timeout/i.test(outcome.killed.message);
  return {
    code: timedOut && outcome.exitCode === 0 ? 128 : outcome.exitCode,
    stdout,
    stderr: timedOut ? `${stderr}\n(killed after ${opts.timeoutMs} ms without output)` : stderr,
  };
}

export function gitFailure(args: string[], result: GitRunResult, auth?: GitAuth): GitDeliveryError {
  const what = `git ${args[0]} failed (exit ${result.code})`;
  return new GitDeliveryError(
    'GIT_FAILED',
    what,
    "See git's message below; fix the repository state and re-run",
    redact(result.stderr || result.stdout, secretsOf(auth)),
  );
}

/** NUL-separated list, the format git's `-z` output and `--pathspec-file-nul` input use. */
export function splitZ(out: string): string[] {
  return out.split('\0').filter((s) => s.length > 0);
}
