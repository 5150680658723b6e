// What reaches each git child process, and which of simple-git's guards that
// environment needs lifted. simple-git v4 refuses (when passed explicitly) or
// strips (when inherited) every GIT_* variable and a few others (EDITOR, PAGER,
// ...), because they can make git run programs or read config from elsewhere.
// Flotilla keeps that default and lets through only:
//   - what Flotilla itself sets (no prompts, literal pathspecs, identity, the
//     per-command auth header via GIT_CONFIG_COUNT/KEY/VALUE), and
//   - a short list of variables operators legitimately set for git on CI
//     runners (where git config lives, the SSH command for deploy keys, CA
//     bundles, commit identity).
// Each simple-git `unsafe` flag is enabled only for a command whose
// environment actually carries the variable that needs it. Everything else
// GIT_* is dropped: GIT_DIR/GIT_WORK_TREE/GIT_INDEX_FILE (would point at
// another repository, e.g. when Flotilla runs inside a hook), GIT_ASKPASS
// (prompts), GIT_TRACE*/GIT_CURL_VERBOSE (would copy the Authorization header
// into traces), GIT_EXEC_PATH, GIT_TEMPLATE_DIR, GIT_EXTERNAL_DIFF, ...

import { GitDeliveryError } from './errors.ts';
import { basicAuthValue } from './redact.ts';

export interface GitAuth {
  token: string;
}

type UnsafeFlag = 'allowUnsafeConfigEnvCount' | 'allowUnsafeConfigPaths' | 'allowUnsafeSshCommand';

export interface GitSpawnEnv {
  env: Record<string, string>;
  /** Guarded variable names present in `env`, for simple-git's allowEnvironment option. */
  allowEnvironment: string[];
  /** simple-git `unsafe` flags this environment needs, and no others. */
  unsafe: Partial<Record<UnsafeFlag, true>>;
}

/** Operator-set variables passed through from the ambient environment, with the simple-git flag each needs (null: none). */
const PASSTHROUGH: Record<string, UnsafeFlag | null> = {
  GIT_CONFIG_GLOBAL: 'allowUnsafeConfigPaths',
  GIT_CONFIG_SYSTEM: 'allowUnsafeConfigPaths',
  GIT_CONFIG_NOSYSTEM: null,
  GIT_SSH: 'allowUnsafeSshCommand',
  GIT_SSH_COMMAND: 'allowUnsafeSshCommand',
  GIT_SSL_CAINFO: null,
  GIT_SSL_CAPATH: null,
  GIT_AUTHOR_NAME: null,
  GIT_AUTHOR_EMAIL: null,
  GIT_AUTHOR_DATE: null,
  GIT_COMMITTER_NAME: null,
  GIT_COMMITTER_EMAIL: null,
  GIT_COMMITTER_DATE: null,
};
// Config given through the environment (GIT_CONFIG_COUNT + KEY_n/VALUE_n): kept, since
// CI systems use it; simple-git still checks every key against its block list.
const CONFIG_ENV = /^GIT_CONFIG_(?:COUNT|KEY_\d+|VALUE_\d+)$/;
// simple-git's guarded names that do not start with GIT_. Should simple-git guard
// more, a name missing here makes it refuse the command loudly, never silently.
const GUARDED_OTHER = new Set(['EDITOR', 'VISUAL', 'PAGER', 'PREFIX', 'SSH_ASKPASS']);

function isGuarded(key: string): boolean {
  const k = key.toUpperCase();
  return k.startsWith('GIT_') || GUARDED_OTHER.has(k);
}

function flagFor(key: string): UnsafeFlag | null | undefined {
  const k = key.toUpperCase();
  if (CONFIG_ENV.test(k)) return 'allowUnsafeConfigEnvCount';
  return Object.hasOwn(PASSTHROUGH, k) ? PASSTHROUGH[k] : undefined;
}

export function gitSpawnEnv(auth?: GitAuth, extra: Record<string, string> = {}, ambient: NodeJS.ProcessEnv = process.env): GitSpawnEnv {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(ambient)) {
    if (value === undefined) continue;
    if (isGuarded(key) && flagFor(key) === undefined) continue;
    env[key] = value;
  }
  Object.assign(env, {
    GIT_TERMINAL_PROMPT: '0', // fail instead of waiting for a password nobody will type
    GCM_INTERACTIVE: 'never', // same for Git Credential Manager's GUI
    GIT_LITERAL_PATHSPECS: '1', // paths are data: "*", ":" or "[x]" in a name never become patterns
    LC_ALL: 'C', // push/rejection parsing relies on git's untranslated messages
    ...extra,
  });
  if (auth) {
    if (!auth.token) throw new GitDeliveryError('INVALID_ARGUMENT', 'The token is empty', 'Set the token variable to a non-empty token, or unset it');
    // Config via environment lives only in this child's env: nothing on disk, nothing in argv.
    // Append after any GIT_CONFIG_* the caller already exported instead of clobbering them.
    const n = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10) || 0;
    env.GIT_CONFIG_COUNT = String(n + 1);
    env[`GIT_CONFIG_KEY_${n}`] = 'http.extraHeader';
    env[`GIT_CONFIG_VALUE_${n}`] = `Authorization: Basic ${basicAuthValue(auth.token)}`;
  }
  const allowEnvironment = Object.keys(env).filter(isGuarded);
  const unsafe: GitSpawnEnv['unsafe'] = {};
  for (const key of allowEnvironment) {
    const flag = flagFor(key);
    if (flag) unsafe[flag] = true;
  }
  return { env, allowEnvironment, unsafe };
}

export function secretsOf(auth?: GitAuth): string[] {
  return auth?.token ? [auth.token] : [];
}
