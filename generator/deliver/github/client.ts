/**
 * The GitHub side of `flotilla pr`: one call that makes sure exactly one open
 * pull request carries the generated change.
 *
 * Callers get this small interface rather than Octokit so that the rest of
 * Flotilla neither depends on Octokit's types nor can bypass the retry,
 * error-mapping and redaction rules applied here.
 */
import type { Octokit } from '@octokit/rest';
import { isLoopbackHost } from '../../git/transport.ts';
import { GitHubDeliveryError, redact, toDeliveryError } from './errors.ts';
import { buildOctokit, DEFAULT_PACING, type DeliveryLogger, type Pacing } from './octokit.ts';
import { DEFAULT_RETRY_POLICY, RateLimitBudget, type RetryPolicy } from './rate-limit-budget.ts';
import type { Step } from './repo-labels.ts';
import {
  type ClosedPullRequest,
  closedPullRequest,
  closeSupersededPullRequest,
  type PullRequestRef,
  type PullRequestRequest,
  type PullRequestResult,
  upsertPullRequest,
} from './upsert-pull-request.ts';

export { GitHubDeliveryError } from './errors.ts';
export type { DeliveryLogger, Pacing } from './octokit.ts';
export type { RetryPolicy } from './rate-limit-budget.ts';
export type { ClosedPullRequest, PullRequestRef, PullRequestRequest, PullRequestResult } from './upsert-pull-request.ts';
export { closedByWhom } from './upsert-pull-request.ts';

export interface GitHubClient {
  upsertPullRequest(req: PullRequestRequest): Promise<PullRequestResult>;
  /** When no pull request is open for the branch: the last one, if a person closed it without merging. */
  closedPullRequest(req: PullRequestRequest): Promise<ClosedPullRequest | undefined>;
  /** Closes the branch's open pull request, saying `reason`, when the base already has its change. */
  closeSupersededPullRequest(req: PullRequestRef, reason: string): Promise<{ number: number; url: string } | undefined>;
}

export interface GitHubClientOptions {
  token: string;
  /** API root; GitHub Enterprise Server uses https://HOST/api/v3. */
  baseUrl?: string;
  log?: DeliveryLogger;
  retry?: Partial<RetryPolicy>;
  /** Minimum gaps between mutating requests; tests set them to 0. */
  pacing?: Partial<Pacing>;
  /** Environment variable named in error messages as the place to fix the token. */
  tokenEnvVar?: string;
}

const silent: DeliveryLogger = { info() {}, warn() {} };

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const token = (options.token ?? '').trim();
  const secrets = [token, options.token ?? ''];
  const baseUrl = (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const insecure = plainHttpElsewhere(baseUrl);
  const tokenEnvVar = options.tokenEnvVar ?? 'GITHUB_TOKEN';
  const log = redactingLogger(options.log ?? silent, secrets);
  const budget = new RateLimitBudget({ ...DEFAULT_RETRY_POLICY, ...options.retry });
  let octokit: Promise<Octokit> | undefined;

  const session = async (req: PullRequestRef | PullRequestRequest): Promise<{ gh: Octokit; step: Step }> => {
    if (!token) {
      throw new GitHubDeliveryError(`No GitHub token given: set ${tokenEnvVar} to a token that can open pull requests.`, {
        kind: 'unauthorized',
      });
    }
    if (insecure)
      throw new GitHubDeliveryError(
        `Refusing to send the token to ${insecure} over plain http, where anyone on the network path can read it. Use an https:// API URL (GITHUB_API_URL); plain http is accepted only for this machine (localhost, 127.0.0.0/8, ::1).`,
        { kind: 'invalid-request' },
      );
    checkRequest(req, secrets);
    budget.reset();
    octokit ??= buildOctokit({ token, baseUrl, log, budget, pacing: { ...DEFAULT_PACING, ...options.pacing } });
    const gh = await octokit;
    const step: Step = async (action, run) => {
      try {
        return await run();
      } catch (error) {
        throw toDeliveryError(error, {
          action,
          owner: req.owner,
          repo: req.repo,
          baseUrl,
          tokenEnvVar,
          retries: budget.policy.retries,
          maxWaitSeconds: budget.policy.maxWaitSeconds,
          secrets,
          rateLimitRefusal: budget.lastRefusal,
        });
      }
    };
    return { gh, step };
  };
  return {
    async upsertPullRequest(req) {
      const { gh, step } = await session(req);
      return upsertPullRequest(gh, req, step, log);
    },
    async closedPullRequest(req) {
      const { gh, step } = await session(req);
      return closedPullRequest(gh, req, step);
    },
    async closeSupersededPullRequest(req, reason) {
      const { gh, step } = await session(req);
      return closeSupersededPullRequest(gh, req, reason, step);
    },
  };
}

function checkRequest(req: PullRequestRef | PullRequestRequest, secrets: string[]): void {
  const fields: Record<string, unknown> = { owner: req.owner, repo: req.repo, head: req.head, base: req.base, ...('title' in req ? { title: req.title } : {}) };
  const blank = Object.keys(fields).filter((key) => typeof fields[key] !== 'string' || fields[key].trim() === '');
  const problems = blank.map((key) => `"${key}" is empty`);
  if (req.head === req.base) problems.push(`head and base are both "${req.base}"`);
  if (problems.length > 0) {
    throw new GitHubDeliveryError(redact(`Invalid pull request request: ${problems.join(', ')}.`, secrets), {
      kind: 'invalid-request',
    });
  }
}

/** The API origin when it is plain http to another machine, where a token must not go. */
function plainHttpElsewhere(baseUrl: string): string | undefined {
  try {
    const url = new URL(baseUrl);
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname) ? url.origin : undefined;
  } catch {
    return undefined; // Octokit reports a malformed URL itself
  }
}

/** Every line we or Octokit log passes through here, so the token cannot reach logs. */
function redactingLogger(log: DeliveryLogger, secrets: string[]): DeliveryLogger {
  return {
    info: (message) => log.info(redact(message, secrets)),
    warn: (message) => log.warn(redact(message, secrets)),
    debug: (message) => log.debug?.(redact(message, secrets)),
  };
}
