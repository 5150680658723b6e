// computeChangeSummary on real builds of the example fleet (and a fixture),
// before and after a config edit: Applications, object counts per target,
// deletions, and the warnings reviewers must see.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { computeChangeSummary } from '../../generator/deliver/change-summary.ts';
import { judgeDataLoss, judgeDeletions } from '../../generator/deliver/deletion-guard.ts';
import { type FleetSnapshot, snapshotOfBuild } from '../../generator/deliver/snapshot.ts';
import { groupDataRisks } from '../../generator/model/stateful.ts';
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
  await editFile(dir, 'apps/wander.yaml', (s) => s.replace(/ghcr\.io\/wander\/frontend: [0-9.]+/g, 'ghcr.io/wander/frontend: 1.5.1'));

  const summary = computeChangeSummary(await example, await snapshot(dir, 'new'), ['apps/wander.yaml']);

  // The release sets the version per environment: each environment overlay changes, the base does not.
  assert.deepEqual(summary.files, {
    added: [],
    changed: ['dev', 'prod', 'staging'].map((env) => `overlays/${env}/wander/kustomization.yaml`),
    removed: [],
  });
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

  const deleted = ['flotilla-namespaces-prod-us', 'kairoflow-prod-us', 'matomo-prod-us', 'wander-postgresql-prod-us', 'wander-prod-us', 'wander-redis-prod-us'];
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
    '6 Argo CD Application(s) would be deleted, more than fleet.guards.maxApplicationDeletions (0)',
    'cluster prod-us would lose all of its Applications',
  ]);
  assert.deepEqual(
    judgeDeletions(summary, 6).reasons,
    ['cluster prod-us would lose all of its Applications'],
    'a whole cluster is refused whatever the budget',
  );
  assert.match(summary.warnings[0]!, /^6 Argo CD Application\(s\) will no longer be generated: flotilla-namespaces-prod-us, kairoflow-prod-us, /);
});

test('new cluster-scoped resources, RBAC and new security opt-outs are reviewed first, existing ones are not', async (t) => {
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

  assert.deepEqual(summary.warnings, []);
  const review = summary.diff!.review.map((r) => `${r.category} ${r.object ?? ''}: ${r.detail}${r.where ? ` (${r.where.text})` : ''}`);
  assert.deepEqual(review.slice(0, 4), [
    'rbac ClusterRole ledger-reader: added (prod: prod-1)',
    'cluster-scoped ClusterRole ledger-reader: added (prod: prod-1)',
    // The opt-out lowers the app's Namespace (created by the platform project) to the baseline Pod Security level, and lets the container run as root.
    'pod-security Namespace ledger: pod security admission baseline (prod: prod-1)',
    'pod-security Job ledger/ledger-worker: container migrate: may run as root (prod: prod-1)',
  ]);
  assert.match(
    review[4]!,
    /^pod-security : apps\/ledger\.yaml:\d+:\d+ components\.worker\.containers\.migrate\.securityOptOut\.runAsRoot: security opt-out runAsRoot/,
  );
  assert.equal(review.length, 5, review.join('\n'));

  const again = computeChangeSummary(await snapshot(after, 'main'), await snapshot(after, 'new'), []);
  assert.deepEqual(again.diff!.review, []);
});

test('removing a cluster lists every object that holds data on it, and the data guard names them', async (t) => {
  const dir = await copyFleet();
  t.after(() => removeDir(dir));
  await rm(path.join(dir, 'clusters/prod-us.yaml'));

  const summary = computeChangeSummary(await example, await snapshot(dir, 'new'), ['clusters/prod-us.yaml']);

  assert.equal(summary.dataAtRisk.unknown, null);
  assert.deepEqual(
    summary.dataAtRisk.risks.map((r) => `${r.ref} ${r.reason} on ${r.cluster} (${r.application})`),
    [
      'PersistentVolumeClaim kairoflow/recordings deleted on prod-us (kairoflow-prod-us)',
      'PersistentVolumeClaim kairoflow/sessions deleted on prod-us (kairoflow-prod-us)',
      'PersistentVolumeClaim kairoflow/transcriptions deleted on prod-us (kairoflow-prod-us)',
      'PersistentVolumeClaim kairoflow/uploads deleted on prod-us (kairoflow-prod-us)',
      'PersistentVolumeClaim matomo/matomo-backup deleted on prod-us (matomo-prod-us)',
      'PersistentVolumeClaim matomo/matomo-data deleted on prod-us (matomo-prod-us)',
      'StatefulSet matomo/matomo-mariadb deleted on prod-us (matomo-prod-us)',
    ],
  );
  assert.equal(
    judgeDataLoss(summary).reasons.at(-1),
    'StatefulSet matomo/matomo-mariadb (app matomo) deleted on prod-us: no longer generated; Argo CD prunes it, and a StatefulSet under another name starts on new, empty claims instead of data-matomo-mariadb-<n>',
  );
});

test('a storage class change replaces the claims of one cluster; an unrelated change risks nothing', async (t) => {
  const dir = await copyFleet();
  t.after(() => removeDir(dir));
  await editFile(dir, 'clusters/prod-us.yaml', (s) => s.replace('storageClass: gp3-encrypted', 'storageClass: gp3'));

  const summary = computeChangeSummary(await example, await snapshot(dir, 'new'), ['clusters/prod-us.yaml']);

  const risks = groupDataRisks(summary.dataAtRisk.risks);
  assert.deepEqual(
    risks.map((r) => `${r.ref} ${r.reason} on ${r.clusters.join(',')}`),
    [
      'PersistentVolumeClaim kairoflow/recordings replaced on prod-us',
      'PersistentVolumeClaim kairoflow/sessions replaced on prod-us',
      'PersistentVolumeClaim kairoflow/transcriptions replaced on prod-us',
      'PersistentVolumeClaim kairoflow/uploads replaced on prod-us',
      'PersistentVolumeClaim matomo/matomo-backup replaced on prod-us',
      'PersistentVolumeClaim matomo/matomo-data replaced on prod-us',
      'StatefulSet matomo/matomo-mariadb replaced on prod-us',
    ],
  );
  assert.match(risks[4]!.detail, /^the claim: storageClassName changes from gp3-encrypted to gp3: Kubernetes cannot change this in place/);
  assert.match(risks[6]!.detail, /^claim template data: storageClassName changes from gp3-encrypted to gp3: /);

  const bump = await copyFleet();
  t.after(() => removeDir(bump));
  await editFile(bump, 'apps/matomo.yaml', (s) => s.replaceAll('mariadb: "11.2"', 'mariadb: "11.4"'));
  const harmless = computeChangeSummary(await example, await snapshot(bump, 'new'), ['apps/matomo.yaml']);
  assert.ok(harmless.targets.length > 0);
  assert.deepEqual(harmless.dataAtRisk, { risks: [], unknown: null, charts: [], chartsSkipped: 'charts were not rendered' });
});

test('a cluster override that drops the CloudNativePG Cluster (Cluster/<name>: null) deletes it; resources: [] deletes nothing', async (t) => {
  const scenario = path.join(REPO_ROOT, 'test/fixtures/scenarios/raw-and-cluster-scoped');
  const after = await copyFleet(scenario);
  t.after(() => removeDir(after));
  await editFile(after, 'clusters/prod-1.yaml', (s) => `${s}apps:\n  ledger:\n    resources:\n      Cluster/ledger-db: null\n`);
  const empty = await copyFleet(scenario);
  t.after(() => removeDir(empty));
  await editFile(empty, 'clusters/prod-1.yaml', (s) => `${s}apps:\n  ledger:\n    resources: []\n`);

  const before = await copyFleet(scenario);
  t.after(() => removeDir(before));
  const main = await snapshot(before, 'main');
  const summary = computeChangeSummary(main, await snapshot(after, 'new'), ['clusters/prod-1.yaml']);
  assert.deepEqual(judgeDataLoss(computeChangeSummary(main, await snapshot(empty, 'new'), ['clusters/prod-1.yaml'])).reasons, []);

  assert.deepEqual(judgeDataLoss(summary).reasons, [
    'Cluster ledger/ledger-db (app ledger) deleted on prod-1: no longer generated; Argo CD prunes it, and a PostgreSQL cluster (CloudNativePG) with it',
  ]);
});

test('when the committed objects are unknown, the data guard says it cannot tell instead of passing', async (t) => {
  const dir = await copyFleet();
  t.after(() => removeDir(dir));
  await editFile(dir, 'apps/matomo.yaml', (s) => s.replaceAll('mariadb: "11.2"', 'mariadb: "11.4"'));
  const unknown = { ...(await example), rendered: null, bodies: null, note: 'object counts unknown: the config at 0123456789ab does not build' };

  const summary = computeChangeSummary(unknown, await snapshot(dir, 'new'), ['apps/matomo.yaml']);

  assert.deepEqual(judgeDataLoss(summary).reasons, [
    'cannot tell which objects that hold data would be deleted or replaced: object counts unknown: the config at 0123456789ab does not build',
  ]);
});
