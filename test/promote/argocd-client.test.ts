/**
 * The Argo CD client against the Argo CD stand-in, which checks every request
 * and response against Argo CD's own OpenAPI description (argoproj/argo-cd
 * v3.5.1 assets/swagger.json, vendored in test/fixtures/argocd/). The
 * contract check must itself be able to fail, or "no violations" elsewhere
 * would prove nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createArgoCdClient } from '../../generator/promote/argocd-client.ts';
import { ARGOCD_SWAGGER, ARGOCD_SWAGGER_SOURCE, FakeArgoCd } from '../support/fake-argocd/server.ts';
import { loadContractFile } from '../support/fake-github/contract.ts';

const TOKEN = 'argocd-test-token-7f3e1d';

describe(`Argo CD stand-in (${ARGOCD_SWAGGER_SOURCE})`, () => {
  let argo: FakeArgoCd;
  before(async () => {
    argo = await FakeArgoCd.start({ token: TOKEN });
    argo.set({ name: 'wander-dev-1', sync: 'Synced', revision: 'a'.repeat(40), health: 'Healthy', images: ['ghcr.io/wander/api:1.5.0'] });
  });
  after(() => argo.close());

  it('answers the client with the Application; the token goes only in the Authorization header', async () => {
    const client = createArgoCdClient({ server: argo.url, token: TOKEN, tokenEnv: 'ARGOCD_AUTH_TOKEN' });
    const app = await client.getApplication('wander-dev-1', 'argocd');
    assert.equal(app?.status?.sync?.status, 'Synced');
    assert.deepEqual(app?.status?.summary?.images, ['ghcr.io/wander/api:1.5.0']);
    assert.equal(await client.getApplication('nope', 'argocd'), null, '404 is "no such Application"');
    assert.deepEqual(argo.violations, [], "requests and responses follow Argo CD's OpenAPI description");
    for (const r of argo.requests) {
      assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
      assert.ok(!r.url.includes(TOKEN));
    }
  });

  it('says which variable to fix when the token is refused, without the token', async () => {
    const client = createArgoCdClient({ server: argo.url, token: 'wrong-token-123', tokenEnv: 'MY_ARGO_TOKEN' });
    await assert.rejects(client.getApplication('wander-dev-1', 'argocd'), (e: Error) => {
      assert.match(e.message, /Argo CD refused the token \(401\): set MY_ARGO_TOKEN/);
      assert.ok(!e.message.includes('wrong-token-123'));
      return true;
    });
    const none = createArgoCdClient({ server: argo.url, token: undefined, tokenEnv: 'ARGOCD_AUTH_TOKEN' });
    await assert.rejects(none.getApplication('x', 'argocd'), /no Argo CD token: set ARGOCD_AUTH_TOKEN/);
  });

  it('records a request outside the description, an unknown query parameter and a malformed response as violations', async () => {
    const before = argo.violations.length;
    const get = (path: string) => fetch(`${argo.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal((await get('/api/v1/applicationz/x')).status, 400);
    assert.equal((await get('/api/v1/applications/wander-dev-1?appNamespce=argocd')).status, 400);
    const added = argo.violations.slice(before).join('\n');
    assert.match(added, /GET \/api\/v1\/applicationz\/x is not an operation in Argo CD's OpenAPI description/);
    assert.match(added, /ApplicationService_Get: query parameters: .*must NOT have additional properties \("appNamespce"\)/);

    const contract = loadContractFile(ARGOCD_SWAGGER, "Argo CD's OpenAPI description");
    const op = contract.match('GET', '/api/v1/applications/x')!;
    assert.deepEqual(contract.checkResponse(op, 200, { status: { sync: { status: 'Synced' }, summary: { images: ['a'] } } }), []);
    assert.match(contract.checkResponse(op, 200, { status: { summary: { images: 'ghcr.io/x:1' } } }).join(), /body\/status\/summary\/images must be array/);
    assert.match(contract.checkResponse(op, 404, { code: 'five' }).join(), /body\/code must be integer/);
  });
});
