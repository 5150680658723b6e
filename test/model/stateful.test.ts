// holdsData and dataAtRisk: which objects hold data, and which changes to one
// Application's objects delete or replace them. Hand-built objects for each
// Kubernetes rule, and objects rendered from the example fleet for renames.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { K8sObject } from '../../generator/model/object.ts';
import { DATA_KINDS, dataAtRisk, dataView, formatDataRisk, holdsData, quantityBytes } from '../../generator/model/stateful.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { copyFleet, removeDir } from '../support/temp-fleet.ts';

function pvc(name: string, spec: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'shop' },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } }, ...spec },
  };
}

function statefulSet(name: string, spec: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'shop' },
    spec: {
      serviceName: name,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'db' } },
      template: { metadata: {}, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } } }],
      ...spec,
    },
  };
}

function object(apiVersion: string, kind: string, name: string, annotations?: Record<string, string>): K8sObject {
  return { apiVersion, kind, metadata: { name, namespace: 'shop', ...(annotations ? { annotations } : {}) }, spec: {} };
}

const deployment = object('apps/v1', 'Deployment', 'web');
const cnpg = object('postgresql.cnpg.io/v1', 'Cluster', 'db');
const tenant = object('minio.min.io/v2', 'Tenant', 'media');

test('holdsData: claims, StatefulSets, known operator kinds and marked resources; nothing else', () => {
  assert.equal(holdsData(pvc('data')), true);
  assert.equal(holdsData(statefulSet('db')), true);
  assert.equal(holdsData(cnpg), true);
  assert.equal(holdsData(tenant), true);
  assert.equal(holdsData(deployment), false);
  // Kind alone is not enough: a Cluster of another API group holds nothing Flotilla knows of.
  assert.equal(holdsData(object('cluster.x-k8s.io/v1beta1', 'Cluster', 'workload')), false);
  assert.equal(holdsData(object('example.com/v1', 'Queue', 'jobs', { 'flotilla.dev/holds-data': 'true' })), true);
  assert.equal(holdsData(object('example.com/v1', 'Queue', 'jobs', { 'flotilla.dev/holds-data': 'yes' })), false);
  for (const k of DATA_KINDS) assert.equal(holdsData(object(k.group ? `${k.group}/v1` : 'v1', k.kind, 'x')), true, `${k.group}/${k.kind}`);
});

test('an unchanged, a grown or an added object puts nothing at risk', () => {
  const before = [pvc('data'), statefulSet('db'), cnpg, deployment];
  assert.deepEqual(dataAtRisk(before, before), []);
  assert.deepEqual(dataAtRisk(before, [pvc('data', { resources: { requests: { storage: '20Gi' } } }), statefulSet('db'), cnpg]), []);
  assert.deepEqual(dataAtRisk([], [pvc('data'), tenant]), []);
  // A StatefulSet takes changes to replicas and the pod template in place.
  assert.deepEqual(dataAtRisk([statefulSet('db')], [statefulSet('db', { replicas: 3, template: { metadata: {}, spec: { containers: [] } } })]), []);
  // A new API version of the same group is the same object.
  assert.deepEqual(dataAtRisk([object('postgresql.cnpg.io/v1beta1', 'Cluster', 'db')], [cnpg]), []);
});

test('removing objects that hold data is a deletion; removing others is not reported', () => {
  const marked = object('example.com/v1', 'Queue', 'jobs', { 'flotilla.dev/holds-data': 'true' });
  const risks = dataAtRisk([pvc('data'), cnpg, tenant, marked, deployment], []);
  assert.deepEqual(
    risks.map((r) => [r.ref, r.reason]),
    [
      ['Cluster shop/db', 'deleted'],
      ['PersistentVolumeClaim shop/data', 'deleted'],
      ['Queue shop/jobs', 'deleted'],
      ['Tenant shop/media', 'deleted'],
    ],
  );
  assert.equal(risks[0]!.detail, 'no longer generated; Argo CD prunes it, and a PostgreSQL cluster (CloudNativePG) with it');
  assert.equal(risks[2]!.detail, 'no longer generated; Argo CD prunes it, and the data it holds with it');
});

test('a claim moved to another namespace is deleted there', () => {
  const moved = pvc('data');
  moved.metadata.namespace = 'shop-v2';
  assert.deepEqual(
    dataAtRisk([pvc('data')], [moved]).map((r) => r.ref),
    ['PersistentVolumeClaim shop/data'],
  );
});

test('a renamed StatefulSet is a deletion that names the claims it leaves behind and its likely successor', () => {
  const [risk, ...rest] = dataAtRisk([statefulSet('matomo-mariadb')], [statefulSet('webstats-mariadb')]);
  assert.deepEqual(rest, []);
  assert.deepEqual(risk, {
    ref: 'StatefulSet shop/matomo-mariadb',
    reason: 'deleted',
    detail:
      'no longer generated (renamed to webstats-mariadb?); Argo CD prunes it, and a StatefulSet under another name starts on new, empty claims instead of data-matomo-mariadb-<n>',
  });
});

test('claim changes Kubernetes refuses in place are replacements', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ storageClassName: 'gp3-encrypted' }, 'the claim: storageClassName changes from standard to gp3-encrypted'],
    [{ accessModes: ['ReadWriteMany'] }, 'the claim: accessModes changes from ["ReadWriteOnce"] to ["ReadWriteMany"]'],
    [{ selector: { matchLabels: { disk: 'ssd' } } }, 'the claim: selector changes from (none) to disk=ssd'],
    [{ resources: { requests: { storage: '5Gi' } } }, 'the claim: storage changes from 10Gi to 5Gi'],
  ];
  for (const [change, says] of cases) {
    const risks = dataAtRisk([pvc('data')], [pvc('data', change)]);
    assert.deepEqual(risks, [
      {
        ref: 'PersistentVolumeClaim shop/data',
        reason: 'replaced',
        detail: `${says}: Kubernetes cannot change this in place, so it would be deleted and re-created, with a new, empty volume`,
      },
    ]);
  }
});

test('StatefulSet changes Kubernetes refuses in place are replacements, each named', () => {
  const template = (name: string, storage = '8Gi', extra: Record<string, unknown> = {}) => ({
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra },
  });
  const cases: [Record<string, unknown>, string][] = [
    [{ serviceName: 'db-headless' }, 'serviceName changes from db to db-headless'],
    [
      { selector: { matchLabels: { 'app.kubernetes.io/name': 'postgres' } } },
      'selector changes from app.kubernetes.io/name=db to app.kubernetes.io/name=postgres',
    ],
    [{ podManagementPolicy: 'Parallel' }, 'podManagementPolicy changes from OrderedReady to Parallel'],
    [{ volumeClaimTemplates: [template('pgdata')] }, 'claim template data is renamed to pgdata'],
    [{ volumeClaimTemplates: [] }, 'claim template data is removed'],
    [{ volumeClaimTemplates: [template('data'), template('wal')] }, 'claim template wal is added'],
    // Unlike a bound claim, a template cannot even grow.
    [{ volumeClaimTemplates: [template('data', '16Gi')] }, 'claim template data: storage changes from 8Gi to 16Gi'],
    [{ volumeClaimTemplates: [template('data', '8Gi', { storageClassName: 'fast' })] }, 'claim template data: storageClassName changes from (none) to fast'],
  ];
  for (const [change, says] of cases) {
    const risks = dataAtRisk([statefulSet('db')], [statefulSet('db', change)]);
    assert.equal(risks.length, 1, says);
    assert.equal(risks[0]!.reason, 'replaced');
    assert.equal(
      risks[0]!.detail,
      `${says}: Kubernetes cannot change this in place, so it would be deleted and re-created; claims whose template changed or was renamed start empty`,
    );
  }
  const both = dataAtRisk([statefulSet('db')], [statefulSet('db', { serviceName: 'x', podManagementPolicy: 'Parallel' })]);
  assert.match(both[0]!.detail, /^serviceName changes from db to x; podManagementPolicy changes from OrderedReady to Parallel: /);
});

const specOf = (o: K8sObject) => (o as unknown as { spec: object }).spec;

test('dataView keeps everything dataAtRisk reads: the same risks from the reduced objects as from the whole ones', () => {
  const marked = object('example.com/v1', 'Bucket', 'media', { 'flotilla.dev/holds-data': 'true' });
  const before = [statefulSet('db', { replicas: 3 }), pvc('files'), cnpg, tenant, marked];
  const changes: ((o: K8sObject) => K8sObject | undefined)[] = [
    (o) => o,
    () => undefined,
    (o) => ({ ...o, metadata: { ...o.metadata, name: `${o.metadata.name}-2` } }),
    (o) => ({ ...o, metadata: { ...o.metadata, namespace: 'other' } }),
    (o) => ({ ...o, apiVersion: o.apiVersion.replace(/v\d+$/, 'v9') }),
    (o) => ({ ...o, metadata: { name: o.metadata.name, namespace: o.metadata.namespace } }),
    (o) => ({ ...o, spec: { ...specOf(o), storageClassName: 'fast', serviceName: 'x', podManagementPolicy: 'Parallel' } }),
    (o) => ({ ...o, spec: { ...specOf(o), replicas: 1, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } } }),
    (o) => ({ ...o, spec: { ...specOf(o), volumeClaimTemplates: [], resources: { requests: { storage: '1Gi' } } } }),
    (o) => ({ ...o, spec: { ...specOf(o), template: { spec: { containers: [] } }, selector: { matchLabels: { x: 'y' } } } }),
  ];
  assert.ok(holdsData(marked));
  for (const [i, change] of changes.entries()) {
    const after = before.flatMap((o) => change(o) ?? []);
    const whole = dataAtRisk(before, after);
    // As a cache compares: the reduced objects of the last run against this run's objects.
    assert.deepEqual(dataAtRisk(before.map(dataView), after), whole, `change ${i}`);
    // And where both sides come from the cache (a job not rendered again, placed on other clusters).
    if (after.every(holdsData)) assert.deepEqual(dataAtRisk(before.map(dataView), after.map(dataView)), whole, `change ${i}, both reduced`);
    if ([1, 2, 3, 6, 8, 9].includes(i)) assert.ok(whole.length > 0, `change ${i} puts something at risk`);
  }
});

test('claim retention Delete: switching to it arms a later loss, scaling down with it and deleting with it lose claims now', () => {
  const keep = statefulSet('db', { replicas: 3 });
  const onScale = statefulSet('db', { replicas: 3, persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } });
  const onBoth = statefulSet('db', { replicas: 3, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } });
  assert.deepEqual(dataAtRisk([keep], [onBoth]).map(formatDataRisk), [
    'StatefulSet shop/db claims set to be deleted: persistentVolumeClaimRetentionPolicy.whenDeleted changes from Retain to Delete; persistentVolumeClaimRetentionPolicy.whenScaled changes from Retain to Delete: from then on deleting the StatefulSet deletes its claims, and scaling it down deletes the claims of the pods it removes, and their data, with no further review',
  ]);
  const scaledDown = statefulSet('db', { replicas: 1, persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } });
  assert.deepEqual(dataAtRisk([onScale], [scaledDown]).map(formatDataRisk), [
    'StatefulSet shop/db scaled down: replicas go from 3 to 1 with persistentVolumeClaimRetentionPolicy.whenScaled: Delete: Kubernetes deletes the claims data-db-1, data-db-2 of the pods it removes, and their data',
  ]);
  // Switched and scaled down in one change: the new policy applies to the scale-down.
  assert.deepEqual(
    dataAtRisk([keep], [scaledDown]).map((r) => r.reason),
    ['claims set to be deleted', 'scaled down'],
  );
  assert.deepEqual(dataAtRisk([onBoth], [onBoth]), [], 'a policy already in force is no new risk');
  assert.deepEqual(dataAtRisk([keep], [statefulSet('db', { replicas: 1 })]), [], 'scaling down with Retain keeps the claims');
  assert.deepEqual(
    dataAtRisk([onScale], [statefulSet('db', { replicas: 4, persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } })]),
    [],
    'scaling up',
  );
  const autoscaled = statefulSet('db', { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } });
  assert.deepEqual(dataAtRisk([onScale], [autoscaled]), [], 'an autoscaler owns the count: nothing tells how far it scales');
  assert.deepEqual(dataAtRisk([onBoth], []).map(formatDataRisk), [
    'StatefulSet shop/db deleted: no longer generated; Argo CD prunes it, and with persistentVolumeClaimRetentionPolicy.whenDeleted: Delete Kubernetes deletes its claims data-db-<n> and their data with it',
  ]);
  const withoutClaims = (policy: Record<string, string>) =>
    statefulSet('db', { replicas: 3, volumeClaimTemplates: undefined, persistentVolumeClaimRetentionPolicy: policy });
  assert.deepEqual(dataAtRisk([withoutClaims({})], [withoutClaims({ whenScaled: 'Delete' })]), [], 'no claim templates, no claims to lose');
});

test('formatDataRisk is one line per object', () => {
  assert.equal(
    formatDataRisk({ ref: 'PersistentVolumeClaim shop/data', reason: 'deleted', detail: 'no longer generated' }),
    'PersistentVolumeClaim shop/data deleted: no longer generated',
  );
});

test('quantityBytes reads binary and decimal suffixes', () => {
  assert.equal(quantityBytes('1Gi'), 2 ** 30);
  assert.equal(quantityBytes('1G'), 1e9);
  assert.equal(quantityBytes('500Mi') < quantityBytes('1Gi'), true);
  assert.equal(quantityBytes('1e3'), 1000);
  assert.ok(Number.isNaN(quantityBytes('lots')));
});

test('the example fleet: renaming a StatefulSet component deletes the StatefulSet that holds the data', async (t) => {
  const dir = await copyFleet();
  t.after(() => removeDir(dir));
  const objects = async () => (await buildFleet(dir)).output.rendered.get('overlays/prod/matomo')!;
  const before = await objects();
  const file = path.join(dir, 'apps/matomo.yaml');
  const text = await readFile(file, 'utf8');
  await writeFile(
    file,
    text
      .replace('  mariadb:\n    kind: StatefulSet', '  db:\n    kind: StatefulSet')
      .replaceAll('{ service: mariadb }', '{ service: db }')
      .replaceAll('talksTo: [mariadb]', 'talksTo: [db]'),
  );
  const after = await objects();
  assert.deepEqual(
    dataAtRisk(before, after).map((r) => [r.ref, r.reason, r.detail]),
    [
      [
        'StatefulSet matomo/matomo-mariadb',
        'deleted',
        'no longer generated (renamed to matomo-db?); Argo CD prunes it, and a StatefulSet under another name starts on new, empty claims instead of data-matomo-mariadb-<n>',
      ],
    ],
  );
});
