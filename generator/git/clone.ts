// Gets a working clone of the fleet repository and the delivery branch checked
// out, without writing credentials anywhere and without discarding local work.
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { GitDeliveryError } from './errors.ts';
import { isAuthFailure } from './push-outcome.ts';
import { redact } from './redact.ts';
import { currentBranch, isAncestor, repoRoot, resolveCommit } from './repo-state.ts';
import { type GitAuth, runGit, secretsOf, spawnGit } from './run-git.ts';
import { assertTokenTransport } from './transport.ts';

const NETWORK_TIMEOUT_MS = 300_000;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const SCP_LIKE = /^[^/\s]+@[^/\s:]+:/; // git@github.com:org/repo.git

/** Clones `repo` into `workdir`, or reuses (and fetches) a clone of the same repo already there. Returns the clone's path. */
export async function cloneOrOpen(repo: string, workdir: string, opts: { auth?: GitAuth } = {}): Promise<string> {
  const source = normalizeSource(repo);
  if (opts.auth) assertTokenTransport(source, 'the repository');
  const target = resolve(workdir);
  const net = { auth: opts.auth, timeoutMs: NETWORK_TIMEOUT_MS };

  if (await exists(join(target, '.git'))) {
    const root = await repoRoot(target);
    const origin = (await runGit(root, ['remote', 'get-url', 'origin'], { okCodes: [2] })).stdout.trim();
    if (sameRepo(origin, source)) {
      const f = await spawnGit(root, ['fetch', '--quiet', '--prune', 'origin'], net);
      if (f.code !== 0) throw networkError('fetch', source, f.stderr, opts.auth);
      return root;
    }
    throw new GitDeliveryError(
      'WORKDIR_CONFLICT',
      `${target} already holds a clone of ${redact(origin) || 'an unknown repository'}, not ${redact(source)}`,
      'Use a different workdir, or delete that directory',
    );
  }
  if (await exists(target)) {
    if ((await readdir(target)).length > 0) {
      throw new GitDeliveryError('WORKDIR_CONFLICT', `${target} exists, is not empty and is not a git clone`, 'Use an empty or non-existent workdir');
    }
  } else {
    await mkdir(dirname(target), { recursive: true });
  }
  // "--" so a repo string starting with "-" can never be read as an option.
  const c = await spawnGit(dirname(target), ['clone', '--quiet', '--', source, target], net);
  if (c.code !== 0) throw networkError('clone', source, c.stderr, opts.auth);
  return target;
}

/**
 * Checks out `branch`, creating it at `fromRef` if it does not exist and
 * fast-forwarding it to `fromRef` if it is behind. Never moves a branch backwards.
 */
export async function checkoutBranch(dir: string, branch: string, fromRef: string): Promise<void> {
  const root = await repoRoot(dir);
  const valid = await runGit(root, ['check-ref-format', '--branch', branch], { okCodes: [1, 128] });
  if (valid.code !== 0) {
    throw new GitDeliveryError(
      'INVALID_ARGUMENT',
      `${JSON.stringify(branch)} is not a valid branch name`,
      'Pass a plain branch name such as main or flotilla/generated',
    );
  }
  const from = await resolveCommit(root, fromRef);
  if (!from) {
    throw new GitDeliveryError(
      'INVALID_ARGUMENT',
      `${JSON.stringify(fromRef)} does not name a commit in ${root}`,
      'Fetch first (cloneOrOpen fetches origin) and pass e.g. origin/main',
    );
  }
  const existing = await resolveCommit(root, `refs/heads/${branch}`);
  if (!existing) {
    await runGit(root, ['switch', '--no-track', '-c', branch, from]);
    return;
  }
  if ((await currentBranch(root)) !== branch) await runGit(root, ['switch', branch]);
  const head = (await resolveCommit(root, 'HEAD'))!;
  if (await isAncestor(root, from, head)) return; // already contains fromRef
  if (await isAncestor(root, head, from)) {
    await runGit(root, ['merge', '--ff-only', '--no-edit', from]);
    return;
  }
  throw new GitDeliveryError(
    'BRANCH_DIVERGED',
    `Local branch ${branch} and ${fromRef} have diverged`,
    `Push or drop the local-only commits (git log ${fromRef}..${branch}); if they are stale generated commits, \`git branch -D ${branch}\` and re-run`,
  );
}

function normalizeSource(repo: string): string {
  if (!repo) throw new GitDeliveryError('INVALID_ARGUMENT', 'Repository location is empty', 'Pass a local path or a URL');
  if (URL_LIKE.test(repo)) {
    // Credentials in the URL would be written into .git/config by git clone. A bare
    // user is fine for ssh (ssh://git@host), but over http(s) a lone "user" is often a token.
    const userinfo = repo.match(/^([a-z][a-z0-9+.-]*):\/\/([^/@]*)@/i);
    if (userinfo && (userinfo[2]!.includes(':') || /^https?$/i.test(userinfo[1]!))) {
      throw new GitDeliveryError(
        'CREDENTIALS_IN_URL',
        `Refusing ${redact(repo)}: it embeds a credential, which git would store in .git/config`,
        'Remove the credentials from the URL and give the token separately (flotilla reads it from GITHUB_TOKEN, or the variable --token-env names)',
      );
    }
    return repo;
  }
  return SCP_LIKE.test(repo) ? repo : resolve(repo);
}

function sameRepo(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\/+$/, '').replace(/\.git$/, '');
  return norm(a) === norm(b);
}

function networkError(op: string, source: string, stderr: string, auth?: GitAuth): GitDeliveryError {
  if (isAuthFailure(stderr)) {
    return new GitDeliveryError(
      'AUTH_FAILED',
      `Authentication to ${source} failed during ${op}`,
      'Check that the token is set, not expired, and can read this repository',
    );
  }
  return new GitDeliveryError(
    'GIT_FAILED',
    `git ${op} of ${source} failed`,
    'Check the repository location and network access to it',
    redact(stderr, secretsOf(auth)),
  );
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
