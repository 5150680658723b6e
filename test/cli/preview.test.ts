/** `flotilla preview` as a user runs it on the example fleet: the table, filters, manifests, JSON, and mistakes. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { buildFleet } from '../../generator/pipeline.ts';
import { copyFleet, flotilla, removeDir } from '../support/temp-fleet.ts';

let dir: string;
before(async () => {
  dir = await copyFleet();
});
after(() => removeDir(dir));

describe('flotilla preview', () => {
  it('lists every Application with project, cluster, namespace, source and sync policy', async () => {
    const run = await flotilla(dir, 'preview');
    assert.equal(run.code, 0, run.err);
    assert.match(run.err, /^Applications as Argo CD v3\.5\.1's ApplicationSet controller generates them \(evaluated offline\)\.$/m);
    const lines = run.out.split('\n');
    assert.match(lines[0], /^NAME\s+PROJECT\s+CLUSTER\s+NAMESPACE\s+SOURCE\s+SYNC$/);
    assert.equal(lines.length, 1 + 19 + 4, 'the apps’ Applications and one per cluster for the namespaces');
    assert.match(run.out, /^matomo-prod-us\s+analytics\s+prod-us\s+matomo\s+overlays\/prod-us\/matomo\s+auto, prune, self-heal$/m);
    assert.match(
      run.out,
      /^wander-redis-dev-1\s+travel\s+dev-1\s+wander\s+helm redis@17\.17\.1 \(\$values\/overlays\/dev\/wander\/redis\.values\.yaml\)\s+auto, self-heal, prune=confirm, delete=confirm$/m,
    );
  });

  it('filters by cluster, app and environment', async () => {
    const run = await flotilla(dir, 'preview', '--cluster', 'prod-us', '--app', 'matomo');
    assert.deepEqual(
      run.out
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/)[0]),
      ['matomo-prod-us'],
    );
    const staging = await flotilla(dir, 'preview', '--env', 'staging');
    assert.deepEqual(
      staging.out
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/)[0]),
      ['flotilla-namespaces-staging-1', 'kairoflow-staging-1', 'matomo-staging-1', 'wander-postgresql-staging-1', 'wander-redis-staging-1', 'wander-staging-1'],
    );
  });

  it('prints the rendered objects of one app on one cluster with --manifests', async () => {
    const run = await flotilla(dir, 'preview', '--manifests', '--app', 'matomo', '--cluster', 'dev-1');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^# Application matomo-dev-1 on dev-1 \(overlays\/dev\/matomo\): 15 objects$/m);
    const objects = parseAllDocuments(run.out).map((d) => d.toJS());
    const expected = (await buildFleet(dir)).output.rendered.get('overlays/dev/matomo')!;
    assert.deepEqual(objects, JSON.parse(JSON.stringify(expected)));
  });

  it('names the chart a Helm Application lacks offline, and the config line that declared it', async () => {
    // flotilla() runs offline: the example's charts live on a public registry tests never reach.
    const run = await flotilla(dir, 'preview', '--manifests', '--app', 'wander-redis-dev-1');
    assert.equal(run.code, 1);
    assert.match(
      run.out,
      /^# Helm chart redis 17\.17\.1 from registry-1\.docker\.io\/bitnamicharts, values \$values\/overlays\/dev\/wander\/redis\.values\.yaml: not rendered \(see the error below\)$/m,
    );
    assert.match(
      run.err,
      /^wander-redis-dev-1: apps\/wander\.yaml:\d+:\d+ release\.dev\.charts\.redis: redis 17\.17\.1 from registry-1\.docker\.io\/bitnamicharts is not in the chart cache \(--offline\)$/m,
    );
    assert.match(run.err, /1 chart Application could not be rendered/);
  });

  it('prints JSON for machines', async () => {
    const list = JSON.parse((await flotilla(dir, 'preview', '--format', 'json', '--cluster', 'dev-1')).out);
    assert.deepEqual(
      list.map((a: { name: string }) => a.name),
      ['flotilla-namespaces-dev-1', 'matomo-dev-1', 'wander-dev-1', 'wander-postgresql-dev-1', 'wander-redis-dev-1'],
    );
    assert.equal(list[1].application.kind, 'Application');
    const manifests = JSON.parse((await flotilla(dir, 'preview', '--manifests', '--format', 'json', '--app', 'kairoflow', '--cluster', 'prod-us')).out);
    assert.deepEqual([manifests[0].application, manifests[0].paths], ['kairoflow-prod-us', ['overlays/prod-us/kairoflow']]);
  });

  it('refuses a name that is not in the fleet, suggesting the nearest', async () => {
    const run = await flotilla(dir, 'preview', '--cluster', 'prod-uss');
    assert.equal(run.code, 1);
    assert.equal(run.err, 'error: no cluster named "prod-uss" in this fleet. Did you mean "prod-us"?');
    assert.equal((await flotilla(dir, 'preview', '--format', 'yaml')).code, 2);
  });

  it('reports config errors with positions instead of previewing', async () => {
    const broken = await copyFleet();
    try {
      await writeFile(path.join(broken, 'clusters/dev-1.yaml'), 'environment: dve\nserver: https://dev-1.example.com\nregion: x\n');
      const run = await flotilla(broken, 'preview');
      assert.equal(run.code, 1);
      assert.match(run.err, /^clusters\/dev-1\.yaml:1:\d+ environment: unknown environment "dve"/m);
    } finally {
      await removeDir(broken);
    }
  });
});
