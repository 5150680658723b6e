/**
 * Canned failure responses, worded and shaped as GitHub sends them, for
 * `FakeGitHub.intercept({ respond: ... })`.
 */
import { errorBody, validationFailed } from './shapes.ts';

export interface CannedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const RATE_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

export const faults = {
  badCredentials: (): CannedResponse => ({ status: 401, body: errorBody(401, 'Bad credentials') }),

  /** 403 or 429 with `retry-after`, as GitHub answers request bursts. */
  secondaryRateLimit: (retryAfterSeconds: number, status: 403 | 429 = 403): CannedResponse => ({
    status,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: errorBody(
      status,
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
        'If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222.',
      `${RATE_DOCS}#about-secondary-rate-limits`,
    ),
  }),

  /** Hourly quota used up; GitHub says when it resets via `x-ratelimit-reset` (epoch seconds). */
  primaryRateLimit: (resetInSeconds: number): CannedResponse => ({
    status: 403,
    headers: {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': '5000',
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds),
    },
    body: errorBody(403, 'API rate limit exceeded for user ID 41898282.', `${RATE_DOCS}#about-the-rate-limit`),
  }),

  /** A token that is valid but lacks the permission. */
  forbidden: (permission = 'pull_requests=write'): CannedResponse => ({
    status: 403,
    headers: { 'x-accepted-github-permissions': permission },
    body: errorBody(403, 'Resource not accessible by personal access token', 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request'),
  }),

  notFound: (): CannedResponse => ({ status: 404, body: errorBody(404, 'Not Found') }),

  serverError: (status: 500 | 502 | 503 = 500): CannedResponse => ({
    status,
    body: { message: status === 502 ? 'Server Error' : 'Internal Server Error' },
  }),

  validation: (message: string, docs = 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request'): CannedResponse => ({
    status: 422,
    body: validationFailed(docs, [{ resource: 'PullRequest', code: 'custom', message }]),
  }),
};
