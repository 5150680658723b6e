/**
 * computeFleetDiff on real builds of the example fleet before and after a
 * config change: the change lands on exactly the Applications it should,
 * Applications come and go with clusters and apps, and the review names what
 * a reviewer must see first.
 */
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderDiffJson } from '../../../generator/diff/format-json.ts';
import { renderDiffMarkdown } from '../../../generator/diff/format-markdown.ts';
import { renderDiffText } from '../../../generator/diff/format-text.ts';
import { type BuiltFleet, buildFleet } from '../../../generator/pipeline.ts';
import { emptyFleet } from '../../../generator/preview/diff/empty-fleet.ts';
import { computeFleetDiff } from '../../../generator/preview/diff/fleet-diff.ts';
import { copyFleet, removeDir } from '../../support/temp-fleet.ts';

let base: BuiltFleet;
const dirs: string[] = [];

/** The example fleet with `edit` applied to its files. */
async function headWith(edit: (dir: string) => Promise<void>): Promise<BuiltFleet> {
  const dir = await copyFleet();
  dirs.push(dir);
  await edit(dir);
  return buildFleet(dir);
}

async function replaceIn(dir: string, file: string, from: string, to: string): Promise<void> {
  const p = path.join(dir, file);
  const text = await readFile(p, 'utf8');
  assert.ok(text.includes(from), `${file} contains ${from}`);
  await writeFile(p, text.replace(from, to));
}

before(async () => {
  const dir = await copyFleet();
  dirs.push(dir);
  base = await buildFleet(dir);
});
after(async () => {
  for (const d of dirs) await removeDir(d);
});

describe('computeFleetDiff', () => {
  it('finds no change between two builds of the same config', () => {
    const diff = computeFleetDiff(base, base);
    assert.deepEqual([diff.applications, diff.projects, diff.review, diff.errors, diff.apps, diff.shared], [[], [], [], [], [], []]);
    assert.equal(diff.summary.applications.unchanged, 23);
  });

  it('puts a replica change on the Applications that do not override it, field by field', async () => {
    // wander's frontend: dev sets its own replicas and prod autoscales, so only staging sees the base value.
    const head = await headWith((dir) => replaceIn(dir, 'apps/wander.yaml', 'frontend:\n    replicas: 2', 'frontend:\n    replicas: 3'));
    const diff = computeFleetDiff(base, head);
    assert.deepEqual(
      diff.applications.map((a) => [a.name, a.change, a.counts]),
      [['wander-staging-1', 'changed', { added: 0, changed: 1, removed: 0 }]],
    );
    assert.deepEqual(diff.applications[0].objects, [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'wander',
        name: 'wander-frontend',
        change: 'changed',
        fields: [{ path: 'spec.replicas', change: 'changed', before: 2, after: 3 }],
      },
    ]);
    assert.match(renderDiffText(diff), /staging: staging-1:\n {4}~ Deployment wander\/wander-frontend\n {8}spec\.replicas: 2 → 3/);
  });

  it('adds the Applications of a new cluster, and flags the AppProject destinations it opens', async () => {
    const head = await headWith((dir) =>
      writeFile(path.join(dir, 'clusters/dev-2.yaml'), 'environment: dev\nserver: https://dev-2.k8s.example.com\nregion: eu-west-1\n'),
    );
    const diff = computeFleetDiff(base, head);
    assert.deepEqual(
      diff.applications.map((a) => `${a.change} ${a.name}`),
      ['added flotilla-namespaces-dev-2', 'added matomo-dev-2', 'added wander-dev-2', 'added wander-postgresql-dev-2', 'added wander-redis-dev-2'],
    );
    const matomo = diff.applications[1];
    assert.equal(matomo.counts.added, base.output.rendered.get('overlays/dev/matomo')!.length);
    assert.deepEqual(diff.applications[3].charts, ['postgresql 12.12.10 (registry-1.docker.io/bitnamicharts)']);
    assert.deepEqual(
      diff.review.map((r) => `${r.category} ${r.object}: ${r.detail}`),
      [
        'access AppProject analytics: what the team may deploy where: the project changes destinations',
        'access AppProject flotilla-platform: what the team may deploy where: the project changes destinations',
        'access AppProject travel: what the team may deploy where: the project changes destinations',
      ],
      'a new cluster brings no security findings for what the apps already run elsewhere',
    );
    assert.deepEqual(
      diff.apps.map((a) => [a.app, a.applications.added?.text]),
      [
        ['flotilla-namespaces', 'dev: dev-2'],
        ['matomo', 'dev: dev-2'],
        ['wander', 'dev: dev-2'],
      ],
    );
    assert.deepEqual(diff.summary.applications, { added: 5, removed: 0, changed: 0, unchanged: 23 });
  });

  it('puts every Application a removed app stops generating first, as one finding with where', async () => {
    const head = await headWith((dir) => rm(path.join(dir, 'apps/kairoflow.yaml')));
    const diff = computeFleetDiff(base, head);
    assert.deepEqual(
      diff.applications.map((a) => `${a.change} ${a.name}`),
      [
        // Its namespace leaves the platform's namespaces Applications (never pruned: Prune=false).
        'changed flotilla-namespaces-prod-eu',
        'changed flotilla-namespaces-prod-us',
        'changed flotilla-namespaces-staging-1',
        'removed kairoflow-prod-eu',
        'removed kairoflow-prod-us',
        'removed kairoflow-staging-1',
      ],
    );
    const deleted = diff.review.filter((r) => r.category === 'application-deleted');
    assert.deepEqual(
      deleted.map((r) => [r.app, r.where?.text, r.applications]),
      [['kairoflow', 'staging: staging-1; prod: both clusters', 3]],
    );
    assert.deepEqual(
      diff.summary.apps,
      { added: 0, removed: 1, changed: 0, unchanged: 2 },
      'the platform namespaces change with it, but are no app of the fleet',
    );
  });

  it('reviews a new security opt-out (config and rendered pod) and a removed PVC first', async () => {
    const head = await headWith(async (dir) => {
      await replaceIn(
        dir,
        'apps/kairoflow.yaml',
        '        runAsUser: 1000\n        ports:',
        '        runAsUser: 1000\n        securityOptOut:\n          writableRootFilesystem: PHP writes its opcache files under /var/www.\n        ports:',
      );
      await replaceIn(dir, 'apps/kairoflow.yaml', '      recordings: { pvc: recordings }\n', '      recordings: { emptyDir: {} }\n');
      await replaceIn(dir, 'apps/kairoflow.yaml', '  recordings: { size: 10Gi }\n', '');
    });
    const diff = computeFleetDiff(base, head);
    const security = diff.review.filter((r) => r.category === 'pod-security');
    assert.deepEqual(
      security.slice(0, 1).map((r) => [r.object, r.detail, r.where?.text]),
      [['Deployment kairoflow/kairoflow-web', 'container php: writable root filesystem', 'staging: staging-1; prod: both clusters']],
    );
    assert.match(
      security[1]!.detail,
      /^apps\/kairoflow\.yaml:\d+:\d+ components\.web\.containers\.php\.securityOptOut\.writableRootFilesystem: security opt-out/,
    );
    const atRisk = diff.review.filter((r) => r.category === 'data-at-risk');
    assert.deepEqual(
      atRisk.map((r) => [r.object, r.detail, r.applications]),
      [['PersistentVolumeClaim kairoflow/recordings', 'deleted: no longer generated; Argo CD prunes it, and a volume claim with it', 3]],
    );
    assert.equal(diff.review[0]!.category, 'data-at-risk', 'data at risk comes first');
  });

  it('reviews claim retention Delete as data at risk: switching a StatefulSet to it, and scaling one down under it', async () => {
    // Delete is refused in a protected app, so matomo gives up protection first (in both builds).
    const unprotected = (dir: string) => replaceIn(dir, 'apps/matomo.yaml', 'namespace: matomo\n', 'namespace: matomo\nprotected: false\n');
    const mariadb = (replicas: number, policy: string) => (dir: string) =>
      replaceIn(
        dir,
        'apps/matomo.yaml',
        '  mariadb:\n    kind: StatefulSet\n    replicas: 1\n',
        `  mariadb:\n    kind: StatefulSet\n    replicas: ${replicas}\n${policy}`,
      );
    const build = (replicas: number, policy: string) =>
      headWith(async (dir) => {
        await unprotected(dir);
        await mariadb(replicas, policy)(dir);
      });
    const retained = await build(3, '');
    const scaleDeletes = await build(3, '    persistentVolumeClaimRetentionPolicy: { whenScaled: Delete }\n');
    const scaledDown = await build(1, '    persistentVolumeClaimRetentionPolicy: { whenScaled: Delete }\n');
    const atRisk = (from: BuiltFleet, to: BuiltFleet) =>
      computeFleetDiff(from, to)
        .review.filter((r) => r.category === 'data-at-risk')
        .map((r) => [r.object, r.detail, r.applications]);
    assert.deepEqual(atRisk(retained, scaleDeletes), [
      [
        'StatefulSet matomo/matomo-mariadb',
        'claims set to be deleted: persistentVolumeClaimRetentionPolicy.whenScaled changes from Retain to Delete: from then on scaling it down deletes the claims of the pods it removes, and their data, with no further review',
        4,
      ],
    ]);
    assert.deepEqual(atRisk(scaleDeletes, scaledDown), [
      [
        'StatefulSet matomo/matomo-mariadb',
        'scaled down: replicas go from 3 to 1 with persistentVolumeClaimRetentionPolicy.whenScaled: Delete: Kubernetes deletes the claims data-matomo-mariadb-1, data-matomo-mariadb-2 of the pods it removes, and their data',
        4,
      ],
    ]);
    assert.deepEqual(atRisk(retained, await build(1, '')), [], 'scaling down with Retain keeps the claims');
  });

  it('never shows SealedSecret ciphertext, in any format', async () => {
    const old = `${'A'.repeat(40)}oldCipherText==`;
    const neu = `${'B'.repeat(40)}newCipherText==`;
    const sealed = (cipher: string) => `  sealed-token:\n    sealed:\n      encryptedData:\n        token: ${cipher}\n`;
    const withSecret = (cipher: string) => headWith((dir) => replaceIn(dir, 'apps/matomo.yaml', 'secrets:\n', `secrets:\n${sealed(cipher)}`));
    const diff = computeFleetDiff(await withSecret(old), await withSecret(neu));
    const fields = diff.applications.flatMap((a) => a.objects.flatMap((o) => o.fields));
    assert.ok(fields.length > 0 && fields.every((f) => f.hidden && f.path === 'spec.encryptedData.token'), JSON.stringify(fields));
    for (const text of [renderDiffText(diff), renderDiffMarkdown(diff), renderDiffJson(diff)]) {
      assert.ok(!text.includes('CipherText'), 'ciphertext leaked');
      assert.match(text, /spec\.encryptedData\.token \(changed, value hidden\)|"hidden": true/);
    }
  });

  it('treats a fleet that did not exist yet as empty: everything is added', () => {
    const diff = computeFleetDiff(emptyFleet(), base);
    assert.equal(diff.summary.applications.added, 23);
    assert.equal(diff.summary.applications.removed, 0);
  });
});
