/**
 * Data at risk against a revision, building only what can differ: for edits
 * of app files only the apps around them are built on each side, and what is
 * found must be exactly what comparing the two whole fleets finds. Any other
 * edit (a cluster file) compares the whole fleets. A real git repository, the
 * fleet in a sub-directory of it.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildFleet } from '../../../generator/pipeline.ts';
import { dataAtRiskBetween } from '../../../generator/preview/diff/data-at-risk.ts';
import { buildChangedAtRevision, buildFleetAtRevision, type FleetRevision, resolveRevision } from '../../../generator/preview/diff/revision.ts';
import { dataRisksSince } from '../../../generator/preview/diff/risks-since.ts';
import { git } from '../../git/fixtures.ts';
import { CONFIG_ENTRIES, REPO_ROOT } from '../../support/temp-fleet.ts';

let repo: string;
let fleet: string;
let head: FleetRevision;

before(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'flotilla-risks-since-'));
  git(repo, 'init', '-q', '-b', 'main');
  fleet = path.join(repo, 'fleet');
  await mkdir(fleet);
  for (const e of CONFIG_ENTRIES) await cp(path.join(REPO_ROOT, e), path.join(fleet, e), { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'fleet');
  head = await resolveRevision(fleet, 'HEAD');
});
after(() => rm(repo, { recursive: true, force: true }));

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const full = path.join(fleet, file);
  const text = await readFile(full, 'utf8');
  assert.notEqual(change(text), text, `the edit of ${file} changes it`);
  await writeFile(full, change(text));
}

/** The risks found building only what can differ, checked against comparing the two whole fleets. */
async function risksMatchWholeFleets(): Promise<string[]> {
  const whole = dataAtRiskBetween(await buildFleetAtRevision(fleet, head), await buildFleet(fleet));
  const found = await dataRisksSince(fleet, head, () => buildFleet(fleet));
  assert.deepEqual(found, whole);
  return found.map((r) => `${r.ref} ${r.reason} on ${r.cluster}`);
}

describe('data at risk since a revision', () => {
  it('an app edited: only the apps around it are built, and the risks are those of the whole fleets', async (t) => {
    t.after(() => {
      git(repo, 'checkout', '-q', '--', '.');
    });
    await edit('apps/matomo.yaml', (s) =>
      s
        .replace('  mariadb:\n    kind: StatefulSet', '  db:\n    kind: StatefulSet')
        .replaceAll('{ service: mariadb }', '{ service: db }')
        .replaceAll('talksTo: [mariadb]', 'talksTo: [db]'),
    );
    const changed = await buildChangedAtRevision(fleet, head);
    assert.deepEqual(changed?.apps, { atRev: new Set(['matomo']), now: new Set(['matomo']) });
    assert.deepEqual(
      changed.before.plan.apps.map((a) => a.name),
      ['matomo'],
    );
    const risks = await risksMatchWholeFleets();
    assert.ok(risks.includes('StatefulSet matomo/matomo-mariadb deleted on prod-eu'), risks.join('\n'));
  });

  it('an app removed: it is built at the revision only, so all it held is deleted', async (t) => {
    t.after(() => {
      git(repo, 'checkout', '-q', '--', '.');
    });
    await rm(path.join(fleet, 'apps/matomo.yaml'));
    const changed = await buildChangedAtRevision(fleet, head);
    assert.deepEqual(changed?.apps, { atRev: new Set(['matomo']), now: new Set() });
    const risks = await risksMatchWholeFleets();
    assert.ok(risks.includes('PersistentVolumeClaim matomo/matomo-data deleted on dev-1'), risks.join('\n'));
  });

  it('an app added that names another: the one it names is compared too, and nothing is at risk', async (t) => {
    t.after(async () => {
      await rm(path.join(fleet, 'apps/probe.yaml'), { force: true });
    });
    const wander = await readFile(path.join(fleet, 'apps/wander.yaml'), 'utf8');
    const team = /^team: (.+)$/m.exec(wander)![1];
    await writeFile(
      path.join(fleet, 'apps/probe.yaml'),
      `team: ${team}\nnamespace: probe\ncomponents:\n  check:\n    kind: CronJob\n    schedule: "*/5 * * * *"\n    talksTo: [{ app: matomo, component: matomo, port: http }]\n    containers:\n      check:\n        image: registry.example.com/probe:1.0.0\n`,
    );
    const changed = await buildChangedAtRevision(fleet, head);
    assert.deepEqual(changed?.apps, { atRev: new Set(['matomo']), now: new Set(['matomo']) });
    assert.deepEqual(await risksMatchWholeFleets(), []);
  });

  it('a cluster file edited: the whole fleets are compared', async (t) => {
    t.after(() => {
      git(repo, 'checkout', '-q', '--', '.');
    });
    await edit('clusters/prod-us.yaml', (s) => s.replace('storageClass: gp3-encrypted', 'storageClass: gp3'));
    const changed = await buildChangedAtRevision(fleet, head);
    assert.ok(changed);
    assert.equal(changed.apps, undefined);
    const risks = await risksMatchWholeFleets();
    assert.ok(risks.includes('PersistentVolumeClaim matomo/matomo-data replaced on prod-us'), risks.join('\n'));
  });

  it('a file an app inlines edited: the whole fleets are compared', async (t) => {
    t.after(() => {
      git(repo, 'checkout', '-q', '--', '.');
    });
    await edit('apps/kairoflow/nginx.conf', (s) => `${s}# tuned\n`);
    const changed = await buildChangedAtRevision(fleet, head);
    assert.ok(changed);
    assert.equal(changed.apps, undefined);
    assert.deepEqual(await risksMatchWholeFleets(), []);
  });

  it('the same config as at the revision: nothing is built', async () => {
    assert.equal(await buildChangedAtRevision(fleet, head), undefined);
  });
});
