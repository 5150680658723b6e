/**
 * Promotion changes nothing but release values, on random fleets
 * (test/support/arbitrary-fleet.ts, with releases): after promoting each app
 * from dev to prod, `versions` shows prod running exactly what dev runs, on
 * every prod cluster, and the rendered difference of the whole fleet (every
 * object of every Argo CD Application) is those image versions in prod and
 * nothing else.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { composeImage } from '../../generator/model/release.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { computeFleetDiff } from '../../generator/preview/diff/fleet-diff.ts';
import { deliverLocally } from '../../generator/promote/deliver-release.ts';
import { readFleetReleases } from '../../generator/promote/fleet-releases.ts';
import { promotionChange } from '../../generator/promote/promote.ts';
import { versionRows } from '../../generator/promote/versions.ts';
import { arbitraryReleaseFleet, writeFleet } from '../support/arbitrary-fleet.ts';
import { removeDir } from '../support/temp-fleet.ts';

describe('promotion on random fleets', () => {
  it('makes prod run what dev runs, and changes no other rendered field', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryReleaseFleet, async (files) => {
        const dir = await writeFleet(files);
        try {
          const before = await readFleetReleases(dir);
          const builtBefore = await buildFleet(dir);
          const apps = [...before.apps.values()].filter((a) => a.release.environments.has('dev') && a.release.environments.has('prod')).map((a) => a.name);
          const { compute } = promotionChange({ apps, to: 'prod', all: apps.length === 0 });
          const result = await deliverLocally(dir, 'write', compute);
          const after = await readFleetReleases(dir);
          const builtAfter = await buildFleet(dir);

          const rows = (fleet: typeof before) => versionRows(fleet, null);
          for (const row of rows(after)) {
            const dev = after.apps.get(row.app)!.release.environments.get('dev');
            if (row.environment === 'prod' && apps.includes(row.app) && dev?.values.has(`${row.kind}:${row.name}`)) {
              assert.equal(row.version, dev.values.get(`${row.kind}:${row.name}`), `${row.app} ${row.cluster} ${row.name}: prod runs what dev runs`);
            } else {
              const was = rows(before).find((r) => r.app === row.app && r.environment === row.environment && r.cluster === row.cluster && r.name === row.name);
              assert.equal(row.version, was?.version, `${row.app} ${row.environment}/${row.cluster} ${row.name} is unchanged`);
            }
          }
          if (apps.length === 0) assert.equal(result.kind, 'nothing');

          const diff = computeFleetDiff(builtBefore, builtAfter);
          assert.deepEqual(diff.errors, []);
          for (const application of diff.applications) {
            assert.equal(application.change, 'changed', `${application.name} is neither created nor deleted`);
            assert.equal(application.environment, 'prod', `${application.name}: only prod changes`);
            assert.deepEqual(application.application, [], `${application.name}: the Application object is the same`);
            const dev = after.apps.get(application.app!)!.release.environments.get('dev')!;
            for (const object of application.objects) {
              assert.equal(object.change, 'changed', `${application.name} ${object.kind}/${object.name}`);
              for (const field of object.fields) {
                assert.match(
                  field.path,
                  /(^|\.)(initContainers|containers)\[[^\]]+\]\.image$/,
                  `${application.name} ${object.kind}/${object.name}: only images change`,
                );
                const image = String(field.after);
                const repository = [...dev.values.keys()]
                  .map((id) => id.slice('image:'.length))
                  .find((r) => image.startsWith(`${r}:`) || image.startsWith(`${r}@`));
                assert.ok(repository, `${image} is an image of the release`);
                assert.equal(image, composeImage(repository, dev.values.get(`image:${repository}`)!), `${application.name}: ${field.path} is dev's version`);
              }
            }
          }
        } finally {
          await removeDir(dir);
        }
      }),
      { numRuns: 6, seed: 1813 },
    );
  });
});
