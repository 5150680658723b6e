/**
 * `preview --app A` renders app A alone (pipeline.ts buildApps): what it shows
 * for A — its Applications, their sources, and the objects each deploys — must
 * be exactly what the whole fleet's build shows for A, for every app of the
 * example fleet and of a synthetic one with per-cluster overrides and
 * cross-app traffic.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { filterApplications, previewApplications } from '../../generator/appset/fleet-applications.ts';
import { type BuiltFleet, buildApps, buildFleet } from '../../generator/pipeline.ts';
import { manifestsOf } from '../../generator/preview/manifests.ts';
import { writeFleet } from '../../scripts/synthetic-fleet.ts';
import { copyFleet, flotilla, removeDir } from '../support/temp-fleet.ts';

function previewOf(built: BuiltFleet, app: string) {
  const preview = previewApplications(built.output.argocdObjects);
  return filterApplications(preview.applications, { app }).map((a) => ({
    ...a,
    manifests: manifestsOf(a, built.output.rendered, built.plan.repoUrl),
  }));
}

let example: string;
let synthetic: string;
before(async () => {
  example = await copyFleet();
  synthetic = await mkdtemp(path.join(tmpdir(), 'flotilla-one-app-'));
  await writeFleet(synthetic, { apps: 12, environments: 3, clusters: 8, overrideClusters: 3, teams: 3 }, 5);
});
after(async () => {
  await removeDir(example);
  await removeDir(synthetic);
});

describe('preview of one app without the rest of the fleet', () => {
  for (const [label, dir] of [
    ['the example fleet', () => example],
    ['a synthetic fleet', () => synthetic],
  ] as const) {
    it(`shows each app of ${label} as the whole fleet's build does`, async () => {
      const whole = await buildFleet(dir());
      assert.ok(whole.plan.apps.length > 2);
      for (const app of whole.plan.apps) {
        const alone = await buildApps(dir(), new Set([app.name]));
        assert.ok(
          [...alone.output.rendered.keys()].every((p) => p.endsWith(`/${app.name}`)),
          `only ${app.name} is rendered`,
        );
        const expected = previewOf(whole, app.name);
        assert.ok(expected.length > 0, `${app.name} has Applications`);
        assert.deepEqual(previewOf(alone, app.name), expected, app.name);
      }
    });
  }

  it('the CLI prints the same manifests for one Application as the whole fleet gives', async () => {
    const whole = await buildFleet(example);
    const target = previewApplications(whole.output.argocdObjects).applications.find((a) => a.name === 'wander-prod-us');
    assert.ok(target);
    const run = await flotilla(example, 'preview', '--manifests', '--offline', '--app', 'wander', '--cluster', 'prod-us', '--format', 'json');
    // Its chart Applications (also --app wander) cannot be rendered offline; the path Application can.
    assert.match(run.err, /2 chart Applications could not be rendered/);
    const shown = (JSON.parse(run.out) as { application: string; objects: unknown[] }[]).find((a) => a.application === target.name);
    assert.ok(shown, run.out);
    assert.ok(shown.objects.length > 3);
    assert.deepEqual(shown.objects, manifestsOf(target, whole.output.rendered, whole.plan.repoUrl).objects);
  });
});
