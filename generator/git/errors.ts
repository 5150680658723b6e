// One error type for the git edge, so callers can tell delivery problems from
// generation bugs, and every message carries what went wrong plus how to fix it.
import { redact } from './redact.ts';

export type GitDeliveryErrorCode =
  | 'NOT_A_REPOSITORY'
  | 'DETACHED_HEAD'
  | 'OPERATION_IN_PROGRESS'
  | 'STAGED_UNOWNED_CHANGES'
  | 'WRONG_BRANCH'
  | 'INVALID_ARGUMENT'
  | 'CREDENTIALS_IN_URL'
  | 'INSECURE_TRANSPORT'
  | 'WORKDIR_CONFLICT'
  | 'BRANCH_DIVERGED'
  | 'AUTH_FAILED'
  | 'PUSH_FAILED'
  | 'GIT_FAILED';

export class GitDeliveryError extends Error {
  override name = 'GitDeliveryError';
  readonly code: GitDeliveryErrorCode;
  /** git's own stderr, already redacted, for logs; the message is for humans. */
  readonly detail?: string;

  constructor(code: GitDeliveryErrorCode, problem: string, fix: string, detail?: string) {
    // Redact here too: the generic patterns catch tokens nobody registered with us.
    const said = detail?.trim() ? `\ngit said: ${detail.trim().slice(0, 2000)}` : '';
    super(redact(`${problem}. ${fix}${said}`));
    this.code = code;
    if (detail !== undefined) this.detail = redact(detail);
  }
}
