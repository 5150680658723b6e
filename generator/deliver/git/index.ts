// Flotilla's git edge: everything that touches the fleet repository's git state.
// Typical flow: cloneOrOpen -> checkoutBranch -> preflight -> (generate) ->
// commitGenerated -> pushWithRetry (which regenerates if someone else pushed first).
export { cloneOrOpen, checkoutBranch } from "./clone.ts";
export { commitGenerated, DEFAULT_AUTHOR, type CommitRequest, type CommitResult, type GitIdentity } from "./commit.ts";
export { GitDeliveryError, type GitDeliveryErrorCode } from "./errors.ts";
export { preflight, type PreflightOptions } from "./preflight.ts";
export { pushWithRetry, type PushOptions } from "./push.ts";
export { redact } from "./redact.ts";
export type { GitAuth } from "./run-git.ts";

/** A working clone of the fleet repository. */
export interface DeliveryRepo {
  dir: string;
}
