// Commits exactly the files Flotilla wrote or removed, nothing else in the
// tree. Two layers keep foreign work out: only our pathspecs are staged, and
// `git commit --only` commits only those paths even if something else is staged.
import { constants } from 'node:fs';
import { access, lstat } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { GitDeliveryError } from './errors.ts';
import { repoRoot, stagedPaths } from './repo-state.ts';
import { gitFailure, runGit, spawnGit, splitZ } from './run-git.ts';

export interface GitIdentity {
  name: string;
  email: string;
}

export interface CommitRequest {
  /** Repository working tree. */
  dir: string;
  /** Repo-relative files or directories Flotilla wrote or removed: the only paths that may be staged. */
  paths: string[];
  /** Full commit message. */
  message: string;
  author?: GitIdentity;
}

export interface CommitResult {
  /** null when nothing changed and no commit was made. */
  sha: string | null;
  changedPaths: string[];
}

export const DEFAULT_AUTHOR: GitIdentity = { name: 'Flotilla', email: 'flotilla@users.noreply.github.com' };

export async function commitGenerated(req: CommitRequest): Promise<CommitResult> {
  if (!req.message.trim()) {
    throw new GitDeliveryError('INVALID_ARGUMENT', 'Commit message is empty', 'Pass the full commit message in CommitRequest.message');
  }
  const root = await repoRoot(req.dir);
  const paths = await stageOwnPaths(root, req.paths);
  if (paths.length === 0) return { sha: null, changedPaths: [] };

  // What our pathspecs contribute to the next commit (additions, edits, deletions).
  const changedPaths = (await stagedPaths(root)).filter((p) => paths.some((q) => p === q || p.startsWith(`${q}/`)));
  if (changedPaths.length === 0) return { sha: null, changedPaths: [] };

  const author = req.author ?? DEFAULT_AUTHOR;
  const r = await spawnGit(
    root,
    // Hooks are respected on purpose (no --no-verify): fleet repos use them for policy.
    // --cleanup=whitespace keeps lines starting with '#' that the default mode would strip.
    ['commit', '--only', '--cleanup=whitespace', '-m', req.message, '--pathspec-from-file=-', '--pathspec-file-nul'],
    { input: changedPaths.join('\0'), extraEnv: await identityEnv(root, author) },
  );
  if (r.code !== 0) {
    const hooks = await installedCommitHooks(root);
    const hook = hooks.length > 0 ? ` (the fleet repository's ${hooks.join('/')} hook may have refused it)` : '';
    throw new GitDeliveryError(
      'GIT_FAILED',
      `git commit of ${changedPaths.length} generated path(s) failed${hook}`,
      'Fix what git reports below; the generated files are staged and will be picked up by the next run',
      r.stderr || r.stdout,
    );
  }
  const sha = (await runGit(root, ['rev-parse', 'HEAD'])).stdout.trim();
  return { sha, changedPaths };
}

/**
 * Stages additions, edits and deletions under exactly these paths (nothing
 * else). Returns the normalized paths.
 */
export async function stageOwnPaths(dir: string, rawPaths: string[]): Promise<string[]> {
  const paths = [...new Set(rawPaths.map(normalizeRepoPath))];
  if (paths.length === 0) return paths;
  const root = await repoRoot(dir);
  const stageable = await dropUnknownPaths(root, paths);
  if (stageable.length > 0) await stage(root, stageable);
  return paths;
}

// Git prints only the hook's own output when a hook fails, so name the hooks that could have.
async function installedCommitHooks(root: string): Promise<string[]> {
  const names = ['pre-commit', 'prepare-commit-msg', 'commit-msg'];
  const r = await runGit(root, ['rev-parse', ...names.flatMap((n) => ['--git-path', `hooks/${n}`])]);
  const paths = r.stdout.trim().split('\n');
  const present = await Promise.all(
    paths.map((p) =>
      access(resolve(root, p), constants.X_OK).then(
        () => true,
        () => false,
      ),
    ),
  );
  return names.filter((_, i) => present[i]);
}

/** Rejects anything that could widen the pathspec beyond one file or directory in the repo. */
export function normalizeRepoPath(p: string): string {
  const bad = (why: string) =>
    new GitDeliveryError('INVALID_ARGUMENT', `Refusing path ${JSON.stringify(p)}: ${why}`, 'Pass repo-relative paths of files Flotilla wrote or removed');
  if (typeof p !== 'string' || p.length === 0) throw bad('empty');
  if (p.includes('\0')) throw bad('contains NUL');
  if (p.startsWith('/')) throw bad('absolute');
  const n = posix.normalize(p).replace(/\/+$/, '');
  // "." would stage the whole tree; ".." would leave it; .git is git's own data.
  if (n === '.' || n === '') throw bad('names the whole repository');
  if (n === '..' || n.startsWith('../')) throw bad('points outside the repository');
  if (n === '.git' || n.startsWith('.git/')) throw bad('points into .git');
  return n;
}

// `git add` fails on a pathspec that matches nothing; a path that is neither on
// disk nor tracked was "removed" but never existed, so there is nothing to stage.
async function dropUnknownPaths(root: string, paths: string[]): Promise<string[]> {
  const onDisk = await Promise.all(
    paths.map((p) =>
      lstat(join(root, p)).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (onDisk.every(Boolean)) return paths;
  const tracked = splitZ((await runGit(root, ['ls-files', '-z'])).stdout);
  return paths.filter((p, i) => onDisk[i] || tracked.some((t) => t === p || t.startsWith(`${p}/`)));
}

async function stage(root: string, paths: string[]): Promise<void> {
  // -A restricted to our pathspecs stages additions, edits and deletions under them only.
  // Paths travel over stdin NUL-separated: no ARG_MAX limit, no quoting issues.
  const args = ['add', '-A', '--pathspec-from-file=-', '--pathspec-file-nul'];
  const r = await spawnGit(root, args, { input: paths.join('\0') });
  if (r.code === 0) return;
  if (/ignored by one of your \.gitignore files/.test(r.stderr)) {
    throw new GitDeliveryError(
      'GIT_FAILED',
      "Some generated paths are ignored by the fleet repository's .gitignore",
      'Remove the matching .gitignore rule or stop generating those paths',
      r.stderr,
    );
  }
  throw gitFailure(args, r);
}

// The author is always Flotilla (or the caller's choice). The committer stays
// whoever git is configured as; on bare CI runners with no identity, git would
// refuse to commit, so Flotilla stands in as committer too.
export async function identityEnv(root: string, author: GitIdentity): Promise<Record<string, string>> {
  const env: Record<string, string> = { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email };
  const get = async (key: string) => (await runGit(root, ['config', '--get', key], { okCodes: [1] })).stdout.trim();
  const name = process.env.GIT_COMMITTER_NAME || (await get('user.name'));
  const email = process.env.GIT_COMMITTER_EMAIL || (await get('user.email'));
  if (!name || !email) Object.assign(env, { GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email });
  return env;
}
