// The data guard end to end: `commit` and `pr` against a real bare remote
// (and, for pr, the contract-checked fake GitHub) refuse with exit 4 any
// change that deletes or replaces an object holding data, list each object
// and cluster, write and push nothing; --allow-deletions lets the change
// through with the risks in the commit message and first in the PR body.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type FleetRemote, flotilla, git, makeFleetRemote, prRefusedThenAllowed } from '../deliver/fleet-remote.ts';
import { FakeGitHub } from '../support/fake-github/server.ts';

const TOKEN = 'flotilla-data-guard-token-9f8e7d';

function edit(dir: string, path: string, change: (text: string) => string): void {
  const before = readFileSync(join(dir, path), 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `the edit of ${path} changes it`);
  writeFileSync(join(dir, path), after);
}

/** `commit --push` refused with exactly these risks: exit 4, no commit, nothing written, nothing pushed. */
async function assertCommitRefused(remote: FleetRemote, dir: string, risks: string[]): Promise<void> {
  const head = git(dir, 'rev-parse', 'HEAD');
  const published = remote.remoteHead();
  const refused = await flotilla(dir, {}, 'commit', '--push');
  assert.equal(refused.code, 4, refused.err);
  assert.equal(
    refused.err,
    [
      'error: refusing a change that deletes or replaces objects that hold data:',
      ...risks.map((r) => `  - ${r}`),
      'Nothing was written, committed or pushed. If this is intended, re-run with --allow-deletions.',
    ].join('\n'),
  );
  assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
  assert.equal(git(dir, 'status', '--porcelain'), '', 'nothing written');
  assert.equal(remote.remoteHead(), published, 'nothing pushed');
}

/** The MariaDB component of matomo renamed: its StatefulSet (and the claims of its pods) would start afresh. */
const renameMariadb = (s: string) =>
  s
    .replace('  mariadb:\n    kind: StatefulSet', '  db:\n    kind: StatefulSet')
    .replaceAll('{ service: mariadb }', '{ service: db }')
    .replaceAll('talksTo: [mariadb]', 'talksTo: [db]');

test('commit refuses renaming a StatefulSet component (exit 4, every cluster listed, nothing written); --allow-deletions commits it with the risk in the message', async (t) => {
  const remote = await makeFleetRemote();
  t.after(() => remote.cleanup());
  const dir = remote.clone('work');
  const published = remote.remoteHead();
  edit(dir, 'apps/matomo.yaml', renameMariadb);
  git(dir, 'commit', '--quiet', '-am', 'matomo: mariadb is now db');
  await assertCommitRefused(remote, dir, [
    'StatefulSet matomo/matomo-mariadb (app matomo) deleted on dev-1, prod-eu, prod-us, staging-1: no longer generated (renamed to matomo-db?); Argo CD prunes it, and a StatefulSet under another name starts on new, empty claims instead of data-matomo-mariadb-<n>',
  ]);
  assert.equal(remote.remoteHead(), published);

  const dry = await flotilla(dir, {}, 'commit', '--dry-run');
  assert.equal(dry.code, 4, '--dry-run is refused the same way');

  const allowed = await flotilla(dir, {}, 'commit', '--push', '--allow-deletions');
  assert.equal(allowed.code, 0, allowed.err);
  assert.match(allowed.out, /\nData at risk:\n {2}StatefulSet matomo\/matomo-mariadb \(app matomo\) deleted on dev-1, prod-eu, prod-us, staging-1: /);
  const message = git(dir, 'log', '-1', '--format=%B');
  assert.match(message, /\n\nData at risk \(allowed with --allow-deletions\):\n {2}StatefulSet matomo\/matomo-mariadb \(app matomo\) deleted on dev-1, /);
  assert.equal(remote.remoteHead(), git(dir, 'rev-parse', 'HEAD'));
});

test('commit refuses a storage class change that would replace the claims of one cluster', async (t) => {
  const remote = await makeFleetRemote();
  t.after(() => remote.cleanup());
  const dir = remote.clone('work');
  edit(dir, 'clusters/prod-us.yaml', (s) => s.replace('storageClass: gp3-encrypted', 'storageClass: gp3'));

  // The storage class is in the chart values too; the example's chart registry cannot be reached from here (test/deliver/chart-delivery.test.ts renders charts).
  const refused = await flotilla(dir, {}, 'commit', '--skip-charts');
  assert.equal(refused.code, 4, refused.err);
  const listed = refused.err.split('\n').filter((l) => l.startsWith('  - '));
  assert.equal(listed.length, 7, refused.err);
  assert.equal(
    listed[5],
    '  - PersistentVolumeClaim matomo/matomo-data (app matomo) replaced on prod-us: the claim: storageClassName changes from gp3-encrypted to gp3: Kubernetes cannot change this in place, so it would be deleted and re-created, with a new, empty volume',
  );
  assert.match(listed[6]!, /^ {2}- StatefulSet matomo\/matomo-mariadb \(app matomo\) replaced on prod-us: claim template data: storageClassName changes /);
  assert.deepEqual(git(dir, 'status', '--porcelain').split('\n'), [' M clusters/prod-us.yaml'], 'no output written');
});

test('pr refuses removing a claim (exit 4, nothing pushed, GitHub not called); with --allow-deletions the body opens with the data at risk', async (t) => {
  const remote = await makeFleetRemote();
  const gh = await FakeGitHub.start({ token: TOKEN });
  gh.state.addRepo('acme', 'fleet', ['main', 'flotilla/update-main']);
  t.after(async () => {
    await gh.close();
    remote.cleanup();
  });
  const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, FLOTILLA_GITHUB_PACING_MS: '0' };
  const human = remote.clone('human');
  // The backup job goes, and with it the claim holding 30 days of dumps.
  edit(human, 'apps/matomo.yaml', (s) =>
    s.replace(/\n {2}backup:\n[\s\S]*?\n\n/, '\n\n').replace(/ {2}# Its own claim[^\n]*\n {2}matomo-backup: \{ size: 20Gi \}\n/, ''),
  );
  edit(human, 'apps/matomo.yaml', (s) => s.replace('      matomo-backup: { size: 5Gi }\n', ''));
  git(human, 'commit', '--quiet', '-am', 'matomo: no more backups');
  git(human, 'push', '--quiet', 'origin', 'main');
  const dir = remote.clone('work');

  const { refused, body } = await prRefusedThenAllowed(remote, gh, dir, env);
  assert.match(
    refused.err,
    /^ {2}- PersistentVolumeClaim matomo\/matomo-backup \(app matomo\) deleted on dev-1, prod-eu, prod-us, staging-1: no longer generated; Argo CD prunes it, and a volume claim with it$/m,
  );
  assert.ok(body.indexOf('Data at risk') < body.indexOf('## Generated changes'));
  assert.match(body, /\n- PersistentVolumeClaim matomo/);
  assert.deepEqual(gh.violations, []);
});

test('generate warns (and still writes) when its output would delete data compared with HEAD, then with its last run; outside git it has nothing to compare with', async (t) => {
  const remote = await makeFleetRemote();
  t.after(() => remote.cleanup());
  const dir = remote.clone('work');
  edit(dir, 'apps/matomo.yaml', renameMariadb);

  const run = await flotilla(dir, {}, 'generate');
  assert.equal(run.code, 0, run.err);
  const lines = run.err.split('\n');
  const at = lines.findIndex((l) => l.startsWith('warning: compared with the config at HEAD'));
  assert.ok(at >= 0, run.err);
  assert.match(lines[at]!, /^warning: compared with the config at HEAD \([0-9a-f]{8}\), this output deletes or replaces objects that hold data:$/);
  assert.match(lines[at + 1]!, /^ {2}StatefulSet matomo\/matomo-mariadb \(app matomo\) deleted on dev-1, prod-eu, prod-us, staging-1: no longer generated/);
  assert.equal(lines[at + 2], '`flotilla commit` and `flotilla pr` refuse this change unless run with --allow-deletions.');
  assert.match(git(dir, 'status', '--porcelain'), /^ M base\/matomo\/resources\.yaml$/m, 'the output is written all the same');
  assert.match(readFileSync(join(dir, 'base/matomo/resources.yaml'), 'utf8'), /^kind: StatefulSet\nmetadata:\n {2}name: matomo-db\n/m);

  const quiet = await flotilla(dir, {}, 'generate');
  assert.ok(!quiet.err.includes('hold data'), 'nothing new to write: nothing compared');

  // With a last run to compare with, only what this run changes is compared (the rename above is not reported again).
  edit(dir, 'clusters/prod-us.yaml', (s) => s.replace('storageClass: gp3-encrypted', 'storageClass: gp3'));
  const next = await flotilla(dir, {}, 'generate');
  assert.equal(next.code, 0, next.err);
  const warned = next.err.split('\n');
  const from = warned.indexOf('warning: compared with the output of the last run, this output deletes or replaces objects that hold data:');
  assert.ok(from >= 0, next.err);
  const listed = warned.slice(from + 1).filter((l) => l.startsWith('  '));
  assert.equal(listed.length, 7, next.err); // the same seven `commit` refuses for this change
  assert.ok(
    listed.some((l) =>
      /^ {2}PersistentVolumeClaim matomo\/matomo-data \(app matomo\) replaced on prod-us: the claim: storageClassName changes from gp3-encrypted to gp3: /.test(
        l,
      ),
    ),
    next.err,
  );
  assert.ok(
    listed.some((l) => /^ {2}StatefulSet matomo\/matomo-db \(app matomo\) replaced on prod-us: claim template data: storageClassName changes /.test(l)),
    next.err,
  );
  assert.ok(!next.err.includes('matomo-mariadb'), next.err);

  rmSync(join(dir, '.git'), { recursive: true, force: true });
  edit(dir, 'apps/matomo.yaml', (s) => s.replaceAll('mariadb: "11.2"', 'mariadb: "11.4"'));
  const outside = await flotilla(dir, {}, 'generate');
  assert.equal(outside.code, 0, outside.err);
  assert.ok(!outside.err.includes('hold data'), outside.err);
});

test('renaming an app: with renamedFrom nothing on the clusters changes and commit goes through; without it commit refuses', async (t) => {
  const remote = await makeFleetRemote();
  t.after(() => remote.cleanup());
  const dir = remote.clone('work');
  const text = readFileSync(join(dir, 'apps/matomo.yaml'), 'utf8');
  rmSync(join(dir, 'apps/matomo.yaml'));
  writeFileSync(join(dir, 'apps/webstats.yaml'), text);

  const plain = await flotilla(dir, {}, 'commit', '--dry-run');
  assert.equal(plain.code, 4, plain.err);
  assert.match(plain.err, /refusing a change that deletes Argo CD Applications:/);
  assert.match(plain.err, /^ {2}- StatefulSet matomo\/matomo-mariadb \(app matomo\) deleted on dev-1, prod-eu, prod-us, staging-1: /m);

  writeFileSync(join(dir, 'apps/webstats.yaml'), text.replace(/^team: /m, 'renamedFrom: matomo\nteam: '));
  const moved = await flotilla(dir, {}, 'commit');
  assert.equal(moved.code, 0, moved.err);
  const message = git(dir, 'log', '-1', '--format=%B');
  assert.match(message, /Applications: 0 created, 0 deleted/);
  assert.match(message, /Objects: +0 added, 0 changed, 0 removed/, 'the same objects, under the same names, on every cluster');
  assert.match(git(dir, 'show', '--no-renames', '--name-status', '--format=', 'HEAD'), /^A\tbase\/webstats\/resources\.yaml$/m);
  assert.match(readFileSync(join(dir, 'base/webstats/resources.yaml'), 'utf8'), /^kind: StatefulSet\nmetadata:\n {2}name: matomo-mariadb\n/m);
});

test('commit refuses switching a StatefulSet to claim retention Delete, which lets Kubernetes delete its claims later without review', async (t) => {
  const remote = await makeFleetRemote();
  t.after(() => remote.cleanup());
  const dir = remote.clone('work');
  // Delete is refused in a protected app: giving up protection is its own, reviewed change (it puts no data at risk by itself).
  edit(dir, 'apps/matomo.yaml', (s) => s.replace('namespace: matomo\n', 'namespace: matomo\nprotected: false\n'));
  git(dir, 'commit', '--quiet', '-am', 'matomo: not protected');
  const unprotected = await flotilla(dir, {}, 'commit', '--push');
  assert.equal(unprotected.code, 0, unprotected.err);

  edit(dir, 'apps/matomo.yaml', (s) =>
    s.replace('  mariadb:\n    kind: StatefulSet\n', '  mariadb:\n    kind: StatefulSet\n    persistentVolumeClaimRetentionPolicy: { whenDeleted: Delete }\n'),
  );
  git(dir, 'commit', '--quiet', '-am', 'matomo: claims go with the StatefulSet');
  await assertCommitRefused(remote, dir, [
    'StatefulSet matomo/matomo-mariadb (app matomo) claims set to be deleted on dev-1, prod-eu, prod-us, staging-1: persistentVolumeClaimRetentionPolicy.whenDeleted changes from Retain to Delete: from then on deleting the StatefulSet deletes its claims, and their data, with no further review',
  ]);
});

test('commit refuses an override that removes a database custom resource (Cluster/<name>: null on one cluster), which carries Prune=confirm,Delete=confirm', async (t) => {
  const remote = await makeFleetRemote();
  t.after(() => remote.cleanup());
  const dir = remote.clone('work');
  edit(
    dir,
    'apps/wander.yaml',
    (s) => `${s}resources:
  - apiVersion: postgresql.cnpg.io/v1
    kind: Cluster
    metadata:
      name: wander-pg
    spec:
      instances: 1
      storage:
        size: 10Gi
`,
  );
  git(dir, 'commit', '--quiet', '-am', 'wander: an operator-run PostgreSQL');
  const added = await flotilla(dir, {}, 'commit', '--push');
  assert.equal(added.code, 0, added.err);
  assert.match(
    readFileSync(join(dir, 'base/wander/resources.yaml'), 'utf8'),
    /kind: Cluster\nmetadata:\n {2}name: wander-pg\n {2}annotations:\n {4}argocd\.argoproj\.io\/sync-options: [^\n]*Prune=confirm,Delete=confirm\n/,
  );

  edit(dir, 'clusters/prod-us.yaml', (s) => s.replace('apps:\n  wander:\n', 'apps:\n  wander:\n    resources:\n      Cluster/wander-pg: null\n'));
  git(dir, 'commit', '--quiet', '-am', 'prod-us: no operator database');
  await assertCommitRefused(remote, dir, [
    'Cluster wander/wander-pg (app wander) deleted on prod-us: no longer generated; Argo CD prunes it, and a PostgreSQL cluster (CloudNativePG) with it',
  ]);
});
