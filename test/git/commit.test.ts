// commitGenerated must commit exactly the generated paths: never a human's
// dirty or staged file, always deletions, and nothing at all when output is unchanged.
import assert from 'node:assert/strict';
import { chmodSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { commitGenerated, GitDeliveryError } from '../../generator/git/index.ts';
import { git, makeFleet, write } from './fixtures.ts';

function committedFiles(dir: string, rev = 'HEAD'): string[] {
  return git(dir, '-c', 'core.quotePath=false', 'show', '--name-status', '--format=', rev).split('\n').filter(Boolean);
}

test('stages only the given paths; unrelated dirty, hand-written and staged files stay uncommitted', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  write(dir, 'apps/web/deployment.yaml', 'kind: Deployment\n');
  write(dir, 'README.md', '# fleet\nlocal edit\n'); // tracked, dirty, not ours
  write(dir, 'notes.txt', 'hand-written\n'); // untracked, not ours
  write(dir, 'staged.txt', "someone's index\n");
  git(dir, 'add', 'staged.txt'); // already staged by someone: --only must keep it out

  const res = await commitGenerated({ dir, paths: ['apps/web/deployment.yaml'], message: 'flotilla: generate web' });

  assert.match(res.sha ?? '', /^[0-9a-f]{40}$/);
  assert.deepEqual(res.changedPaths, ['apps/web/deployment.yaml']);
  assert.deepEqual(committedFiles(dir), ['A\tapps/web/deployment.yaml']);
  assert.equal(git(dir, 'log', '-1', '--format=%an <%ae>'), 'Flotilla <flotilla@users.noreply.github.com>');
  // The fixtures configure no git identity (like a bare CI runner), so Flotilla also stands in as committer.
  assert.equal(git(dir, 'log', '-1', '--format=%cn'), 'Flotilla');
  assert.deepEqual(git(dir, 'status', '--porcelain').split('\n').sort(), [' M README.md', '?? notes.txt', 'A  staged.txt']);
});

test('a second run with unchanged output makes no commit', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  write(dir, 'apps/a.yaml', 'a: 1\n');
  const first = await commitGenerated({ dir, paths: ['apps/a.yaml'], message: 'gen' });
  assert.ok(first.sha);
  write(dir, 'apps/a.yaml', 'a: 1\n'); // generator rewrote identical bytes
  const second = await commitGenerated({ dir, paths: ['apps/a.yaml'], message: 'gen' });
  assert.deepEqual(second, { sha: null, changedPaths: [] });
  assert.equal(git(dir, 'rev-parse', 'HEAD'), first.sha);
});

test('deleting a generated file or a whole generated directory is committed', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  write(dir, 'apps/a.yaml', 'a\n');
  write(dir, 'apps/old/x.yaml', 'x\n');
  write(dir, 'apps/old/y.yaml', 'y\n');
  await commitGenerated({ dir, paths: ['apps/a.yaml', 'apps/old'], message: 'gen' });

  rmSync(`${dir}/apps/a.yaml`);
  rmSync(`${dir}/apps/old`, { recursive: true });
  const res = await commitGenerated({ dir, paths: ['apps/a.yaml', 'apps/old/'], message: 'prune' });

  assert.ok(res.sha);
  assert.deepEqual(committedFiles(dir), ['D\tapps/a.yaml', 'D\tapps/old/x.yaml', 'D\tapps/old/y.yaml']);
  assert.equal(git(dir, 'status', '--porcelain'), '');
});

test('paths with spaces, unicode and glob characters are taken literally', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  const ours = 'apps/my app/ünïcødé *.yaml';
  write(dir, ours, 'ours\n');
  write(dir, 'apps/my app/ünïcødé x.yaml', 'would match the * as a glob\n');

  const res = await commitGenerated({ dir, paths: [ours], message: 'gen' });

  assert.deepEqual(res.changedPaths, [ours]);
  assert.deepEqual(committedFiles(dir), [`A\t${ours}`]);
});

test('a path that never existed is ignored rather than failing git add', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  const res = await commitGenerated({ dir, paths: ['apps/never-written.yaml'], message: 'gen' });
  assert.deepEqual(res, { sha: null, changedPaths: [] });
});

test('refuses paths that would widen the commit beyond generated files', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  for (const bad of ['.', './', '../outside', '/etc/passwd', '.git/config', '']) {
    await assert.rejects(commitGenerated({ dir, paths: [bad], message: 'gen' }), (e: unknown) => {
      assert.ok(e instanceof GitDeliveryError);
      assert.equal(e.code, 'INVALID_ARGUMENT');
      return true;
    });
  }
});

test('commit hooks are respected and a refusal is reported as such', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const dir = fleet.clone('work');
  write(dir, '.git/hooks/pre-commit', "#!/bin/sh\necho 'policy: no' >&2\nexit 1\n");
  chmodSync(`${dir}/.git/hooks/pre-commit`, 0o755);
  write(dir, 'apps/a.yaml', 'a\n');

  await assert.rejects(commitGenerated({ dir, paths: ['apps/a.yaml'], message: 'gen' }), (e: unknown) => {
    assert.ok(e instanceof GitDeliveryError);
    assert.match(e.message, /pre-commit hook may have refused it/);
    assert.match(e.message, /policy: no/);
    return true;
  });
});
