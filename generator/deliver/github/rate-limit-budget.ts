/**
 * Decides whether to honour GitHub's "wait N seconds, then retry" answers
 * (primary limit: `x-ratelimit-reset`, secondary limit / 429: `retry-after`).
 *
 * GitHub can ask for waits of up to an hour; a CI job should rather fail with
 * a clear message than hang, so waits are capped both per attempt count and
 * in total seconds.
 */

export interface RetryPolicy {
  /** Retries per request, for rate limits as well as 5xx / network errors. */
  retries: number;
  /** Total seconds we are willing to wait for rate limits in one upsert. */
  maxWaitSeconds: number;
  /**
   * Milliseconds that one second of requested wait lasts. 1000 in production;
   * tests shrink it so a `retry-after: 1` costs milliseconds, not a second.
   */
  secondMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, maxWaitSeconds: 60, secondMs: 1000 };

export class RateLimitBudget {
  private waitedSeconds = 0;
  /** Human-readable reason for the latest refusal, used in the final error message. */
  lastRefusal: string | undefined;

  constructor(readonly policy: RetryPolicy) {}

  /** Starts a fresh budget for the next upsert. */
  reset(): void {
    this.waitedSeconds = 0;
    this.lastRefusal = undefined;
  }

  /** `retryCount` is how many times this request was already retried. */
  allow(retryAfterSeconds: number, retryCount: number): boolean {
    if (retryCount >= this.policy.retries) {
      this.lastRefusal = `Gave up after ${retryCount} retries.`;
      return false;
    }
    const remaining = this.policy.maxWaitSeconds - this.waitedSeconds;
    if (retryAfterSeconds > remaining) {
      this.lastRefusal = `GitHub asked to wait ${retryAfterSeconds}s, more than the ${remaining}s left of the wait budget.`;
      return false;
    }
    this.waitedSeconds += retryAfterSeconds;
    this.lastRefusal = undefined;
    return true;
  }
}
