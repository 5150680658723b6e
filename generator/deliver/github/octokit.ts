/**
 * Builds the Octokit instance behind the GitHub client.
 *
 * Loaded with dynamic imports: only the `pr` command talks to GitHub, so the
 * other commands should not pay for loading Octokit and its plugins.
 *
 * Follows Octokit's recommendations: plugin-retry for 5xx / network errors,
 * plugin-throttling for rate limits (waiting as `retry-after` /
 * `x-ratelimit-reset` say) and for spacing mutating requests.
 */
import type { Octokit } from '@octokit/rest';
import { redact } from './errors.ts';
import type { RateLimitBudget } from './rate-limit-budget.ts';

export interface DeliveryLogger {
  info(message: string): void;
  warn(message: string): void;
  debug?(message: string): void;
}

export interface OctokitSettings {
  token: string;
  baseUrl: string;
  log: DeliveryLogger;
  budget: RateLimitBudget;
  pacing: Pacing;
}

/**
 * Minimum gaps between requests. GitHub asks integrators to space mutating
 * requests (>= 1 s), more so those that notify people (plugin-throttling uses
 * 3 s). Each client gets its own limiters: the plugin's defaults are shared
 * process-wide, so one client's pacing would otherwise slow down another.
 */
export interface Pacing {
  writeMs: number;
  notificationMs: number;
}

export const DEFAULT_PACING: Pacing = { writeMs: 1000, notificationMs: 3000 };

// 429 is left to plugin-throttling (GitHub sends it for secondary limits with
// `retry-after`), so that waits stay inside the rate-limit budget instead of
// plugin-retry's own backoff. 401/404/422 can never succeed on retry.
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

export async function buildOctokit(settings: OctokitSettings): Promise<Octokit> {
  const [{ Octokit: RestOctokit }, { retry }, { throttling }, { default: Bottleneck }] = await Promise.all([
    import('@octokit/rest'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
    import('bottleneck'),
  ]);
  const { token, baseUrl, log, budget, pacing } = settings;
  const secrets = [token];
  // Octokit also logs whole request options (headers included) as objects; only
  // the plain-text parts are kept, and those are redacted too.
  const line = (args: unknown[]) => redact(args.filter((a) => typeof a === 'string' || typeof a === 'number').join(' '), secrets);
  const onLimit = (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
    const allowed = budget.allow(retryAfter, retryCount);
    const what = `${kind} on ${options.method} ${options.url}`;
    if (allowed) log.warn(redact(`GitHub ${what}: waiting ${retryAfter}s before retry ${retryCount + 1}`, secrets));
    else log.warn(redact(`GitHub ${what}: not retrying. ${budget.lastRefusal ?? ''}`.trim(), secrets));
    return allowed;
  };

  const ThrottledOctokit = RestOctokit.plugin(retry, throttling);
  return new ThrottledOctokit({
    auth: token,
    baseUrl,
    userAgent: 'flotilla',
    log: {
      debug: (...args: unknown[]) => log.debug?.(line(args)),
      info: (...args: unknown[]) => log.debug?.(line(args)),
      warn: (...args: unknown[]) => log.warn(line(args)),
      error: (...args: unknown[]) => log.warn(line(args)),
    },
    retry: {
      retries: budget.policy.retries,
      retryAfterBaseValue: budget.policy.secondMs,
      doNotRetry: DO_NOT_RETRY,
    },
    throttle: {
      retryAfterBaseValue: budget.policy.secondMs,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: pacing.writeMs }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: pacing.notificationMs }),
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
    },
  }) as unknown as Octokit;
}
