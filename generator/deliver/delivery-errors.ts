/**
 * The CLI's view of delivery failures: git and GitHub errors are the
 * operator's to fix (a token, a network, a branch rule), so they become
 * UserErrors with their message (exit 1), redacted once more with the token
 * the command read, whatever path the text took.
 */
import { UserError } from '../diagnostics.ts';
import { GitDeliveryError } from '../git/errors.ts';
import { redact } from '../git/redact.ts';
import { GitHubDeliveryError } from './github/errors.ts';

export function asUserError(error: unknown, secrets: string[]): unknown {
  if (error instanceof GitDeliveryError) return new UserError(redact(`git: ${error.message}`, secrets));
  if (error instanceof GitHubDeliveryError) return new UserError(redact(`GitHub: ${error.message}`, secrets));
  if (error instanceof UserError) {
    const message = redact(error.message, secrets);
    if (message === error.message) return error;
    const copy = new UserError(message);
    copy.name = error.name;
    return copy;
  }
  return error;
}

/** Output wrappers that mask the token in every line, for commands that hold one. */
export function redactingWriters(io: { out: (t: string) => void; err: (t: string) => void }, secrets: string[]) {
  return {
    out: (text: string) => io.out(redact(text, secrets)),
    err: (text: string) => io.err(redact(text, secrets)),
  };
}
