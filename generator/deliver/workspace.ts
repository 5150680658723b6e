/**
 * Where a delivery happens. Without --repo: the git checkout the fleet is in.
 * With --repo: a local working clone is used in place; anything else (a URL, a
 * bare repository) is cloned into a work directory that later runs reuse, and
 * the result is always pushed back (a commit left in a scratch clone would be
 * lost).
 */
import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserError } from '../diagnostics.ts';
import { cloneOrOpen } from '../git/clone.ts';
import { repoRoot } from '../git/repo-state.ts';
import { type GitAuth, runGit, spawnGit } from '../git/run-git.ts';
import { assertTokenTransport } from '../git/transport.ts';
import { FleetPaths } from './fleet-paths.ts';

export interface Workspace {
  repoDir: string;
  paths: FleetPaths;
  /** True when Flotilla cloned the repository itself: results must be pushed. */
  cloned: boolean;
  remote: string;
}

export interface WorkspaceRequest {
  cwd: string;
  /** Fleet directory: relative to cwd, or with `repo`, to the repository root. */
  root?: string;
  repo?: string;
  workdir?: string;
  auth?: GitAuth;
}

export async function openWorkspace(req: WorkspaceRequest): Promise<Workspace> {
  if (req.repo && !(await isWorkTree(path.resolve(req.cwd, req.repo)))) {
    const workdir = req.workdir ? path.resolve(req.cwd, req.workdir) : defaultWorkdir(req.repo);
    const repoDir = await cloneOrOpen(req.repo, workdir, { auth: req.auth });
    return inRepo(repoDir, path.resolve(repoDir, req.root ?? '.'), true);
  }
  const base = req.repo ? path.resolve(req.cwd, req.repo) : req.cwd;
  const fleetRoot = path.resolve(base, req.root ?? '.');
  return inRepo(await repoRoot(fleetRoot), fleetRoot, false);
}

/**
 * A token is sent only to http(s) remotes (ssh and local remotes authenticate
 * otherwise), and to plain http only on this machine: elsewhere it is refused.
 */
export function authForRemote(url: string | null, token: string | undefined): GitAuth | undefined {
  if (!token || !url || !/^https?:\/\//i.test(url)) return undefined;
  assertTokenTransport(url, 'the git remote');
  return { token };
}

/** The remote URL Flotilla pushes to, for deciding whether a token applies and which GitHub repository it is. */
export async function remoteUrl(ws: Workspace): Promise<string | null> {
  const r = await spawnGit(ws.repoDir, ['remote', 'get-url', '--', ws.remote]);
  return r.code === 0 ? r.stdout.trim() : null;
}

/** The branch the remote's HEAD points at (its default branch), e.g. "main". */
export async function remoteDefaultBranch(ws: Workspace): Promise<string> {
  const r = await runGit(ws.repoDir, ['symbolic-ref', '--quiet', '--short', `refs/remotes/${ws.remote}/HEAD`], { okCodes: [1, 128] });
  const ref = r.stdout.trim();
  if (r.code !== 0 || !ref.startsWith(`${ws.remote}/`)) {
    throw new UserError(`cannot tell the default branch of ${ws.remote}; pass --branch`);
  }
  return ref.slice(ws.remote.length + 1);
}

async function inRepo(repoDir: string, fleetDir: string, cloned: boolean): Promise<Workspace> {
  // repoRoot() answers with the real path; compare like with like (/tmp may be a symlink).
  const fleetRoot = await realpath(fleetDir).catch(() => fleetDir);
  const prefix = path.relative(repoDir, fleetRoot).split(path.sep).join('/');
  if (prefix.startsWith('..') || path.isAbsolute(prefix)) {
    throw new UserError(`the fleet directory ${fleetRoot} is outside the repository ${repoDir}`);
  }
  return { repoDir, paths: new FleetPaths(prefix), cloned, remote: 'origin' };
}

async function isWorkTree(dir: string): Promise<boolean> {
  if (
    !(await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return false;
  const r = await spawnGit(dir, ['rev-parse', '--is-inside-work-tree']);
  return r.code === 0 && r.stdout.trim() === 'true';
}

function defaultWorkdir(repo: string): string {
  // One clone per repository, reused by later runs (cloneOrOpen fetches it).
  const id = createHash('sha256').update(repo).digest('hex').slice(0, 16);
  return path.join(tmpdir(), 'flotilla-work', id);
}
