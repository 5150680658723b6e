/**
 * The stand-alone in-process renderer (what the benchmark times) yields the
 * same objects for every Kustomize path as the emit stage records, on the
 * example fleet and on generated fleets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildFleet } from '../../generator/pipeline.ts';
import { renderSources } from '../../generator/preview/render-sources.ts';
import { arbitraryFleet, writeFleet } from '../support/arbitrary-fleet.ts';
import { copyFleet, removeDir } from '../support/temp-fleet.ts';

async function assertSame(dir: string): Promise<void> {
  const built = await buildFleet(dir);
  assert.deepEqual(renderSources(built.plan), built.output.rendered);
}

describe('renderSources', () => {
  it('equals FleetOutput.rendered for the example fleet', async () => {
    const dir = await copyFleet();
    try {
      await assertSame(dir);
    } finally {
      await removeDir(dir);
    }
  });

  it('equals FleetOutput.rendered for generated fleets', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryFleet, async (files) => {
        const dir = await writeFleet(files);
        try {
          await assertSame(dir);
        } finally {
          await removeDir(dir);
        }
      }),
      { numRuns: 5, seed: 20240611 },
    );
  });
});
