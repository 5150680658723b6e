import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { type FailureContext, redact, sanitizeCause, toDeliveryError } from '../../../generator/deliver/github/errors.ts';

const SECRET = 's3cr3t-value-for-test';
const ctx: FailureContext = {
  action: 'create the pull request',
  owner: 'acme',
  repo: 'fleet',
  baseUrl: 'https://api.github.com',
  tokenEnvVar: 'GITHUB_TOKEN',
  retries: 2,
  maxWaitSeconds: 60,
  secrets: [SECRET],
};

describe('redact', () => {
  it('removes every occurrence of each secret', () => {
    assert.equal(redact(`a ${SECRET} b ${SECRET}`, [SECRET]), 'a [REDACTED] b [REDACTED]');
  });

  it('masks GitHub-shaped tokens and Authorization values even when not configured', () => {
    const classic = `ghp_${'A1b2C3d4E5'.repeat(3)}123456`;
    const fineGrained = `github_pat_${'11ABCDEFG0'.repeat(3)}`;
    const out = redact(`${classic} ${fineGrained} authorization: bearer abc.def "Authorization":"token xyz"`, []);
    assert.ok(!out.includes(classic) && !out.includes(fineGrained), out);
    assert.ok(!out.includes('abc.def') && !out.includes('xyz'), out);
  });

  it('ignores empty secrets instead of mangling the text', () => {
    assert.equal(redact('unchanged', ['']), 'unchanged');
  });
});

describe('toDeliveryError', () => {
  it('redacts the cause chain it exposes and drops request/response objects', () => {
    const root = Object.assign(new Error(`connect failed for ${SECRET}`), { code: 'ECONNRESET' });
    const fetchError = new TypeError('fetch failed', { cause: root });
    const requestError = Object.assign(new Error(`request with ${SECRET}`, { cause: fetchError }), {
      status: 500,
      request: { headers: { authorization: `token ${SECRET}` } },
    });

    const error = toDeliveryError(requestError, ctx);

    assert.equal(error.kind, 'network');
    assert.equal(error.status, undefined);
    assert.match(error.message, /ECONNRESET: connection reset/);
    const dump = inspect(error, { depth: 20, showHidden: true });
    assert.ok(!dump.includes(SECRET), dump);
    assert.ok(!dump.includes('authorization'), dump);
    assert.equal((error.cause as Error & { cause: Error & { cause: { code: string } } }).cause.cause.code, 'ECONNRESET');
  });

  it('joins GitHub validation errors, falling back to resource.field code', () => {
    const error = toDeliveryError(
      {
        status: 422,
        message: 'Validation Failed',
        response: {
          headers: { 'x-github-request-id': 'ABCD:1234' },
          data: {
            message: 'Validation Failed',
            errors: [
              { resource: 'PullRequest', code: 'custom', message: 'No commits between main and topic' },
              { resource: 'Label', field: 'color', code: 'invalid' },
            ],
          },
        },
      },
      ctx,
    );
    assert.equal(error.kind, 'validation');
    assert.match(error.message, /No commits between main and topic; Label\.color invalid/);
    assert.match(error.message, /GitHub request id ABCD:1234/);
  });

  it('tells a primary rate limit from a permission problem on 403', () => {
    const rateLimited = toDeliveryError(
      { status: 403, response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' }, data: { message: 'API rate limit exceeded' } } },
      ctx,
    );
    assert.equal(rateLimited.kind, 'rate-limited');
    assert.match(rateLimited.message, /after 2023-11-14T22:13:20\.000Z/);

    const forbidden = toDeliveryError({ status: 403, response: { headers: {}, data: { message: 'Must have admin rights' } } }, ctx);
    assert.equal(forbidden.kind, 'forbidden');
    assert.match(forbidden.message, /Must have admin rights/);
  });

  it('sanitizeCause stops at a bounded depth', () => {
    const loop: { message: string; cause?: unknown } = { message: 'loop' };
    loop.cause = loop;
    let depth = 0;
    for (let e: unknown = sanitizeCause(loop, []); e; e = (e as { cause?: unknown }).cause) depth++;
    assert.equal(depth, 6);
  });
});
