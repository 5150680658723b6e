// The storage class of an environment or cluster reaches chart values: written
// for chart families known to take it (unless the values set one), warned
// about for other charts that create volumes.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { copyFleet, removeDir } from '../support/temp-fleet.ts';
import { makeFleet, removeFleet } from '../validate/fleet-fixture.ts';

test("the example fleet: wander's Bitnami charts get each cluster's storage class", async (t) => {
  const dir = await copyFleet();
  t.after(() => removeDir(dir));
  const built = await buildFleet(dir);
  const values = (file: string) => built.output.files.find((f) => f.path === file)!.content;
  assert.match(values('overlays/prod-us/wander/postgresql.values.yaml'), /\nglobal:\n {2}storageClass: gp3-encrypted\n/);
  assert.match(values('overlays/prod-us/wander/redis.values.yaml'), /\nglobal:\n {2}storageClass: gp3-encrypted\n/);
  assert.match(values('overlays/prod/wander/postgresql.values.yaml'), /\nglobal:\n {2}storageClass: standard\n/);
});

test('values that set a storage class are left alone; other charts with volumes are warned about once', async (t) => {
  const root = await makeFleet();
  t.after(() => removeFleet(root));
  const edit = async (file: string, change: (s: string) => string) => writeFile(path.join(root, file), change(await readFile(path.join(root, file), 'utf8')));
  await edit('fleet.yaml', (s) => s.replace('defaults:\n', 'defaults:\n  storageClass: fast-ssd\n'));
  await edit(
    'apps/shop.yaml',
    (s) => `${s}charts:
  db:
    repo: https://charts.bitnami.com/bitnami
    chart: postgresql
    version: 16.4.5
    values:
      primary:
        persistence: { storageClass: local-path }
  search:
    repo: https://helm.elastic.co
    chart: elasticsearch
    version: 8.5.1
    values:
      persistence: { enabled: true }
`,
  );
  const built = await buildFleet(root);
  const values = (file: string) => built.output.files.find((f) => f.path === file)!.content;
  assert.doesNotMatch(values('overlays/prod/shop/db.values.yaml'), /global/, 'the values chose their own class');
  assert.deepEqual(built.plan.warnings.map(formatDiagnostic), [
    "apps/shop.yaml:23:7 warning: charts.search.values: the storage class fast-ssd does not reach chart search: its values set persistence but no storage class, so its volumes get the cluster's default class Set the chart's storage class value (often persistence.storageClass or global.storageClass).",
  ]);
});
