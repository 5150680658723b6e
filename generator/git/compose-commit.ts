// Builds a commit from the index with parents the caller chooses. `flotilla pr`
// needs this: its commit must fast-forward the pull-request branch (first
// parent: the branch head) and contain the new base (second parent), so the
// branch is updated without ever being force-pushed or merged by hand.
import { DEFAULT_AUTHOR, type GitIdentity, identityEnv } from './commit.ts';
import { runGit } from './run-git.ts';

export interface ComposeRequest {
  dir: string;
  parents: string[];
  message: string;
  author?: GitIdentity;
}

/** Tree id of the current index. */
export async function indexTree(dir: string): Promise<string> {
  return (await runGit(dir, ['write-tree'])).stdout.trim();
}

export async function treeOf(dir: string, rev: string): Promise<string> {
  return (await runGit(dir, ['rev-parse', '--verify', '--end-of-options', `${rev}^{tree}`])).stdout.trim();
}

/** Commits the index as a new commit with the given parents and moves HEAD there (index and files stay as they are). */
export async function commitIndexWithParents(req: ComposeRequest): Promise<string> {
  const tree = await indexTree(req.dir);
  const author = req.author ?? DEFAULT_AUTHOR;
  const parents = req.parents.flatMap((p) => ['-p', p]);
  const r = await runGit(req.dir, ['commit-tree', tree, ...parents, '-F', '-'], { input: req.message, extraEnv: await identityEnv(req.dir, author) });
  const sha = r.stdout.trim();
  await runGit(req.dir, ['reset', '--soft', sha]);
  return sha;
}
