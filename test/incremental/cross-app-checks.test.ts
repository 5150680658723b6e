// Checks across apps hold on a warm run, where the unchanged app's job is
// reused and only its record is at hand: a new app that generates an object
// the reused app already deploys in its namespace is refused as on a cold run.
import assert from 'node:assert/strict';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { BAD_FIXTURES, makeFleet, removeFleet, runGenerate, snapshotTree } from '../validate/fleet-fixture.ts';

test('a new app that generates an object a reused app deploys is refused on a warm run', async (t) => {
  const root = await makeFleet({ files: { 'apps/shop.yaml': await readFile(path.join(BAD_FIXTURES, 'same-object-two-apps/apps/shop.yaml'), 'utf8') } });
  t.after(() => removeFleet(root));
  const first = await runGenerate(root);
  assert.equal(first.code, 0, first.err.join('\n'));

  await cp(path.join(BAD_FIXTURES, 'same-object-two-apps/apps/reports.yaml'), path.join(root, 'apps/reports.yaml'));
  const before = await snapshotTree(root);
  const second = await runGenerate(root);
  assert.deepEqual(second.err, [
    "apps/shop.yaml:15:14 pvcs.shop-data: app shop generates PersistentVolumeClaim shop/shop-data, which app reports also generates in environments dev, prod: their Argo CD Applications would overwrite each other's object Rename it in one of the apps, or move one app to its own namespace.",
    '',
    '1 error in the fleet config; nothing was written.',
  ]);
  assert.equal(second.code, 1);
  assert.deepEqual(await snapshotTree(root), before, 'nothing written');
});
