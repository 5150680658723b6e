// preflight must stop delivery from clones where a commit would be lost or
// would carry someone else's work, and say how to fix it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GitDeliveryError, preflight } from '../../generator/git/index.ts';
import { git, makeFleet, write } from './fixtures.ts';

const ownsApps = { ownedPaths: (p: string) => p.startsWith('apps/') };

function refusedWith(code: string, message: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof GitDeliveryError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  };
}

test('passes with unrelated dirty and untracked files, and with staged owned files', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  write(dir, 'README.md', 'edited\n');
  write(dir, 'scratch.txt', 'untracked\n');
  write(dir, 'apps/a.yaml', 'a\n');
  git(dir, 'add', 'apps/a.yaml');
  await preflight(dir, ownsApps);
});

test('refuses a detached HEAD', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  git(dir, 'checkout', '--quiet', '--detach', 'HEAD');
  await assert.rejects(preflight(dir, ownsApps), refusedWith('DETACHED_HEAD', /HEAD is detached at [0-9a-f]{12}.*git switch <branch>/s));
});

test('refuses staged changes to paths Flotilla does not own', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  write(dir, 'README.md', "someone's staged edit\n");
  git(dir, 'add', 'README.md');
  await assert.rejects(preflight(dir, ownsApps), refusedWith('STAGED_UNOWNED_CHANGES', /"README\.md".*git restore --staged/s));
});

test('refuses an unfinished merge', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  git(dir, 'switch', '--quiet', '-c', 'side');
  write(dir, 'README.md', 'side\n');
  git(dir, 'commit', '--quiet', '-am', 'side');
  git(dir, 'switch', '--quiet', 'main');
  write(dir, 'README.md', 'main\n');
  git(dir, 'commit', '--quiet', '-am', 'main');
  assert.throws(() => git(dir, 'merge', 'side')); // conflicts, leaves MERGE_HEAD
  await assert.rejects(preflight(dir, ownsApps), refusedWith('OPERATION_IN_PROGRESS', /merge is in progress.*git merge --abort/s));
});

test('refuses an unfinished rebase (reported as a rebase, not as a detached HEAD)', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  git(dir, 'switch', '--quiet', '-c', 'side');
  write(dir, 'README.md', 'side\n');
  git(dir, 'commit', '--quiet', '-am', 'side');
  git(dir, 'switch', '--quiet', 'main');
  write(dir, 'README.md', 'main\n');
  git(dir, 'commit', '--quiet', '-am', 'main');
  assert.throws(() => git(dir, 'rebase', 'side'));
  await assert.rejects(preflight(dir, ownsApps), refusedWith('OPERATION_IN_PROGRESS', /rebase .*in progress.*git rebase --abort/s));
});

test('refuses a directory that is not a git clone', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  await assert.rejects(preflight(fleet.root, ownsApps), refusedWith('NOT_A_REPOSITORY', /not inside a git working tree/));
});
