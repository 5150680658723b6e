/** What `commit` and `pr` share: their common options, the token, the workspace and the error exit. */
import { DeletionRefusedError } from '../../deliver/deletion-guard.ts';
import { asUserError, redactingWriters } from '../../deliver/delivery-errors.ts';
import { authForRemote, openWorkspace } from '../../deliver/workspace.ts';
import { type Command, type CommandIO, UsageError } from '../args.ts';
import { EXIT } from '../exit-codes.ts';

export const DELIVERY_OPTIONS: Command['options'] = {
  root: { type: 'string' },
  repo: { type: 'string' },
  workdir: { type: 'string' },
  branch: { type: 'string' },
  'max-attempts': { type: 'string' },
  'allow-deletions': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'message-prefix': { type: 'string' },
  'token-env': { type: 'string' },
};

type Values = Record<string, string | boolean | string[] | undefined>;

export function deliveryIO(values: Values, io: CommandIO) {
  const tokenEnv = (values['token-env'] as string | undefined) ?? 'GITHUB_TOKEN';
  const token = io.env[tokenEnv]?.trim() || undefined;
  const secrets = token ? [token] : [];
  // Everything printed goes through the redaction of the token, whatever produced it.
  const say = redactingWriters(io, secrets);
  const maxAttempts = parseAttempts(values['max-attempts'] as string | undefined);
  return { tokenEnv, token, secrets, say, maxAttempts };
}

export function openDeliveryWorkspace(values: Values, io: CommandIO, token: string | undefined) {
  const repo = values.repo as string | undefined;
  return openWorkspace({
    cwd: io.cwd,
    root: values.root as string | undefined,
    repo,
    workdir: values.workdir as string | undefined,
    auth: authForRemote(repo ?? null, token),
  });
}

/** A refused deletion has its own exit code; anything else becomes a user error with the token redacted. */
export function deliveryFailure(error: unknown, say: { err: (t: string) => void }, secrets: string[]): number {
  if (error instanceof DeletionRefusedError) {
    say.err(`error: ${error.message}`);
    return EXIT.deletionsRefused;
  }
  throw asUserError(error, secrets);
}

export function parseAttempts(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new UsageError(`--max-attempts must be a whole number from 1 to 20, got ${JSON.stringify(text)}`);
  return n;
}
