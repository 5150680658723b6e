// The pull-request flavour of the git edge: a commit composed in a scratch
// worktree (parents chosen by the caller), pushed from a detached HEAD, and
// rebuilt on the branch as someone else pushed it, never forced.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { stageOwnPaths } from '../../generator/git/commit.ts';
import { commitIndexWithParents } from '../../generator/git/compose-commit.ts';
import { pushWithRetry } from '../../generator/git/push.ts';
import { addScratchWorktree } from '../../generator/git/worktree.ts';
import { git, makeFleet, write } from './fixtures.ts';

async function composeOn(dir: string, path: string, content: string, parents: string[]): Promise<string> {
  write(dir, path, content);
  await stageOwnPaths(dir, [path]);
  return commitIndexWithParents({ dir, parents, message: `flotilla: generate ${path}` });
}

test("a commit composed in a scratch worktree is pushed from a detached HEAD; the operator's checkout is untouched", async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('operator');
  write(dir, 'notes.txt', 'uncommitted work\n');
  const base = git(dir, 'rev-parse', 'HEAD');

  const wt = await addScratchWorktree(dir, base);
  const sha = await composeOn(wt.dir, 'apps/a.yaml', 'a\n', [base]);
  const res = await pushWithRetry({ dir: wt.dir, branch: 'flotilla/update-main', detached: true, rebuild: async () => assert.fail('no race') });
  await wt.remove();

  assert.deepEqual(res, { sha, attempts: 1, ours: true });
  assert.equal(fleet.remoteHead('flotilla/update-main'), sha);
  assert.equal(git(fleet.bare, 'rev-parse', `${sha}^`), base);
  assert.equal(git(dir, 'symbolic-ref', '--short', 'HEAD'), 'main');
  assert.equal(git(dir, 'status', '--porcelain'), '?? notes.txt');
  assert.equal(git(dir, 'branch', '--list', 'flotilla/*'), '', 'no local branch was created');
  assert.ok(!existsSync(wt.dir));
  assert.equal(git(dir, 'worktree', 'list').split('\n').length, 1, 'the scratch worktree is unregistered');
});

test("losing the race on the branch: rebuild runs on the winner's head, the new commit has it as first parent, nothing forced", async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('operator');
  const base = git(dir, 'rev-parse', 'HEAD');
  const rival = fleet.clone('rival');
  git(rival, 'switch', '--quiet', '-c', 'flotilla/update-main');
  write(rival, 'apps/rival.yaml', 'rival\n');
  git(rival, 'add', '-A');
  // Authored as Flotilla: only Flotilla's own commits may ever be built upon and replaced.
  git(
    rival,
    '-c',
    'user.name=Flotilla',
    '-c',
    'user.email=flotilla@users.noreply.github.com',
    'commit',
    '--quiet',
    '--author=Flotilla <flotilla@users.noreply.github.com>',
    '-m',
    'rival run',
  );
  git(rival, 'push', '--quiet', 'origin', 'flotilla/update-main');
  const winner = git(rival, 'rev-parse', 'HEAD');

  const wt = await addScratchWorktree(dir, base);
  t.after(() => wt.remove());
  await composeOn(wt.dir, 'apps/a.yaml', 'a\n', [base]); // based on a stale view: no branch yet
  let rebuilt = 0;
  const res = await pushWithRetry({
    dir: wt.dir,
    branch: 'flotilla/update-main',
    detached: true,
    backoffMs: 0,
    rebuild: async () => {
      rebuilt++;
      assert.equal(git(wt.dir, 'rev-parse', 'HEAD'), winner, "HEAD was moved to the winner's commit first");
      return composeOn(wt.dir, 'apps/a.yaml', 'a\n', [winner]);
    },
  });

  assert.equal(rebuilt, 1);
  assert.equal(res.attempts, 2);
  assert.equal(fleet.remoteHead('flotilla/update-main'), res.sha);
  assert.equal(git(fleet.bare, 'rev-parse', `${res.sha}^`), winner, "the winner's commit is kept");
  assert.equal(git(fleet.bare, 'ls-tree', '--name-only', res.sha, 'apps/').split('\n').sort().join(','), 'apps/.keep,apps/a.yaml,apps/rival.yaml');
});
