// Small read-only questions about a working clone, shared by preflight,
// commit and push so each answers them the same way.
import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GitDeliveryError } from './errors.ts';
import { runGit, splitZ } from './run-git.ts';

/** Top level of the work tree containing dir; paths we get are relative to it. */
export async function repoRoot(dir: string): Promise<string> {
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) {
    throw new GitDeliveryError('NOT_A_REPOSITORY', `${dir} does not exist or is not a directory`, 'Clone the fleet repository first (cloneOrOpen)');
  }
  const r = await runGit(dir, ['rev-parse', '--is-inside-work-tree', '--show-toplevel'], { okCodes: [128] });
  const [inside, top] = r.stdout.trim().split('\n');
  if (r.code !== 0 || inside !== 'true' || !top) {
    throw new GitDeliveryError(
      'NOT_A_REPOSITORY',
      `${dir} is not inside a git working tree`,
      'Point Flotilla at a clone of the fleet repository (cloneOrOpen creates one)',
    );
  }
  return realpath(top);
}

/** Short branch name HEAD points at, or null when HEAD is detached. */
export async function currentBranch(dir: string): Promise<string | null> {
  const r = await runGit(dir, ['symbolic-ref', '-q', '--short', 'HEAD'], { okCodes: [1] });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** Commit sha of a revision, or null when it does not exist (e.g. HEAD on an unborn branch). */
export async function resolveCommit(dir: string, rev: string): Promise<string | null> {
  const r = await runGit(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() : null;
}

export async function isAncestor(dir: string, ancestor: string, descendant: string): Promise<boolean> {
  // `merge-base A D` prints A exactly when A is an ancestor of D. Preferred over the silent
  // `--is-ancestor`: simple-git waits an extra 50 ms after any command that prints nothing.
  const a = /^[0-9a-f]{40}$/.test(ancestor) ? ancestor : await resolveCommit(dir, ancestor);
  const base = await runGit(dir, ['merge-base', '--end-of-options', ancestor, descendant], { okCodes: [1] });
  return a !== null && base.code === 0 && base.stdout.trim() === a;
}

/** Paths whose index entry differs from HEAD (or from the empty tree before the first commit). */
export async function stagedPaths(dir: string): Promise<string[]> {
  const r = await runGit(dir, ['diff', '--cached', '--name-only', '-z', '--no-renames']);
  return splitZ(r.stdout);
}

const IN_PROGRESS: Array<{ marker: string; what: string; fix: string }> = [
  { marker: 'rebase-merge', what: 'a rebase is in progress', fix: 'finish it (git rebase --continue) or abort it (git rebase --abort)' },
  {
    marker: 'rebase-apply',
    what: 'a rebase or `git am` is in progress',
    fix: 'finish it (git rebase --continue / git am --continue) or abort it (git rebase --abort / git am --abort)',
  },
  { marker: 'MERGE_HEAD', what: 'a merge is in progress', fix: 'finish it (git commit) or abort it (git merge --abort)' },
  { marker: 'CHERRY_PICK_HEAD', what: 'a cherry-pick is in progress', fix: 'finish it (git cherry-pick --continue) or abort it (git cherry-pick --abort)' },
  { marker: 'REVERT_HEAD', what: 'a revert is in progress', fix: 'finish it (git revert --continue) or abort it (git revert --abort)' },
  { marker: 'BISECT_LOG', what: 'a bisect is in progress', fix: 'end it (git bisect reset)' },
];

/** The unfinished multi-step operation in this clone, if any. */
export async function operationInProgress(dir: string): Promise<{ what: string; fix: string } | null> {
  const args = ['rev-parse', ...IN_PROGRESS.flatMap((op) => ['--git-path', op.marker])];
  const paths = (await runGit(dir, args)).stdout.trim().split('\n');
  for (const [i, op] of IN_PROGRESS.entries()) {
    const p = paths[i];
    if (
      p &&
      (await stat(resolve(dir, p)).then(
        () => true,
        () => false,
      ))
    )
      return op;
  }
  return null;
}
