/**
 * The hash of an app's plan comes from the cache only when everything the plan
 * is made from is as it was: the app's variants, the files it inlines, the
 * fleet file, and in each of its environments the clusters the plan reads —
 * every cluster where a variant names the cluster or the region, else those
 * with settings of their own. Each case edits one of those (or something the
 * plan does not read) and must get the hash of the plan made from scratch.
 * The example's apps have a release, which is checked against every cluster,
 * so their variants — and so their plans — change with any cluster; `echo`
 * has none.
 */
import assert from 'node:assert/strict';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { ConfigCache } from '../../generator/incremental/config-cache.ts';
import { EntryLog } from '../../generator/incremental/store.ts';
import { loadFleet } from '../../generator/load/read-fleet.ts';
import { dataHash } from '../../generator/model/hash.ts';
import { buildPlan } from '../../generator/plan/build-plan.ts';
import type { FleetPlan } from '../../generator/plan/model.ts';
import { validateFleet } from '../../generator/validate/validate-fleet.ts';
import { copyExampleFleet, EXAMPLE_ROOT, removeFleet } from '../validate/fleet-fixture.ts';

let root: string;
const WITH_RELEASE = ['kairoflow', 'matomo', 'wander'];
const ECHO = 'team: travel\nnamespace: echo\ncomponents:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n';

function hashes(plan: FleetPlan, hashOf: (app: string, compute: () => string) => string): Map<string, string> {
  return new Map(plan.apps.map((a) => [a.name, hashOf(a.name, () => dataHash({ ...a, locate: undefined }))]));
}

/** Each app's plan hash through a cache on the log the last call left, and the apps whose plan was hashed again. */
async function throughCache(): Promise<{ hashes: Map<string, string>; hashed: string[] }> {
  const entries = new EntryLog(path.join(root, '.plans.log'), root, 'test');
  const cache = new ConfigCache(entries);
  const plan = buildPlan(validateFleet(await loadFleet(root, cache.parse), cache));
  const hashed: string[] = [];
  const out = hashes(plan, (app, compute) =>
    cache.planHash(app, () => {
      hashed.push(app);
      return compute();
    }),
  );
  entries.save();
  return { hashes: out, hashed };
}

async function fromScratch(): Promise<Map<string, string>> {
  return hashes(buildPlan(validateFleet(await loadFleet(root))), (_app, compute) => compute());
}

async function edit(file: string, change: (doc: ReturnType<typeof parseDocument>) => void): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const doc = parseDocument(await readFile(path.join(root, file), 'utf8'));
  change(doc);
  await writeFile(path.join(root, file), doc.toString());
}

async function assertHashed(expected: string[]): Promise<void> {
  const { hashes: got, hashed } = await throughCache();
  assert.deepEqual(hashed.sort(), expected.sort(), 'the apps whose plan was hashed again');
  assert.deepEqual(got, await fromScratch(), 'every hash as from scratch');
}

describe('the plan hash cache', () => {
  before(async () => {
    root = await copyExampleFleet();
    await cp(path.join(EXAMPLE_ROOT, 'apps'), path.join(root, 'apps'), { recursive: true }); // with the files apps inline
    await writeFile(path.join(root, 'apps/echo.yaml'), ECHO);
    await throughCache();
  });
  after(() => removeFleet(root));

  it('answers for every app when nothing changed', async () => {
    await assertHashed([]);
  });

  it('keeps the plan of an app without a release when a cluster without settings of its own joins, or its region changes', async () => {
    await writeFile(path.join(root, 'clusters/prod-ap.yaml'), 'environment: prod\nserver: https://prod-ap.example.com\nregion: ap-south-1\n');
    await assertHashed(WITH_RELEASE);
    await edit('clusters/prod-ap.yaml', (d) => d.set('region', 'ap-east-1'));
    await assertHashed([]);
  });

  it('hashes again the plans of the apps of an environment whose cluster sets a setting of its own', async () => {
    await edit('clusters/prod-ap.yaml', (d) => d.set('settings', d.createNode({ storageClass: 'fast' })));
    await assertHashed([...WITH_RELEASE, 'echo']);
  });

  it('hashes again, on any change to a cluster of its environments, the plan of an app whose files name the region', async () => {
    await writeFile(path.join(root, 'apps/echo.yaml'), `${ECHO}configMaps:\n  where:\n    data:\n      where.txt: "region=\${flotilla.region}"\n`);
    await assertHashed(['echo']);
    await edit('clusters/prod-eu.yaml', (d) => d.set('region', 'eu-north-1'));
    await assertHashed(['echo']);
    await writeFile(path.join(root, 'clusters/prod-sa.yaml'), 'environment: prod\nserver: https://prod-sa.example.com\nregion: sa-east-1\n');
    await assertHashed([...WITH_RELEASE, 'echo']);
  });
});
