/**
 * A token never travels over plain http to another machine: not to a git
 * remote (commit, pr, and the git engine itself), not to a GitHub API URL.
 * The "other machine" is a real server on this host's first non-loopback
 * address, which records every request it gets: it must get none. Plain http
 * to loopback (localhost, 127.0.0.0/8, ::1), where the other delivery tests
 * run their servers, stays allowed.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createGitHubClient } from '../../generator/deliver/github/client.ts';
import { cloneOrOpen, GitDeliveryError, pushWithRetry } from '../../generator/git/index.ts';
import { assertTokenTransport, isLoopbackHost } from '../../generator/git/transport.ts';
import { flotilla, git, makeFleetRemote } from './fleet-remote.ts';

const TOKEN = 'plain-http-test-token-1a2b3c';

/** This machine's first IPv4 address that is not loopback (192.0.2.1, which no one answers, where there is none). */
function externalAddress(): string {
  for (const entries of Object.values(networkInterfaces())) for (const e of entries ?? []) if (e.family === 'IPv4' && !e.internal) return e.address;
  return '192.0.2.1';
}

let server: Server | undefined;
let base: string;
const requests: string[] = [];
before(async () => {
  const host = externalAddress();
  base = `http://${host}:9`;
  if (host === '192.0.2.1') return;
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, host, resolve));
  base = `http://${host}:${(server.address() as { port: number }).port}`;
});
after(() => server?.close());

describe('loopback is recognised however it is written', () => {
  test('localhost, 127.0.0.0/8 and ::1 are this machine; anything else is not', () => {
    for (const host of ['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', '[::ffff:127.0.0.1]'])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['example.com', '10.0.0.1', '128.0.0.1', '[::2]', 'localhost.example.com', '127.0.0.1.example.com'])
      assert.equal(isLoopbackHost(host), false, host);
  });

  test('a token may go over https anywhere, over http only to loopback', () => {
    for (const url of [
      'https://github.com/o/r.git',
      'http://127.0.0.1:8080/r.git',
      'http://localhost/r.git',
      'http://[::1]:3000/api',
      'git@github.com:o/r.git',
      '/srv/fleet.git',
    ])
      assert.doesNotThrow(() => assertTokenTransport(url, 'the remote'), url);
    assert.throws(
      () => assertTokenTransport('http://git.example.com/fleet.git', 'the git remote'),
      (e: Error) =>
        e instanceof GitDeliveryError &&
        e.message ===
          'Refusing to send the token to http://git.example.com/fleet.git over plain http, where anyone on the network path can read it. Use an https:// URL for the git remote (or ssh for git); plain http is accepted only for this machine (localhost, 127.0.0.0/8, ::1)',
    );
  });
});

describe('nothing is sent to a plain http address of another machine', () => {
  test('flotilla commit --repo http://…: refused before any request, exit 1', async (t) => {
    const remote = await makeFleetRemote();
    t.after(() => remote.cleanup());
    const run = await flotilla(remote.root, { GITHUB_TOKEN: TOKEN }, 'commit', '--repo', `${base}/fleet.git`, '--workdir', join(remote.root, 'work'));
    assert.equal(run.code, 1);
    assert.match(run.err, /^error: git: Refusing to send the token to http:\/\/.+\/fleet\.git over plain http/);
    assert.doesNotMatch(run.err, /opts\.|auth\.token/);
    assert.deepEqual(requests, []);
  });

  test('a credential in the URL is refused, naming where the token goes instead (no library option names)', async (t) => {
    const remote = await makeFleetRemote();
    t.after(() => remote.cleanup());
    const run = await flotilla(
      remote.root,
      {},
      'commit',
      '--repo',
      `https://x-access-token:${TOKEN}@github.example.com/o/fleet.git`,
      '--workdir',
      join(remote.root, 'work'),
    );
    assert.equal(run.code, 1);
    assert.match(
      run.err,
      /it embeds a credential, which git would store in \.git\/config\. Remove the credentials from the URL and give the token separately \(flotilla reads it from GITHUB_TOKEN/,
    );
    assert.doesNotMatch(run.err, /opts\.|auth\.token/);
    assert.ok(!run.err.includes(TOKEN));
  });

  test('the git engine refuses it too: clone and push with a token', async (t) => {
    const remote = await makeFleetRemote();
    t.after(() => remote.cleanup());
    await assert.rejects(cloneOrOpen(`${base}/fleet.git`, join(remote.root, 'clone'), { auth: { token: TOKEN } }), /plain http/);
    const dir = remote.clone('work');
    git(dir, 'remote', 'set-url', '--push', 'origin', `${base}/fleet.git`);
    await assert.rejects(
      pushWithRetry({ dir, branch: 'main', auth: { token: TOKEN }, regenerate: async () => ({ paths: [], message: 'x' }) }),
      (e: Error) => e instanceof GitDeliveryError && e.code === 'INSECURE_TRANSPORT',
    );
    assert.deepEqual(requests, []);
  });

  test('a GitHub API URL over plain http: refused before any request', async () => {
    const client = createGitHubClient({ token: TOKEN, baseUrl: `${base}/api/v3` });
    await assert.rejects(
      client.upsertPullRequest({ owner: 'o', repo: 'r', head: 'flotilla/update-main', base: 'main', title: 't', body: 'b', labels: [] }),
      (e: Error) => /^Refusing to send the token to http:\/\/.+ over plain http.*GITHUB_API_URL/.test(e.message) && !e.message.includes(TOKEN),
    );
    assert.deepEqual(requests, []);
  });
});
