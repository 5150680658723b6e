/**
 * The contract check must itself be able to fail; otherwise "every request
 * passes the OpenAPI check" in the other tests would prove nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadContract } from '../../support/fake-github/contract.ts';
import { FakeGitHub } from '../../support/fake-github/server.ts';
import { pullRequestShape } from '../../support/fake-github/shapes.ts';
import { BRANCH, OWNER, openPulls, prRequest, REPO, startHarness, TOKEN } from './harness.ts';

describe('fake GitHub contract check', () => {
  let gh: FakeGitHub;
  before(async () => {
    gh = await FakeGitHub.start({ token: TOKEN });
    gh.state.addRepo(OWNER, REPO, ['main', BRANCH]);
  });
  after(() => gh.close());

  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${gh.url}${path}`, {
      method,
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('accepts a well-formed create request (positive control)', async () => {
    const res = await send('POST', `/repos/${OWNER}/${REPO}/pulls`, { head: BRANCH, base: 'main', title: 't', body: 'b' });
    assert.equal(res.status, 201);
    assert.deepEqual(gh.violations, []);
  });

  it('rejects a malformed request body with 400 and records the violation', async () => {
    const before = gh.violations.length;
    const res = await send('POST', `/repos/${OWNER}/${REPO}/pulls`, { head: 42, title: 't' });

    assert.equal(res.status, 400);
    const added = gh.violations.slice(before).join('\n');
    assert.match(added, /pulls\/create: request body: .*body\/head must be string/);
    assert.match(added, /must have required property 'base'/);
    assert.match(((await res.json()) as { message: string }).message, /contract violation/);
    assert.equal(openPulls(gh).length, 1, 'a rejected request must not change state');
  });

  it('rejects misspelt body fields, unknown query parameters and undocumented paths', async () => {
    const before = gh.violations.length;
    assert.equal((await send('PATCH', `/repos/${OWNER}/${REPO}/pulls/1`, { titel: 'x' })).status, 400);
    assert.equal((await send('GET', `/repos/${OWNER}/${REPO}/pulls?state=opened`)).status, 400);
    assert.equal((await send('GET', `/repos/${OWNER}/${REPO}/pulls?heads=acme:x`)).status, 400);
    assert.equal((await send('POST', `/repos/${OWNER}/${REPO}/pull-requests`, {})).status, 400);
    const added = gh.violations.slice(before);
    assert.equal(added.length, 4, added.join('\n'));
    assert.match(added[0], /additional propert.*titel/);
    assert.match(added[1], /query\/state must be equal to one of the allowed values/);
    assert.match(added[2], /heads/);
    assert.match(added[3], /not an operation in GitHub's OpenAPI description/);
    gh.violations.length = before;
  });

  it('rejects response bodies that do not match the documented schema', () => {
    const contract = loadContract();
    const create = contract.match('POST', '/repos/acme/fleet/pulls')!;
    const repo = gh.state.repo(OWNER, REPO)!;
    const good = pullRequestShape(repo, repo.pulls[0], gh.state.viewer);
    assert.deepEqual(contract.checkResponse(create, 201, good), []);

    const { html_url: _dropped, ...missingField } = good;
    assert.match(contract.checkResponse(create, 201, missingField).join(), /required property 'html_url'/);
    assert.match(contract.checkResponse(create, 201, { ...good, number: '1' }).join(), /body\/number must be integer/);
    assert.match(contract.checkResponse(create, 204, undefined).join(), /status 204 is not a documented response/);
  });

  it('a malformed canned response makes the client fail instead of passing silently', async () => {
    const h = await startHarness();
    try {
      h.gh.intercept({ operation: 'pulls/create', respond: { status: 201, body: { number: 1 } } });
      await assert.rejects(h.client.upsertPullRequest(prRequest()));
      assert.match(h.gh.violations.join(), /pulls\/create response 201/);
    } finally {
      await h.close();
    }
  });
});
