// The only place that spawns git. It fixes the environment every command runs
// in: no prompts, literal pathspecs, stable English output, a token passed per
// command (never in argv, config or URLs), and redacted error text.
import { spawn } from "node:child_process";
import { basicAuthValue, redact } from "./redact.ts";
import { GitDeliveryError } from "./errors.ts";

export interface GitAuth {
  token: string;
}

export interface GitRunOptions {
  auth?: GitAuth;
  /** Written to stdin (used for NUL-separated pathspec lists, avoiding ARG_MAX). */
  input?: string;
  /** Exit codes that are answers, not failures (e.g. 1 for `diff --quiet`). */
  okCodes?: number[];
  /** Network commands get a deadline so a stalled remote cannot hang a run. */
  timeoutMs?: number;
  extraEnv?: Record<string, string>;
}

export interface GitRunResult {
  code: number;
  stdout: string;
  stderr: string;
}

// Inherited variables that would point git at some other repository or index
// (e.g. when Flotilla itself runs inside a git hook), or make it prompt.
const SCRUBBED_ENV = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_PREFIX",
  "GIT_ASKPASS",
  "SSH_ASKPASS",
];

export function gitEnv(auth?: GitAuth, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of SCRUBBED_ENV) delete env[key];
  Object.assign(env, {
    GIT_TERMINAL_PROMPT: "0", // fail instead of waiting for a password nobody will type
    GCM_INTERACTIVE: "never", // same for Git Credential Manager's GUI
    GIT_LITERAL_PATHSPECS: "1", // paths are data: "*", ":" or "[x]" in a name never become patterns
    LC_ALL: "C", // push/rejection parsing relies on git's untranslated messages
    ...extra,
  });
  if (auth) {
    if (!auth.token) throw new GitDeliveryError("INVALID_ARGUMENT", "auth.token is empty", "Pass a non-empty token or omit auth");
    // Config via environment lives only in this child's env: nothing on disk, nothing in argv.
    // Append after any GIT_CONFIG_* the caller already exported instead of clobbering them.
    const n = Number.parseInt(env.GIT_CONFIG_COUNT ?? "0", 10) || 0;
    env.GIT_CONFIG_COUNT = String(n + 1);
    env[`GIT_CONFIG_KEY_${n}`] = "http.extraHeader";
    env[`GIT_CONFIG_VALUE_${n}`] = `Authorization: Basic ${basicAuthValue(auth.token)}`;
  }
  return env;
}

export function secretsOf(auth?: GitAuth): string[] {
  return auth?.token ? [auth.token] : [];
}

/** Runs git; resolves with the result when the exit code is 0 or listed in okCodes. */
export async function runGit(dir: string, args: string[], opts: GitRunOptions = {}): Promise<GitRunResult> {
  const result = await spawnGit(dir, args, opts);
  if (result.code === 0 || opts.okCodes?.includes(result.code)) return result;
  throw gitFailure(args, result, opts.auth);
}

/** Runs git and returns whatever happened (output already redacted); for callers that classify failures themselves. */
export function spawnGit(dir: string, args: string[], opts: GitRunOptions = {}): Promise<GitRunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: dir,
      env: gitEnv(opts.auth, opts.extraEnv),
      stdio: ["pipe", "pipe", "pipe"],
      timeout: opts.timeoutMs,
      killSignal: "SIGKILL",
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.stdin.on("error", () => {}); // git may exit before reading stdin; the exit code tells the story
    child.stdin.end(opts.input ?? "");
    child.on("error", (e) =>
      reject(new GitDeliveryError("GIT_FAILED", `could not run git (${e.message})`, "Install git >= 2.26 and make sure it is on PATH")),
    );
    child.on("close", (code, signal) => {
      const stderr = Buffer.concat(err).toString("utf8");
      const timedOut = signal !== null && opts.timeoutMs !== undefined;
      // Redacted at the source, so no caller can forward a token by quoting git.
      const secrets = secretsOf(opts.auth);
      resolve({
        code: code ?? 128,
        stdout: redact(Buffer.concat(out).toString("utf8"), secrets),
        stderr: redact(timedOut ? `${stderr}\n(killed after ${opts.timeoutMs} ms without finishing)` : stderr, secrets),
      });
    });
  });
}

export function gitFailure(args: string[], result: GitRunResult, auth?: GitAuth): GitDeliveryError {
  const what = `git ${args[0]} failed (exit ${result.code})`;
  return new GitDeliveryError(
    "GIT_FAILED",
    what,
    "See git's message below; fix the repository state and re-run",
    redact(result.stderr || result.stdout, secretsOf(auth)),
  );
}

/** NUL-separated list, the format git's `-z` output and `--pathspec-file-nul` input use. */
export function splitZ(out: string): string[] {
  return out.split("\0").filter((s) => s.length > 0);
}
