/**
 * The bench pipeline on the small fleet, for correctness only (no timing
 * assertions: CI machines vary): the synthetic fleet generates, a second run
 * writes nothing, --check tells stale from fresh, and the incremental changes
 * touch only what they should.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureSize, type SizeResult } from '../../scripts/bench/measure-size.ts';
import { markdownTable, ratioTable, targets } from '../../scripts/bench/table.ts';
import { planFleet, SIZES } from '../../scripts/synthetic-fleet.ts';

describe('synthetic fleet maker', () => {
  it('makes the same files for the same seed, and different ones for another seed', () => {
    const a = planFleet(SIZES.S, 11).files;
    const b = planFleet(SIZES.S, 11).files;
    const c = planFleet(SIZES.S, 12).files;
    assert.deepEqual([...a], [...b]);
    assert.notDeepEqual([...a], [...c]);
    assert.equal([...a.keys()].filter((f) => f.startsWith('apps/')).length, SIZES.S.apps);
    assert.equal([...a.keys()].filter((f) => f.startsWith('clusters/')).length, SIZES.S.clusters);
  });

  it('gives apps 2 to 6 components and the shapes the bench needs', () => {
    const { fleet } = planFleet(SIZES.M, 1);
    const components = fleet.apps.map((a) => Object.values(a.spec.components as Record<string, { kind?: string }>));
    assert.ok(components.every((c) => c.length >= 2 && c.length <= 6));
    const kinds = new Set(components.flat().map((c) => c.kind ?? 'Deployment'));
    assert.deepEqual([...kinds].sort(), ['CronJob', 'Deployment', 'StatefulSet']);
    const text = JSON.stringify(fleet.apps.map((a) => a.spec));
    for (const feature of ['"claimTemplates"', '"pvcs"', '"routes"', '"autoscaling"', '"externalSecret"', '"configMaps"', '"app":', '"charts"'])
      assert.ok(text.includes(feature), `some app uses ${feature}`);
  });
});

describe('bench on size S (one run)', () => {
  let result: SizeResult;

  it('runs every measure', async () => {
    result = await measureSize('S', SIZES.S, { runs: 1, seed: 3 });
    for (const m of Object.values(result.measures)) assert.ok(m.ms.median > 0 && m.cpuMs.median > 0, 'wall and CPU time of every measure');
    assert.ok(result.output.files > 0 && result.output.bytes > 0 && result.output.objects > result.output.files);
    assert.ok(result.floorParts.writeMs.median > 0 && result.floorParts.readMs.median > 0);
    assert.match(markdownTable([result]), /^\| size .*\n\| --- .*\n\| S \| 50 × 3 \| 10 \(1\) \|/);
    assert.match(ratioTable([result]), /^\| size .*\n\| --- .*\n\| S \| \d+\.\d\d× \|/);
    assert.deepEqual(
      targets([result]).map((t) => t.text),
      [
        'S cold ≤ 0.5 s of CPU',
        'S objects per CPU second ≥ 10× cdk8s writing the same objects',
        'S preview of one Application faster than `kubectl kustomize` of its overlay',
      ],
    );
    assert.ok(result.cdk8sCpuMs && result.cdk8sCpuMs.median > 0, 'cdk8s wrote the same objects');
  });

  it('cold generate writes the whole tree and a second run writes nothing', () => {
    assert.deepEqual(result.measures.cold.filesWritten, [result.output.files]);
    assert.deepEqual(result.measures.warm.filesWritten, [0]);
    assert.deepEqual(result.measures.warmFull.filesWritten, [0]);
    assert.deepEqual(result.measures.check.filesWritten, [0]);
  });

  it('--check exits 0 after generate and 3 after a change', () => {
    assert.deepEqual(result.checks.checkExitCodes, [0]);
    assert.deepEqual(result.checks.staleCheckExitCodes, [3]);
  });

  it("one app changed touches only that app's files and its team's ApplicationSets", () => {
    const { name, team, written } = result.checks.changedApp;
    assert.ok(written.length > 0);
    const own = (f: string) =>
      f.startsWith(`base/${name}/`) ||
      new RegExp(`^overlays/[^/]+/${name}/`).test(f) ||
      new RegExp(`^argocd/applicationsets/${team}(-charts)?\\.yaml$`).test(f);
    assert.deepEqual(
      written.filter((f) => !own(f)),
      [],
    );
  });

  it('one cluster added changes only Argo CD files, a number bounded by teams, not apps', () => {
    const { written } = result.checks.addedCluster;
    assert.ok(written.length > 0);
    assert.deepEqual(
      // The teams' ApplicationSets and projects, and the platform's (bootstrap.yaml, the namespaces ApplicationSet).
      written.filter((f) => !/^argocd\/((applicationsets|projects)\/[^/]+|bootstrap)\.yaml$/.test(f)),
      [],
    );
    assert.ok(written.length <= 3 * SIZES.S.teams + 2, `${written.length} files for ${SIZES.S.teams} teams`);
  });
});

describe('chart bench (one run)', () => {
  it('diffs with a cold cache through helm, and with a warm one without it', async () => {
    const { benchCharts } = await import('../../scripts/bench-charts.ts');
    const r = await benchCharts({ runs: 1 });
    // Cold: helm pull of 3 charts, then 8 Applications × 2 sides (prod-eu and prod-us render alike where their values do).
    assert.ok(r.helmRuns.cold > r.helmRuns.chartsCached, JSON.stringify(r.helmRuns));
    assert.ok(r.helmRuns.chartsCached > 0, JSON.stringify(r.helmRuns));
    assert.equal(r.helmRuns.warm, 0);
  });
});
