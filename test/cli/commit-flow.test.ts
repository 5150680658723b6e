// The commit flow the README teaches, and the messages around it, against a
// real bare remote: a dry run with nothing stale says so (no config files, no
// commit it would never make); committing config, then `flotilla commit`,
// explains the output by the config files; and when part of the output was
// committed by hand with the config, the next message says that, not that
// "the generator changed".
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bumpWander, flotilla, git, makeFleetRemote } from '../deliver/fleet-remote.ts';

test('commit --dry-run with nothing stale: nothing to do, exit 0, no config file listed', async (t) => {
  const remote = await makeFleetRemote();
  t.after(() => remote.cleanup());
  const dir = remote.clone('work');
  const dry = await flotilla(dir, {}, 'commit', '--dry-run');
  assert.equal(dry.code, 0, dry.err);
  assert.equal(dry.out, 'nothing to do: the generated output on main is up to date');
});

test("the README's flow: commit the config, then flotilla commit; a hand commit of part of the output is told as such", async (t) => {
  const remote = await makeFleetRemote();
  t.after(() => remote.cleanup());
  const dir = remote.clone('work');
  const edit = (file: string, change: (s: string) => string) => writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

  edit('apps/wander.yaml', bumpWander);
  git(dir, 'add', 'fleet.yaml', 'apps', 'clusters');
  git(dir, 'commit', '--quiet', '-m', 'wander: frontend 1.4.3');
  const run = await flotilla(dir, {}, 'commit');
  assert.equal(run.code, 0, run.err);
  assert.match(git(dir, 'log', '-1', '--format=%B'), /\nWhy: config changed since the output was last generated \([0-9a-f]{12}\):\n {2}apps\/wander\.yaml\n/);

  // The flow that goes wrong: generate, then `git commit -am` takes the changed output files with the config but not the new ones.
  edit('apps/matomo.yaml', (s) => s.replace('matomo-backup: { size: 5Gi }', 'matomo-backup: { size: 6Gi }'));
  edit('clusters/prod-eu.yaml', (s) => `${s}settings:\n  baseDomain: eu.example.com\n`);
  assert.equal((await flotilla(dir, {}, 'generate')).code, 0);
  const untracked = git(dir, 'status', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('??'));
  assert.ok(untracked.length > 0, 'the new overlay files are untracked');
  git(dir, 'commit', '--quiet', '-am', 'matomo: bigger dev backups; prod-eu domain');
  const after = await flotilla(dir, {}, 'commit');
  assert.equal(after.code, 0, after.err);
  const message = git(dir, 'log', '-1', '--format=%B');
  assert.match(message, /\nWhy: the committed output did not match its config \(no config file changed since it was last committed: /);
  assert.doesNotMatch(message, /the generator did/);
  assert.equal(git(dir, 'status', '--porcelain'), '', 'the untracked output is committed now');
});
