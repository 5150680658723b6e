/**
 * Turns Octokit / network failures into one error type whose message tells the
 * operator what to do next, and guarantees the token never leaks through it.
 *
 * Octokit's own RequestError already masks the Authorization header, but its
 * message embeds GitHub's response text and its `cause` chain carries raw
 * fetch/undici errors; we never expose those objects. Every string we build or
 * copy goes through `redact`, and `cause` is rebuilt as plain, redacted Errors.
 */

export type GitHubFailureKind =
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'not-found'
  | 'validation'
  | 'unavailable'
  | 'network'
  | 'invalid-request'
  | 'unknown';

export class GitHubDeliveryError extends Error {
  override readonly name = 'GitHubDeliveryError';
  readonly kind: GitHubFailureKind;
  readonly status?: number;
  /** `x-github-request-id`, what GitHub Support asks for. */
  readonly requestId?: string;

  constructor(message: string, options: { kind: GitHubFailureKind; status?: number; requestId?: string; cause?: Error }) {
    super(message, options.cause ? { cause: options.cause } : undefined);
    this.kind = options.kind;
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

const REDACTED = '[REDACTED]';
// Token formats GitHub issues (classic PAT, OAuth, user-to-server, server-to-server,
// refresh, fine-grained PAT): masked even when they are not the configured secret.
const GITHUB_TOKEN_SHAPES = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;
const AUTH_HEADER_VALUE = /\b(authorization["']?\s*[:=]\s*["']?(?:token|bearer|basic)\s+)[^\s"',}]+/gi;

/** Replaces every occurrence of each secret (and anything shaped like a GitHub token). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join(REDACTED);
  }
  return out.replace(GITHUB_TOKEN_SHAPES, REDACTED).replace(AUTH_HEADER_VALUE, `$1${REDACTED}`);
}

export interface FailureContext {
  /** What we were doing, phrased to follow "while trying to", e.g. "create a pull request". */
  action: string;
  owner: string;
  repo: string;
  baseUrl: string;
  tokenEnvVar: string;
  retries: number;
  maxWaitSeconds: number;
  secrets: readonly string[];
  /** Why the rate-limit budget refused to wait, when it did. */
  rateLimitRefusal?: string;
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection closed before GitHub answered',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

export function toDeliveryError(error: unknown, ctx: FailureContext): GitHubDeliveryError {
  if (error instanceof GitHubDeliveryError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as RequestErrorLike;
  const headers = e.response?.headers ?? {};
  const data = e.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const githubMessage = typeof data?.message === 'string' ? data.message : undefined;
  const requestId = headerString(headers['x-github-request-id']);
  const where = `${ctx.owner}/${ctx.repo}`;
  const cause = sanitizeCause(error, ctx.secrets);
  const make = (kind: GitHubFailureKind, message: string) =>
    new GitHubDeliveryError(redact(withRequestId(message, requestId), ctx.secrets), {
      kind,
      // Octokit reports network failures as status 500; there was no HTTP status.
      status: e.response ? e.status : undefined,
      requestId,
      cause,
    });

  // No HTTP response at all: Octokit reports fetch failures as status 500 without `response`.
  if (!e.response) {
    const code = findCode(error);
    const detail = code ? `${code}: ${NETWORK_CODES[code] ?? 'network error'}` : (e.message ?? 'network error');
    return make(
      'network',
      `Could not reach the GitHub API at ${ctx.baseUrl} to ${ctx.action} (${detail}), ` +
        `still failing after ${ctx.retries} retries. Check network access, proxy settings and the API base URL.`,
    );
  }

  const status = e.status ?? 0;
  if (status === 401) {
    return make(
      'unauthorized',
      `GitHub rejected the token (401${githubMessage ? ` ${githubMessage}` : ''}) while trying to ${ctx.action} on ${where}. ` +
        `It is missing, expired or revoked: set ${ctx.tokenEnvVar} to a valid token with ` +
        `"Pull requests: write" and "Issues: write" access to ${where}.`,
    );
  }
  if (isRateLimit(status, headers, githubMessage)) {
    const secondary = /secondary rate/i.test(githubMessage ?? '') || headers['retry-after'] !== undefined;
    return make(
      'rate-limited',
      `GitHub ${secondary ? 'secondary ' : ''}rate limit hit while trying to ${ctx.action} on ${where} (HTTP ${status}). ` +
        `${ctx.rateLimitRefusal ?? 'Not retried.'} ` +
        `Retry budget: ${ctx.retries} retries, ${ctx.maxWaitSeconds}s total wait. Try again ${whenToRetry(headers)}.`,
    );
  }
  if (status === 403) {
    const accepted = headerString(headers['x-accepted-github-permissions']);
    return make(
      'forbidden',
      `The token in ${ctx.tokenEnvVar} is not allowed to ${ctx.action} on ${where} (403${githubMessage ? `: ${githubMessage}` : ''}). ` +
        `Grant it ${accepted ? `the permissions GitHub asks for (${accepted})` : '"Pull requests: write" and "Issues: write"'}` +
        `, or for a classic token the "repo" scope; check organization SSO authorization too.`,
    );
  }
  if (status === 404) {
    return make(
      'not-found',
      `Could not ${ctx.action}: repository ${where} was not found, or the token in ${ctx.tokenEnvVar} cannot see it ` +
        `(GitHub answers 404 instead of 403 for private repositories a token has no access to). ` +
        `Check the owner/repo spelling and the token's repository access.`,
    );
  }
  if (status === 422) {
    return make('validation', `GitHub refused to ${ctx.action} on ${where} (422 ${githubMessage ?? 'Validation Failed'}): ${validationDetails(data?.errors)}.`);
  }
  if (status >= 500) {
    return make(
      'unavailable',
      `GitHub is unavailable (HTTP ${status}): could not ${ctx.action} on ${where} after ${ctx.retries} retries. ` +
        `Try again later; see https://www.githubstatus.com.`,
    );
  }
  return make('unknown', `GitHub answered HTTP ${status} while trying to ${ctx.action} on ${where}: ${githubMessage ?? e.message ?? 'no details'}.`);
}

function isRateLimit(status: number, headers: Record<string, unknown>, message: string | undefined): boolean {
  if (status === 429) return true;
  return status === 403 && (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message ?? ''));
}

function whenToRetry(headers: Record<string, string | number | undefined>): string {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return `in ${retryAfter}s or later`;
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return `after ${new Date(reset * 1000).toISOString()}`;
  return 'in a few minutes';
}

function validationDetails(errors: unknown): string {
  if (!Array.isArray(errors) || errors.length === 0) return 'no details given';
  return errors
    .map((item: { message?: unknown; resource?: unknown; field?: unknown; code?: unknown }) => {
      if (typeof item?.message === 'string') return item.message;
      const subject = [item?.resource, item?.field].filter((s) => typeof s === 'string').join('.');
      return `${subject || 'request'} ${String(item?.code ?? 'invalid')}`;
    })
    .join('; ');
}

function withRequestId(message: string, requestId: string | undefined): string {
  return requestId ? `${message} (GitHub request id ${requestId})` : message;
}

function headerString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function findCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Rebuilds a cause chain out of plain Errors: keeps name, message, `code` and
 * `status` (all redacted), drops request/response objects that hold headers.
 */
export function sanitizeCause(error: unknown, secrets: readonly string[], depth = 0): Error | undefined {
  if (error === undefined || error === null || depth > 5) return undefined;
  const source = error as { name?: unknown; message?: unknown; code?: unknown; status?: unknown; cause?: unknown };
  const message = typeof source.message === 'string' ? source.message : String(error);
  const copy = new Error(redact(message, secrets), { cause: sanitizeCause(source.cause, secrets, depth + 1) });
  if (typeof source.name === 'string') copy.name = redact(source.name, secrets);
  if (copy.cause === undefined) delete (copy as { cause?: unknown }).cause;
  const extra = copy as Error & { code?: string; status?: number };
  if (typeof source.code === 'string') extra.code = redact(source.code, secrets);
  if (typeof source.status === 'number') extra.status = source.status;
  return copy;
}
