// computeChangeSummary on real builds of the example fleet (and a fixture),
// before and after a config edit: Applications, object counts per target,
// deletions, and the warnings reviewers must see.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { computeChangeSummary } from '../../generator/deliver/change-summary.ts';
import { judgeDeletions } from '../../generator/deliver/deletion-guard.ts';
import { type FleetSnapshot, snapshotOfBuild } from '../../generator/deliver/snapshot.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { copyFleet, REPO_ROOT, removeDir } from '../support/temp-fleet.ts';

async function snapshot(dir: string, label: string): Promise<FleetSnapshot> {
  return { ...snapshotOfBuild(await buildFleet(dir)), label, generatedAt: '0123456789abcdef0123456789abcdef01234567' };
}

async function editFile(dir: string, file: string, change: (text: string) => string): Promise<void> {
  const full = path.join(dir, file);
  await writeFile(full, change(await readFile(full, 'utf8')));
}

const example = (async () => {
  const dir = await copyFleet();
  try {
    return await snapshot(dir, 'main@0123456789ab');
  } finally {
    await removeDir(dir);
  }
})();

test('an image bump changes one object in each Application of that app, and nothing else', async (t) => {
  const dir = await copyFleet();
  t.after(() => removeDir(dir));
  await editFile(dir, 'apps/wander.yaml', (s) => s.replace('ghcr.io/wander/frontend:1.4.2', 'ghcr.io/wander/frontend:1.4.3'));

  const summary = computeChangeSummary(await example, await snapshot(dir, 'new'), ['apps/wander.yaml']);

  assert.deepEqual(summary.files, { added: [], changed: ['base/wander/resources.yaml'], removed: [] });
  assert.deepEqual(
    summary.targets.map((x) => [x.application, x.environment, x.change, x.counts]),
    ['dev-1', 'prod-eu', 'prod-us', 'staging-1'].map((c) => [
      `wander-${c}`,
      c.startsWith('prod') ? 'prod' : c.replace('-1', ''),
      'changed',
      { added: 0, changed: 1, removed: 0 },
    ]),
  );
  assert.deepEqual(summary.touched, {
    apps: ['wander'],
    environments: ['dev', 'prod', 'staging'],
    clusters: ['dev-1', 'prod-eu', 'prod-us', 'staging-1'],
    teams: ['travel'],
  });
  assert.deepEqual(summary.applications, { created: [], deleted: [] });
  assert.deepEqual(summary.warnings, []);
  assert.deepEqual(judgeDeletions(summary, 0).reasons, []);
});

test('removing a cluster deletes its Applications, names it, and is over a budget of 0; header-only changes elsewhere are not Application changes', async (t) => {
  const dir = await copyFleet();
  t.after(() => removeDir(dir));
  await rm(path.join(dir, 'clusters/prod-us.yaml'));

  const summary = computeChangeSummary(await example, await snapshot(dir, 'new'), ['clusters/prod-us.yaml']);

  const deleted = ['kairoflow-prod-us', 'matomo-prod-us', 'wander-postgresql-prod-us', 'wander-prod-us', 'wander-redis-prod-us'];
  assert.deepEqual(
    summary.applications.deleted.map((a) => a.name),
    deleted,
  );
  assert.deepEqual(
    summary.targets.map((x) => `${x.application}:${x.change}`),
    deleted.map((n) => `${n}:removed`),
  );
  assert.equal(summary.targets.find((x) => x.application === 'wander-prod-us')!.counts!.added, 0);
  assert.ok(summary.targets.find((x) => x.application === 'wander-prod-us')!.counts!.removed > 0);
  assert.deepEqual(summary.removedClusters, ['prod-us']);
  assert.deepEqual(summary.removedEnvironments, []);
  assert.ok(summary.files.changed.length > 0, 'headers naming clusters/prod-us.yaml changed');
  assert.deepEqual(judgeDeletions(summary, 0).reasons, [
    '5 Argo CD Application(s) would be deleted, more than fleet.guards.maxApplicationDeletions (0)',
    'cluster prod-us would lose all of its Applications',
  ]);
  assert.deepEqual(
    judgeDeletions(summary, 5).reasons,
    ['cluster prod-us would lose all of its Applications'],
    'a whole cluster is refused whatever the budget',
  );
  assert.match(summary.warnings[0]!, /^5 Argo CD Application\(s\) will no longer be generated: kairoflow-prod-us, /);
});

test('new cluster-scoped resources and new security opt-outs are warned about, existing ones are not', async (t) => {
  const scenario = path.join(REPO_ROOT, 'test/fixtures/scenarios/raw-and-cluster-scoped');
  const before = await copyFleet(scenario);
  const after = await copyFleet(scenario);
  t.after(async () => Promise.all([removeDir(before), removeDir(after)]));
  await editFile(before, 'apps/ledger.yaml', (s) => s.slice(0, s.indexOf('  - apiVersion: rbac.authorization.k8s.io/v1')));
  await editFile(after, 'apps/ledger.yaml', (s) =>
    s.replace(
      '        args: [migrate, --to, latest]\n',
      '        args: [migrate, --to, latest]\n        securityOptOut:\n          runAsRoot: The migration tool writes its lock file under /root (ticket OPS-42).\n',
    ),
  );

  const summary = computeChangeSummary(await snapshot(before, 'main'), await snapshot(after, 'new'), ['apps/ledger.yaml']);

  assert.equal(summary.warnings.length, 2, summary.warnings.join('\n'));
  assert.match(summary.warnings[0]!, /^new cluster-scoped resource ClusterRole ledger-reader \(ledger on prod-1\)$/);
  assert.match(
    summary.warnings[1]!,
    /^new apps\/ledger\.yaml:\d+:\d+ components\.worker\.containers\.migrate\.securityOptOut\.runAsRoot: security opt-out runAsRoot/,
  );

  const again = computeChangeSummary(await snapshot(after, 'main'), await snapshot(after, 'new'), []);
  assert.deepEqual(again.warnings, []);
});
