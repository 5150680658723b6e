// What reaches git through simple-git: Flotilla's own settings, the token
// per command, a short list of operator variables, and nothing else; and
// simple-git's unsafe switches only when a variable needs them.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gitSpawnEnv } from '../../generator/git/git-env.ts';
import { basicAuthValue } from '../../generator/git/redact.ts';
import { runGit } from '../../generator/git/run-git.ts';
import { git, makeFleet } from './fixtures.ts';

test('without auth or operator variables, no simple-git safety switch is turned off', () => {
  const { env, allowEnvironment, unsafe } = gitSpawnEnv(undefined, {}, { PATH: '/usr/bin', HOME: '/home/ci' });
  assert.deepEqual(unsafe, {});
  assert.deepEqual(allowEnvironment.sort(), ['GIT_LITERAL_PATHSPECS', 'GIT_TERMINAL_PROMPT']);
  assert.equal(env.PATH, '/usr/bin');
  assert.equal(env.LC_ALL, 'C');
});

test('the token travels as a per-command config header, which needs exactly allowUnsafeConfigEnvCount', () => {
  const { env, unsafe } = gitSpawnEnv({ token: 't0k3n' }, {}, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.autocrlf', GIT_CONFIG_VALUE_0: 'false' });
  assert.deepEqual(unsafe, { allowUnsafeConfigEnvCount: true });
  assert.equal(env.GIT_CONFIG_COUNT, '2', "appended after the operator's own entry");
  assert.equal(env.GIT_CONFIG_KEY_0, 'core.autocrlf');
  assert.equal(env.GIT_CONFIG_KEY_1, 'http.extraHeader');
  assert.equal(env.GIT_CONFIG_VALUE_1, `Authorization: Basic ${basicAuthValue('t0k3n')}`);
});

test('operator variables pass with the one switch each needs; redirecting, prompting and tracing variables are dropped', () => {
  const ambient = {
    GIT_SSH_COMMAND: 'ssh -i /keys/deploy',
    GIT_CONFIG_GLOBAL: '/ci/gitconfig',
    GIT_COMMITTER_NAME: 'CI',
    GIT_DIR: '/elsewhere/.git',
    GIT_WORK_TREE: '/elsewhere',
    GIT_INDEX_FILE: '/elsewhere/index',
    GIT_ASKPASS: '/bin/askpass',
    SSH_ASKPASS: '/bin/askpass',
    GIT_TRACE: '/tmp/trace',
    GIT_CURL_VERBOSE: '1',
    GIT_EXEC_PATH: '/evil',
    EDITOR: 'vim',
    PAGER: 'less',
  };
  const { env, allowEnvironment, unsafe } = gitSpawnEnv(undefined, {}, ambient);
  assert.deepEqual(unsafe, { allowUnsafeSshCommand: true, allowUnsafeConfigPaths: true });
  for (const kept of ['GIT_SSH_COMMAND', 'GIT_CONFIG_GLOBAL', 'GIT_COMMITTER_NAME']) assert.ok(allowEnvironment.includes(kept), kept);
  for (const dropped of [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_ASKPASS',
    'SSH_ASKPASS',
    'GIT_TRACE',
    'GIT_CURL_VERBOSE',
    'GIT_EXEC_PATH',
    'EDITOR',
    'PAGER',
  ]) {
    assert.equal(env[dropped], undefined, dropped);
  }
});

test('a real command through simple-git ignores a hostile environment and works on the right repository', async (t) => {
  const fleet = makeFleet();
  const dir = fleet.clone('work');
  const other = fleet.clone('other');
  git(other, 'commit', '--quiet', '--allow-empty', '-m', 'other');
  const expected = git(dir, 'rev-parse', 'HEAD');
  const trace = join(fleet.root, 'trace.log');
  const saved = { ...process.env };
  t.after(() => {
    for (const key of ['GIT_DIR', 'GIT_TRACE', 'EDITOR']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    fleet.cleanup();
  });
  Object.assign(process.env, { GIT_DIR: join(other, '.git'), GIT_TRACE: trace, EDITOR: 'false' });

  const head = (await runGit(dir, ['rev-parse', 'HEAD'])).stdout.trim();

  assert.equal(head, expected, 'GIT_DIR did not redirect git to the other clone');
  assert.ok(!existsSync(trace), 'GIT_TRACE did not reach git');
});
