/**
 * Golden files: the generated tree of each scenario is compared byte for byte
 * with test/golden/<scenario>/. The repo's own example fleet is its own golden:
 * its committed base/, overlays/ and argocd/ must equal a fresh generation.
 * Refresh all goldens with `npm run test:update-golden`.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { copyFleet, flotilla, REPO_ROOT, readTree, removeDir } from '../support/temp-fleet.ts';

const SCENARIOS = path.join(REPO_ROOT, 'test/fixtures/scenarios');
const GOLDEN = path.join(REPO_ROOT, 'test/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** Every folder of test/fixtures/scenarios is a golden scenario: adding one is adding a folder. */
const SCENARIO_NAMES = readdirSync(SCENARIOS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

async function generatedTree(configDir: string): Promise<Map<string, string>> {
  const dir = await copyFleet(configDir);
  try {
    const run = await flotilla(dir, 'generate', '--quiet');
    assert.equal(run.code, 0, run.err);
    return await readTree(dir);
  } finally {
    await removeDir(dir);
  }
}

function assertSameTree(actual: Map<string, string>, expected: Map<string, string>, label: string): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()], `${label}: the set of generated files differs`);
  for (const [file, content] of actual) assert.equal(content, expected.get(file), `${label}: ${file} differs`);
}

describe('golden output', () => {
  it('the committed example fleet output equals a fresh generation', async () => {
    const fresh = await generatedTree(REPO_ROOT);
    const committed = await readTree(REPO_ROOT);
    assertSameTree(fresh, committed, 'example fleet (run `npm run generate` and commit)');
  });

  for (const scenario of SCENARIO_NAMES) {
    it(`scenario ${scenario}`, async () => {
      const fresh = await generatedTree(path.join(SCENARIOS, scenario));
      const goldenDir = path.join(GOLDEN, scenario);
      if (UPDATE) {
        await rm(goldenDir, { recursive: true, force: true });
        for (const [file, content] of fresh) {
          await mkdir(path.dirname(path.join(goldenDir, file)), { recursive: true });
          await writeFile(path.join(goldenDir, file), content);
        }
      }
      assert.ok((await readdir(goldenDir).catch(() => [])).length > 0, `no golden for ${scenario}: run npm run test:update-golden`);
      assertSameTree(fresh, await readTree(goldenDir), scenario);
    });
  }
});
