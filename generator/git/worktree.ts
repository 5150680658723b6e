// A scratch checkout that shares the repository's objects and refs but not its
// working tree or index: `flotilla pr` prepares the pull-request commit there,
// so the operator's checkout, branch and staged work are never touched.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit, spawnGit } from './run-git.ts';

export interface ScratchWorktree {
  dir: string;
  remove(): Promise<void>;
}

/** Adds a detached worktree at `commit` in a new temporary directory. */
export async function addScratchWorktree(repoDir: string, commit: string): Promise<ScratchWorktree> {
  const parent = await mkdtemp(join(tmpdir(), 'flotilla-worktree-'));
  const dir = join(parent, 'fleet');
  await runGit(repoDir, ['worktree', 'add', '--quiet', '--detach', dir, commit]);
  return {
    dir,
    /** Never throws: it runs in `finally` blocks, where an error would hide the one that matters. */
    async remove() {
      const removed = await spawnGit(repoDir, ['worktree', 'remove', '--force', dir]).then(
        (r) => r.code === 0,
        () => false,
      );
      await rm(parent, { recursive: true, force: true }).catch(() => undefined);
      // A registration left behind by a failed removal is dropped once its directory is gone.
      if (!removed) await spawnGit(repoDir, ['worktree', 'prune']).catch(() => undefined);
    },
  };
}
