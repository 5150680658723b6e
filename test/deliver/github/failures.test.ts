import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { createGitHubClient, GitHubDeliveryError } from '../../../generator/deliver/github/client.ts';
import { faults } from '../../support/fake-github/server.ts';
import { assertContractClean, assertTokenOnlyInAuthorization, type Harness, openPulls, prRequest, startHarness, TOKEN } from './harness.ts';

/** Rejects with a GitHubDeliveryError and returns it for further checks. */
async function deliveryError(promise: Promise<unknown>): Promise<GitHubDeliveryError> {
  const error = await promise.then(
    () => assert.fail('expected the upsert to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof GitHubDeliveryError, `expected GitHubDeliveryError, got ${inspect(error)}`);
  return error;
}

/** The token must not be reachable from the error: message, stack, fields or cause chain. */
function assertNoToken(error: Error, logs: string[]): void {
  assert.ok(!inspect(error, { depth: 20, showHidden: true }).includes(TOKEN), 'token in error');
  assert.ok(!JSON.stringify(error).includes(TOKEN), 'token in serialized error');
  assert.ok(!logs.join('\n').includes(TOKEN), 'token in logs');
}

describe('GitHub failures', () => {
  let h: Harness;
  afterEach(async () => {
    // Closed first: a failed assertion must not leave the server holding the test process open.
    await h.close();
    assertContractClean(h.gh);
  });

  it('401: explains which variable to fix, does not retry, never shows the token', async () => {
    h = await startHarness();
    h.gh.intercept({ operation: 'pulls/list', respond: faults.badCredentials() });

    const error = await deliveryError(h.client.upsertPullRequest(prRequest()));

    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.status, 401);
    assert.match(error.message, /set GITHUB_TOKEN/);
    assert.match(error.message, /acme\/fleet/);
    assert.equal(h.gh.requests.length, 1);
    assertNoToken(error, h.logs);
    assertTokenOnlyInAuthorization(h.gh);
  });

  it('401 from a wrong token (real check, not injected) names a custom token variable', async () => {
    h = await startHarness();
    const client = createGitHubClient({ token: 'wrong-token-value-123', baseUrl: h.gh.url, tokenEnvVar: 'FLOTILLA_GITHUB_TOKEN' });

    const error = await deliveryError(client.upsertPullRequest(prRequest()));

    assert.equal(error.kind, 'unauthorized');
    assert.match(error.message, /set FLOTILLA_GITHUB_TOKEN/);
    assert.ok(!inspect(error, { depth: 20 }).includes('wrong-token-value-123'));
  });

  it('403 secondary rate limit with retry-after: 1 waits, then succeeds', async () => {
    h = await startHarness({ retry: { secondMs: 40 } });
    h.gh.intercept({ operation: 'pulls/create', respond: faults.secondaryRateLimit(1) });

    const result = await h.client.upsertPullRequest(prRequest());

    assert.equal(result.action, 'created');
    const creates = h.gh.requestsFor('pulls/create');
    assert.deepEqual(
      creates.map((r) => r.status),
      [403, 201],
    );
    // retry-after: 1 s, scaled to 40 ms in this test (small tolerance for timer granularity).
    assert.ok(creates[1].at - creates[0].at >= 35, `waited only ${creates[1].at - creates[0].at} ms`);
    assert.ok(
      h.logs.some((l) => /secondary rate limit.*waiting 1s/.test(l)),
      h.logs.join('\n'),
    );
    assert.equal(openPulls(h.gh).length, 1);
  });

  it('429 is retried after retry-after', async () => {
    h = await startHarness();
    h.gh.intercept({ operation: 'issues/add-labels', respond: faults.secondaryRateLimit(2, 429) });

    const result = await h.client.upsertPullRequest(prRequest());

    assert.equal(result.action, 'created');
    assert.deepEqual(
      h.gh.requestsFor('issues/add-labels').map((r) => r.status),
      [429, 200],
    );
    assert.equal(openPulls(h.gh)[0].labels.length, 2);
  });

  it('primary rate limit (x-ratelimit-remaining: 0) waits until the reset, then succeeds', async () => {
    h = await startHarness();
    h.gh.intercept({ operation: 'pulls/list', respond: faults.primaryRateLimit(1) });

    const result = await h.client.upsertPullRequest(prRequest());

    assert.equal(result.action, 'created');
    assert.deepEqual(
      h.gh.requestsFor('pulls/list').map((r) => r.status),
      [403, 200, 200], // open pull requests (refused, then answered), then closed ones
    );
  });

  it('a wait longer than the budget fails at once with a clear message', async () => {
    h = await startHarness({ retry: { maxWaitSeconds: 60 } });
    h.gh.intercept({ operation: 'pulls/create', respond: faults.secondaryRateLimit(120) });

    const error = await deliveryError(h.client.upsertPullRequest(prRequest()));

    assert.equal(error.kind, 'rate-limited');
    assert.match(error.message, /secondary rate limit/);
    assert.match(error.message, /wait 120s, more than the 60s left/);
    assert.match(error.message, /Try again in 120s/);
    assert.equal(h.gh.requestsFor('pulls/create').length, 1);
    assertNoToken(error, h.logs);
  });

  it('stops after the configured number of rate-limit retries', async () => {
    h = await startHarness({ retry: { retries: 2 } });
    h.gh.intercept({ operation: 'pulls/list', times: 10, respond: faults.secondaryRateLimit(1, 429) });

    const error = await deliveryError(h.client.upsertPullRequest(prRequest()));

    assert.equal(error.kind, 'rate-limited');
    assert.match(error.message, /Gave up after 2 retries/);
    assert.equal(h.gh.requestsFor('pulls/list').length, 3);
  });

  it('403 without a rate limit is a permission problem and is not retried', async () => {
    h = await startHarness();
    h.gh.intercept({ operation: 'pulls/create', times: 5, respond: faults.forbidden() });

    const error = await deliveryError(h.client.upsertPullRequest(prRequest()));

    assert.equal(error.kind, 'forbidden');
    assert.match(error.message, /not allowed to create the pull request on acme\/fleet/);
    assert.match(error.message, /pull_requests=write/);
    assert.equal(h.gh.requestsFor('pulls/create').length, 1);
  });

  it('404: unknown repository or no access, not retried', async () => {
    h = await startHarness();

    const error = await deliveryError(h.client.upsertPullRequest(prRequest({ repo: 'no-such-repo' })));

    assert.equal(error.kind, 'not-found');
    assert.match(error.message, /acme\/no-such-repo was not found, or the token in GITHUB_TOKEN cannot see it/);
    assert.equal(h.gh.requests.length, 1);
    assertNoToken(error, h.logs);
  });

  it('422: includes what GitHub said was invalid, not retried', async () => {
    h = await startHarness();

    const error = await deliveryError(h.client.upsertPullRequest(prRequest({ head: 'branch-that-was-never-pushed' })));

    assert.equal(error.kind, 'validation');
    assert.match(error.message, /refused to create the pull request on acme\/fleet \(422 Validation Failed\): PullRequest\.head invalid/);
    assert.equal(h.gh.requestsFor('pulls/create').length, 1);
  });

  it('422: quotes errors[].message, with the token redacted even if GitHub echoes it', async () => {
    h = await startHarness();
    h.gh.intercept({ operation: 'pulls/create', respond: faults.validation(`Body is too long (token ${TOKEN})`) });

    const error = await deliveryError(h.client.upsertPullRequest(prRequest()));

    assert.match(error.message, /Body is too long \(token \[REDACTED\]\)/);
    assertNoToken(error, h.logs);
  });

  it('500 twice, then success', async () => {
    h = await startHarness();
    h.gh.intercept({ operation: 'pulls/list', times: 2, respond: faults.serverError(500) });

    const result = await h.client.upsertPullRequest(prRequest());

    assert.equal(result.action, 'created');
    assert.deepEqual(
      h.gh.requestsFor('pulls/list').map((r) => r.status),
      [500, 500, 200, 200], // open pull requests (failed twice, then answered), then closed ones
    );
  });

  it('502 that persists: reports GitHub unavailable after the retries', async () => {
    h = await startHarness();
    h.gh.intercept({ operation: 'pulls/list', times: 10, respond: faults.serverError(502) });

    const error = await deliveryError(h.client.upsertPullRequest(prRequest()));

    assert.equal(error.kind, 'unavailable');
    assert.match(error.message, /GitHub is unavailable \(HTTP 502\).*after 2 retries/);
    assert.equal(h.gh.requestsFor('pulls/list').length, 3);
  });

  it('a dropped connection is retried', async () => {
    h = await startHarness();
    h.gh.intercept({ operation: 'pulls/list', drop: 'instead' });

    const result = await h.client.upsertPullRequest(prRequest());

    assert.equal(result.action, 'created');
    assert.deepEqual(
      h.gh.requestsFor('pulls/list').map((r) => r.status),
      [0, 200, 200], // open pull requests (dropped, then answered), then closed ones
    );
  });

  it('a connection that keeps dropping gives a clear network error', async () => {
    h = await startHarness();
    h.gh.intercept({ operation: 'pulls/list', times: 10, drop: 'instead' });

    const error = await deliveryError(h.client.upsertPullRequest(prRequest()));

    assert.equal(error.kind, 'network');
    assert.match(error.message, /Could not reach the GitHub API at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(error.message, /connection (closed|reset)/);
    assert.equal(h.gh.requestsFor('pulls/list').length, 3);
    assertNoToken(error, h.logs);
  });

  it('connection refused gives a clear network error', async () => {
    h = await startHarness();
    const closed = await startHarness();
    const deadUrl = closed.gh.url;
    await closed.close();
    const client = createGitHubClient({ token: TOKEN, baseUrl: deadUrl, retry: { retries: 1, secondMs: 1 } });

    const error = await deliveryError(client.upsertPullRequest(prRequest()));

    assert.equal(error.kind, 'network');
    assert.match(error.message, /ECONNREFUSED: connection refused/);
    assertNoToken(error, []);
  });

  it('a missing token fails before any request', async () => {
    h = await startHarness({ token: '' });

    const error = await deliveryError(h.client.upsertPullRequest(prRequest()));

    assert.equal(error.kind, 'unauthorized');
    assert.match(error.message, /set GITHUB_TOKEN/);
    assert.equal(h.gh.requests.length, 0);
  });
});
