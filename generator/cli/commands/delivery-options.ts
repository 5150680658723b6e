/** What `commit` and `pr` share: their common options, the token, the workspace and the error exit. */
import { DeletionRefusedError } from '../../deliver/deletion-guard.ts';
import type { PrDeliveryResult } from '../../deliver/deliver-pr.ts';
import { asUserError, redactingWriters } from '../../deliver/delivery-errors.ts';
import { closedByWhom, createGitHubClient, type GitHubClient } from '../../deliver/github/client.ts';
import type { GitHubRepo } from '../../deliver/github-repo.ts';
import { authForRemote, openWorkspace } from '../../deliver/workspace.ts';
import { UserError } from '../../diagnostics.ts';
import { type Command, type CommandIO, UsageError } from '../args.ts';
import { DELIVERY_CHART_OPTIONS } from '../chart-options.ts';
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
  ...DELIVERY_CHART_OPTIONS,
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

/** The GitHub client of `pr` and the release commands, created only once there is something to send. */
export function githubClientFor(
  io: CommandIO,
  tokenEnv: string,
  token: string | undefined,
  githubRepo: GitHubRepo,
  say: { err: (t: string) => void },
): () => GitHubClient {
  return () => {
    if (!token)
      throw new UserError(
        `no GitHub token: set ${tokenEnv} to a token with contents: write and pull-requests: write on ${githubRepo.owner}/${githubRepo.repo}`,
      );
    return createGitHubClient({
      token,
      baseUrl: io.env.GITHUB_API_URL || undefined,
      tokenEnvVar: tokenEnv,
      log: { info: (m) => say.err(m), warn: (m) => say.err(`warning: ${m}`) },
      pacing: pacingFrom(io.env),
    });
  };
}

/**
 * GitHub asks integrations to space out mutating requests (Flotilla's client
 * defaults follow that). FLOTILLA_GITHUB_PACING_MS overrides the gap, for a
 * local or test API that has no such limits.
 */
function pacingFrom(env: NodeJS.ProcessEnv): { writeMs: number; notificationMs: number } | undefined {
  const ms = env.FLOTILLA_GITHUB_PACING_MS;
  if (ms === undefined || ms === '') return undefined;
  const n = Number(ms);
  if (!Number.isFinite(n) || n < 0) throw new UserError(`FLOTILLA_GITHUB_PACING_MS must be a number of milliseconds, got ${JSON.stringify(ms)}`);
  return { writeMs: n, notificationMs: n };
}

/** The end of a pull-request delivery, said the same way by every command: the pull request, or (dry run) what it would be. */
export function reportPullRequest(result: Exclude<PrDeliveryResult, { kind: 'nothing-to-do' }>, dryRunLine: string, say: { out: (t: string) => void }): void {
  if (result.kind === 'dry-run') {
    say.out(dryRunLine);
    say.out(`title: ${result.title}`);
    say.out(`labels: ${result.labels.join(', ') || '(none)'}`);
    say.out(result.body.trimEnd());
    return;
  }
  const pr = result.pullRequest;
  if (pr.closed && pr.action === 'created')
    say.out(`pull request #${pr.closed.number} (${pr.closed.url}) was ${closedByWhom(pr.closed)}; this change differs from what it proposed`);
  const verb = pr.action === 'created' ? 'opened' : pr.action === 'updated' ? 'updated' : 'kept';
  say.out(`${result.pushed ? `pushed ${result.branch}; ` : ''}${verb} pull request #${pr.number}: ${pr.url}`);
}
