/**
 * generate's data-at-risk warning after clusters come and go, from the job
 * records alone: a cluster removed (or renamed) takes the objects that hold
 * data with it, so every app of its environment is compared, and the warning
 * is what comparing the two cold builds finds; a cluster added elsewhere
 * changes nothing, and nothing is reported.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lastRunDataWarnings } from '../../generator/cli/commands/data-at-risk-warnings.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { dataAtRiskBetween } from '../../generator/preview/diff/data-at-risk.ts';
import { writeFleet } from '../../scripts/synthetic-fleet.ts';
import { flotilla } from '../support/temp-fleet.ts';

const SIZE = { apps: 12, environments: 2, clusters: 6, overrideClusters: 1, teams: 2 };

describe('data at risk when clusters change', () => {
  it('a removed cluster warns about what it held, as comparing cold builds does; an added one warns about nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-cluster-risks-'));
    try {
      const fleet = await writeFleet(dir, SIZE, 3);
      assert.equal((await flotilla(dir, 'generate', '--quiet')).code, 0);
      const [first, second] = fleet.clusters;
      assert.ok(first && second && first.environment === second.environment, 'two clusters in one environment');

      const before = await buildFleet(dir);
      await rm(path.join(dir, 'clusters', `${first.name}.yaml`));
      const removed = await flotilla(dir, 'generate');
      assert.equal(removed.code, 0, removed.err);
      const expected = lastRunDataWarnings(dataAtRiskBetween(before, await buildFleet(dir)));
      assert.ok(expected.length > 0 && expected.some((l) => l.includes(first.name)), 'the removed cluster held data');
      assert.deepEqual(
        removed.err.split('\n').filter((l) => expected.includes(l)),
        expected,
      );

      const text = await readFile(path.join(dir, 'clusters', `${second.name}.yaml`), 'utf8');
      await writeFile(path.join(dir, 'clusters', 'added-k1.yaml'), text.replaceAll(second.name, 'added-k1'));
      const added = await flotilla(dir, 'generate');
      assert.equal(added.code, 0, added.err);
      assert.doesNotMatch(added.err, /deletes or replaces objects that hold data/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
