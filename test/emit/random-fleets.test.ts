/**
 * Random valid fleets (test/support/arbitrary-fleet.ts) generate without
 * error — so every object passed the schema and semantic checks — and give
 * byte-identical output when their files are written in the opposite order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { arbitraryFleet, type FleetFiles, writeFleet } from '../support/arbitrary-fleet.ts';
import { flotilla, readTree, removeDir } from '../support/temp-fleet.ts';

async function generateTree(files: FleetFiles): Promise<Map<string, string>> {
  const dir = await writeFleet(files);
  try {
    const run = await flotilla(dir, 'generate', '--quiet');
    assert.equal(run.code, 0, `a valid random fleet failed to generate:\n${run.err}\n${JSON.stringify(files, null, 1)}`);
    return await readTree(dir);
  } finally {
    await removeDir(dir);
  }
}

describe('random valid fleets', () => {
  it('generate schema-valid, deterministic output whatever order their files are written in', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryFleet, async (files) => {
        const forward = await generateTree(files);
        const reversed = await generateTree(Object.fromEntries(Object.entries(files).reverse()));
        assert.ok(forward.size > 0);
        assert.deepEqual(reversed, forward);
      }),
      { numRuns: 8, seed: 2026 },
    );
  });
});
