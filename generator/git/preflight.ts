// Refuses to start delivery from a clone where committing would be wrong or
// would sweep in somebody else's work. Unrelated *unstaged* edits are fine:
// commitGenerated never stages them. Unrelated *staged* edits are not, because
// a human reading the log would assume our commit was the whole story.
import { GitDeliveryError } from './errors.ts';
import { currentBranch, operationInProgress, repoRoot, resolveCommit, stagedPaths } from './repo-state.ts';

export interface PreflightOptions {
  /** True for repo-relative paths Flotilla generates; the caller owns that policy. */
  ownedPaths: (path: string) => boolean;
}

const LISTED = 10;

export async function preflight(dir: string, opts: PreflightOptions): Promise<void> {
  const root = await repoRoot(dir);

  // Checked before the detached-HEAD test: a rebase detaches HEAD, and "abort the rebase" is the useful advice.
  const op = await operationInProgress(root);
  if (op) {
    throw new GitDeliveryError('OPERATION_IN_PROGRESS', `Refusing to deliver from ${root}: ${op.what}`, `In that clone, ${op.fix}, then re-run Flotilla`);
  }

  if ((await currentBranch(root)) === null) {
    const at = (await resolveCommit(root, 'HEAD'))?.slice(0, 12) ?? 'an unknown commit';
    throw new GitDeliveryError(
      'DETACHED_HEAD',
      `Refusing to deliver from ${root}: HEAD is detached at ${at}, so a commit would belong to no branch`,
      'Check out the delivery branch first (git switch <branch>, or checkoutBranch(dir, branch, fromRef))',
    );
  }

  const foreign = (await stagedPaths(root)).filter((p) => !opts.ownedPaths(p));
  if (foreign.length > 0) {
    const shown = foreign
      .slice(0, LISTED)
      .map((p) => JSON.stringify(p))
      .join(', ');
    const more = foreign.length > LISTED ? ` and ${foreign.length - LISTED} more` : '';
    throw new GitDeliveryError(
      'STAGED_UNOWNED_CHANGES',
      `Refusing to deliver from ${root}: ${foreign.length} staged change(s) to paths Flotilla does not own: ${shown}${more}`,
      'Commit them yourself first, or unstage them with `git restore --staged -- <path>` (your edits stay in the working tree)',
    );
  }
}
