// Token handling against a real smart-HTTP remote (git http-backend behind a
// node server on 127.0.0.1 that demands `Authorization: Basic x-access-token:<token>`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { checkoutBranch, cloneOrOpen, commitGenerated, GitDeliveryError, pushWithRetry } from '../../generator/git/index.ts';
import { basicAuthValue } from '../../generator/git/redact.ts';
import { git, makeFleet, write } from './fixtures.ts';
import { startGitHttpServer } from './http-git-server.ts';

const TOKEN = 'flotilla-test-token-9f8e7d6c';

const neverRegenerate = async (): Promise<never> => {
  throw new Error('regenerate must not be called');
};

async function httpFleet(t: TestContext) {
  const fleet = makeFleet();
  const server = await startGitHttpServer(fleet.root, { token: TOKEN });
  t.after(async () => {
    await server.close();
    fleet.cleanup();
  });
  return { fleet, server, url: `${server.url}/fleet.git` };
}

function assertNoSecretOnDisk(dir: string) {
  const config = readFileSync(join(dir, '.git', 'config'), 'utf8');
  for (const secret of [TOKEN, basicAuthValue(TOKEN)]) assert.ok(!config.includes(secret), '.git/config must not hold the token');
  assert.doesNotMatch(git(dir, 'remote', 'get-url', 'origin'), /@/, 'remote URL must carry no credentials');
}

test('clone, commit and push over http with a token that is never written down', async (t) => {
  const { fleet, server, url } = await httpFleet(t);
  const logs: string[] = [];
  const dir = await cloneOrOpen(url, join(fleet.root, 'work'), { auth: { token: TOKEN } });
  await checkoutBranch(dir, 'main', 'origin/main');
  write(dir, 'apps/a.yaml', 'a\n');
  const { sha } = await commitGenerated({ dir, paths: ['apps/a.yaml'], message: 'gen' });

  const res = await pushWithRetry({ dir, branch: 'main', auth: { token: TOKEN }, log: (l) => logs.push(l), regenerate: neverRegenerate });

  assert.deepEqual(res, { sha, attempts: 1, ours: true });
  assert.equal(fleet.remoteHead(), sha);
  assert.ok(server.seenAuthorization.length > 0);
  assert.ok(
    server.seenAuthorization.every((h) => h === `Basic ${basicAuthValue(TOKEN)}`),
    'every request carried the header',
  );
  assertNoSecretOnDisk(dir);
  assert.ok(!logs.join('\n').includes(TOKEN));
});

test('a wrong token fails fast with AUTH_FAILED, no retries, token not in the message', async (t) => {
  const { fleet, server, url } = await httpFleet(t);
  const dir = await cloneOrOpen(url, join(fleet.root, 'work'), { auth: { token: TOKEN } });
  write(dir, 'apps/a.yaml', 'a\n');
  await commitGenerated({ dir, paths: ['apps/a.yaml'], message: 'gen' });
  const wrong = 'wrong-token-0000-1111';
  const requestsBefore = server.seenAuthorization.length;

  await assert.rejects(pushWithRetry({ dir, branch: 'main', auth: { token: wrong }, regenerate: neverRegenerate }), (e: unknown) => {
    assert.ok(e instanceof GitDeliveryError);
    assert.equal(e.code, 'AUTH_FAILED');
    assert.match(e.message, /token.*Retrying would not help/s);
    for (const s of [wrong, basicAuthValue(wrong), TOKEN]) assert.ok(!e.message.includes(s));
    return true;
  });
  assert.ok(server.seenAuthorization.length - requestsBefore <= 2, 'one push, no retry loop');
  assertNoSecretOnDisk(dir);
});

test('a connection dropped after the server applied the push is confirmed from the remote head, not re-pushed', async (t) => {
  const { fleet, server, url } = await httpFleet(t);
  const dir = await cloneOrOpen(url, join(fleet.root, 'work'), { auth: { token: TOKEN } });
  write(dir, 'apps/a.yaml', 'a\n');
  const { sha } = await commitGenerated({ dir, paths: ['apps/a.yaml'], message: 'gen' });
  server.dropNextPushResponse();
  const logs: string[] = [];

  const res = await pushWithRetry({ dir, branch: 'main', auth: { token: TOKEN }, log: (l) => logs.push(l), regenerate: neverRegenerate });

  assert.deepEqual(res, { sha, attempts: 1, ours: true });
  assert.equal(fleet.remoteHead(), sha);
  assert.ok(
    logs.some((l) => /^push failed \(.+\); reading the remote head$/.test(l)),
    `git saw the drop:\n${logs.join('\n')}`,
  );
  assert.ok(
    logs.some((l) => l.startsWith('confirmed:')),
    logs.join('\n'),
  );
});

test('a URL with an embedded credential is refused, and the credential is redacted from the error', async (t) => {
  const { fleet, url } = await httpFleet(t);
  const withCreds = url.replace('http://', `http://x-access-token:${TOKEN}@`);
  await assert.rejects(cloneOrOpen(withCreds, join(fleet.root, 'work'), {}), (e: unknown) => {
    assert.ok(e instanceof GitDeliveryError);
    assert.equal(e.code, 'CREDENTIALS_IN_URL');
    assert.ok(!e.message.includes(TOKEN), e.message);
    assert.match(e.message, /give the token separately \(flotilla reads it from GITHUB_TOKEN, or the variable --token-env names\)/);
    assert.doesNotMatch(e.message, /opts\.|auth\.token/, 'no option names of the library in a message for people');
    return true;
  });
});
