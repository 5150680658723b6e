// Flotilla's git edge: everything that touches the fleet repository's git state,
// all of it through simple-git (run-git.ts, with the environment of git-env.ts).
// `commit` flow: cloneOrOpen -> checkoutBranch -> preflight -> (generate) ->
// commitGenerated -> pushWithRetry (which regenerates if someone else pushed first).
// `pr` flow: addScratchWorktree -> (generate) -> stageOwnPaths ->
// commitIndexWithParents -> pushWithRetry({ detached, rebuild }).
export { checkoutBranch, cloneOrOpen } from './clone.ts';
export { type CommitRequest, type CommitResult, commitGenerated, DEFAULT_AUTHOR, type GitIdentity, stageOwnPaths } from './commit.ts';
export { commitIndexWithParents } from './compose-commit.ts';
export { GitDeliveryError, type GitDeliveryErrorCode } from './errors.ts';
export { type PreflightOptions, preflight } from './preflight.ts';
export { type PushOptions, type PushResult, pushWithRetry } from './push.ts';
export { redact } from './redact.ts';
export { blobId, changedPaths, filesAt, filesMarkedAt, lastCommitTouching, uncommittedPaths } from './revision-files.ts';
export { type GitAuth, showBlob, showBlobs } from './run-git.ts';
export { addScratchWorktree, type ScratchWorktree } from './worktree.ts';

/** A working clone of the fleet repository. */
export interface DeliveryRepo {
  dir: string;
}
