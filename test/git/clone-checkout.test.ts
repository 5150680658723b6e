// cloneOrOpen / checkoutBranch: get a usable clone and branch without ever
// discarding local work or moving a branch backwards.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkoutBranch, cloneOrOpen, GitDeliveryError } from '../../generator/git/index.ts';
import { git, makeFleet, write } from './fixtures.ts';

function code(expected: string) {
  return (e: unknown) => {
    assert.ok(e instanceof GitDeliveryError, String(e));
    assert.equal(e.code, expected);
    return true;
  };
}

test('clones a local path, then reopens and fetches the same clone', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const workdir = join(fleet.root, 'deep', 'work');
  const dir = await cloneOrOpen(fleet.bare, workdir, {});
  assert.equal(git(dir, 'rev-parse', 'HEAD'), fleet.remoteHead());

  const other = fleet.clone('other');
  write(other, 'apps/x.yaml', 'x\n');
  git(other, 'add', '-A');
  git(other, 'commit', '--quiet', '-m', 'x');
  git(other, 'push', '--quiet', 'origin', 'main');

  assert.equal(await cloneOrOpen(fleet.bare, workdir, {}), dir);
  assert.equal(git(dir, 'rev-parse', 'origin/main'), fleet.remoteHead(), 'reopening fetched the new head');
});

test('refuses a workdir holding something else', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const other = makeFleet();
  t.after(() => other.cleanup());
  const dir = await cloneOrOpen(fleet.bare, join(fleet.root, 'work'), {});
  await assert.rejects(cloneOrOpen(other.bare, dir, {}), code('WORKDIR_CONFLICT'));
  const junk = join(fleet.root, 'junk');
  mkdirSync(junk);
  writeFileSync(join(junk, 'file'), 'x');
  await assert.rejects(cloneOrOpen(fleet.bare, junk, {}), code('WORKDIR_CONFLICT'));
});

test('checkoutBranch creates a branch at fromRef, fast-forwards it later, and refuses divergence', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  const base = fleet.remoteHead();

  await checkoutBranch(dir, 'flotilla/generated', 'origin/main');
  assert.equal(git(dir, 'symbolic-ref', '--short', 'HEAD'), 'flotilla/generated');
  assert.equal(git(dir, 'rev-parse', 'HEAD'), base);

  // Remote main moves on: the existing branch is fast-forwarded to it.
  const other = fleet.clone('other');
  write(other, 'apps/x.yaml', 'x\n');
  git(other, 'add', '-A');
  git(other, 'commit', '--quiet', '-m', 'x');
  git(other, 'push', '--quiet', 'origin', 'main');
  git(dir, 'fetch', '--quiet', 'origin');
  await checkoutBranch(dir, 'flotilla/generated', 'origin/main');
  assert.equal(git(dir, 'rev-parse', 'HEAD'), fleet.remoteHead());

  // An older fromRef is already contained: the branch is never moved backwards.
  await checkoutBranch(dir, 'flotilla/generated', base);
  assert.equal(git(dir, 'rev-parse', 'HEAD'), fleet.remoteHead());

  // Local-only commit on one side, new remote commit on the other: refuse rather than drop either.
  write(dir, 'local.txt', 'local\n');
  git(dir, 'add', 'local.txt');
  git(dir, 'commit', '--quiet', '-m', 'local');
  write(other, 'apps/y.yaml', 'y\n');
  git(other, 'add', '-A');
  git(other, 'commit', '--quiet', '-m', 'y');
  git(other, 'push', '--quiet', 'origin', 'main');
  git(dir, 'fetch', '--quiet', 'origin');
  const before = git(dir, 'rev-parse', 'HEAD');
  await assert.rejects(checkoutBranch(dir, 'flotilla/generated', 'origin/main'), code('BRANCH_DIVERGED'));
  assert.equal(git(dir, 'rev-parse', 'HEAD'), before);
  await assert.rejects(checkoutBranch(dir, '-bad name', 'origin/main'), code('INVALID_ARGUMENT'));
  await assert.rejects(checkoutBranch(dir, 'x', 'origin/nope'), code('INVALID_ARGUMENT'));
});
