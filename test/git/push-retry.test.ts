// pushWithRetry against a real bare remote that refuses non-fast-forward
// updates, so any attempt to force would fail these tests loudly.
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { test } from 'node:test';
import { commitGenerated, GitDeliveryError, pushWithRetry } from '../../generator/git/index.ts';
import { type Fleet, git, makeFleet, write } from './fixtures.ts';

const neverRegenerate = async (): Promise<never> => {
  throw new Error('regenerate must not be called');
};

async function generate(dir: string, path: string, content: string) {
  write(dir, path, content);
  return commitGenerated({ dir, paths: [path], message: `flotilla: generate ${path}` });
}

function isAncestorOnRemote(fleet: Fleet, sha: string): boolean {
  try {
    git(fleet.bare, 'merge-base', '--is-ancestor', sha, fleet.remoteHead());
    return true;
  } catch {
    return false;
  }
}

test("concurrent pushes: the loser regenerates on the winner's head and both commits land", async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const a = fleet.clone('a');
  const b = fleet.clone('b');
  const ca = await generate(a, 'apps/a.yaml', 'a\n');
  const cb = await generate(b, 'apps/b.yaml', 'b\n');

  const ra = await pushWithRetry({ dir: a, branch: 'main', regenerate: neverRegenerate });
  assert.deepEqual(ra, { sha: ca.sha, attempts: 1, ours: true });

  let regenerated = 0;
  const logs: string[] = [];
  const rb = await pushWithRetry({
    dir: b,
    remote: 'origin',
    branch: 'main',
    backoffMs: 0,
    log: (l) => logs.push(l),
    regenerate: async () => {
      regenerated++;
      write(b, 'apps/b.yaml', 'b\n');
      return { paths: ['apps/b.yaml'], message: 'flotilla: generate apps/b.yaml' };
    },
  });

  assert.equal(regenerated, 1);
  assert.equal(rb.attempts, 2);
  assert.notEqual(rb.sha, cb.sha, 'the stale commit was rebuilt, not pushed');
  assert.equal(fleet.remoteHead(), rb.sha);
  assert.ok(isAncestorOnRemote(fleet, ca.sha!), "clone a's commit survives: nothing was forced");
  assert.equal(git(fleet.bare, 'rev-parse', `${rb.sha}^`), ca.sha, "b's commit sits directly on a's");
  assert.deepEqual(git(fleet.bare, 'ls-tree', '--name-only', 'main', 'apps/').split('\n'), ['apps/.keep', 'apps/a.yaml', 'apps/b.yaml']);
  assert.ok(
    logs.some((l) => /rejected, remote has new commits/.test(l)),
    logs.join('\n'),
  );
});

test("when regeneration on the new head changes nothing, the winner's commit is reported as theirs and nothing more is pushed", async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const a = fleet.clone('a');
  const b = fleet.clone('b');
  const ca = await generate(a, 'apps/same.yaml', 'same\n');
  await generate(b, 'apps/same.yaml', 'same\n');
  await pushWithRetry({ dir: a, branch: 'main', regenerate: neverRegenerate });

  const rb = await pushWithRetry({
    dir: b,
    branch: 'main',
    regenerate: async () => {
      write(b, 'apps/same.yaml', 'same\n');
      return { paths: ['apps/same.yaml'], message: 'gen' };
    },
  });
  assert.deepEqual(rb, { sha: ca.sha, attempts: 1, ours: false }, "the remote head is a's commit, not b's");
  assert.equal(fleet.remoteHead(), ca.sha);
});

test('gives up with a clear error naming the attempts once the budget is spent', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const b = fleet.clone('b');
  const rival = fleet.clone('rival');
  let n = 0;
  const rivalPushes = () => {
    write(rival, `apps/rival-${++n}.yaml`, 'r\n');
    git(rival, 'add', '-A');
    git(rival, 'commit', '--quiet', '-m', `rival ${n}`);
    git(rival, 'push', '--quiet', 'origin', 'main');
  };
  await generate(b, 'apps/b.yaml', 'b\n');
  rivalPushes();
  let regenerated = 0;

  await assert.rejects(
    pushWithRetry({
      dir: b,
      branch: 'main',
      maxAttempts: 2,
      backoffMs: 0,
      regenerate: async () => {
        regenerated++;
        rivalPushes(); // the remote moves again before our next push
        write(b, 'apps/b.yaml', 'b\n');
        return { paths: ['apps/b.yaml'], message: 'gen b' };
      },
    }),
    (e: unknown) => {
      assert.ok(e instanceof GitDeliveryError);
      assert.equal(e.code, 'PUSH_FAILED');
      assert.match(e.message, /after 2 attempt\(s\)/);
      assert.match(e.message, /attempt 1: rejected.*attempt 2: rejected/s);
      assert.match(e.message, /re-run Flotilla/);
      return true;
    },
  );
  assert.equal(regenerated, 1, 'no regeneration after the last attempt');
  assert.equal(git(fleet.bare, 'log', '-1', '--format=%s', 'main'), 'rival 2');
});

test('a push that fails in transit is retried and only reported once the remote head contains it', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  // Flaky server side: the first push is refused as if the connection broke.
  fleet.hook(
    'pre-receive',
    `#!/bin/sh\nif [ ! -e "${fleet.root}/failed-once" ]; then touch "${fleet.root}/failed-once"; echo 'simulated outage' >&2; exit 1; fi\n`,
  );
  const b = fleet.clone('b');
  const cb = await generate(b, 'apps/b.yaml', 'b\n');
  const logs: string[] = [];

  const rb = await pushWithRetry({ dir: b, branch: 'main', backoffMs: 0, log: (l) => logs.push(l), regenerate: neverRegenerate });

  assert.deepEqual(rb, { sha: cb.sha, attempts: 2, ours: true });
  assert.equal(fleet.remoteHead(), cb.sha);
  assert.ok(
    logs.some((l) => /attempt 1: push failed \(pre-receive hook declined\)/.test(l)),
    logs.join('\n'),
  );
  assert.ok(
    logs.some((l) => /^confirmed:/.test(l)),
    logs.join('\n'),
  );
});

test('an unreachable remote is retried, with the remote head read back before success', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const b = fleet.clone('b');
  const cb = await generate(b, 'apps/b.yaml', 'b\n');
  const away = `${fleet.bare}.away`;
  renameSync(fleet.bare, away); // the remote vanishes...
  const logs: string[] = [];

  const rb = await pushWithRetry({
    dir: b,
    branch: 'main',
    backoffMs: 0,
    regenerate: neverRegenerate,
    log: (l) => {
      logs.push(l);
      if (l.startsWith('push attempt 2/')) renameSync(away, fleet.bare); // ...and comes back
    },
  });

  assert.deepEqual(rb, { sha: cb.sha, attempts: 2, ours: true });
  assert.equal(fleet.remoteHead(), cb.sha);
  assert.ok(
    logs.some((l) => /attempt 1: push failed .*could not read the remote head/.test(l)),
    logs.join('\n'),
  );
});

test("never discards someone's unpushed commit to rebuild", async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const a = fleet.clone('a');
  const b = fleet.clone('b');
  await generate(a, 'apps/a.yaml', 'a\n');
  await pushWithRetry({ dir: a, branch: 'main', regenerate: neverRegenerate });
  write(b, 'README.md', 'human work\n');
  git(b, 'commit', '--quiet', '-am', 'human work'); // by human@example.com, not pushed
  await generate(b, 'apps/b.yaml', 'b\n');
  const before = git(b, 'rev-parse', 'HEAD');

  await assert.rejects(pushWithRetry({ dir: b, branch: 'main', regenerate: neverRegenerate }), (e: unknown) => {
    assert.ok(e instanceof GitDeliveryError);
    assert.equal(e.code, 'BRANCH_DIVERGED');
    assert.match(e.message, /"human work".*Push or rebase those commits yourself/s);
    return true;
  });
  assert.equal(git(b, 'rev-parse', 'HEAD'), before);
});

test('refuses to push a branch that is not checked out', async (t) => {
  const fleet = makeFleet();
  t.after(() => fleet.cleanup());
  const b = fleet.clone('b');
  await assert.rejects(pushWithRetry({ dir: b, branch: 'release', regenerate: neverRegenerate }), (e: unknown) => {
    assert.ok(e instanceof GitDeliveryError);
    assert.equal(e.code, 'WRONG_BRANCH');
    return true;
  });
});
