/**
 * The diff of everyday changes to a synthetic fleet (scripts/synthetic-fleet.ts,
 * changes in scripts/synthetic/changes.ts), in text, Markdown and JSON,
 * compared byte for byte with test/golden/diff/<change>.{txt,md,json}.
 * Refresh with `npm run test:update-golden`, then read the golden diff.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { renderDiffJson } from '../../generator/diff/format-json.ts';
import { renderDiffMarkdown } from '../../generator/diff/format-markdown.ts';
import { renderDiffText } from '../../generator/diff/format-text.ts';
import type { BuiltFleet } from '../../generator/pipeline.ts';
import { computeFleetDiff } from '../../generator/preview/diff/fleet-diff.ts';
import { buildFiles } from '../../scripts/synthetic/build.ts';
import { CHANGES } from '../../scripts/synthetic/changes.ts';
import { planFleet } from '../../scripts/synthetic-fleet.ts';
import { REPO_ROOT } from '../support/temp-fleet.ts';

/** Small enough to read, big enough for "all but" and per-cluster overrides: 12 apps, 3 environments, 9 clusters. */
export const GOLDEN_SIZE = { apps: 12, environments: 3, clusters: 9, overrideClusters: 2, teams: 3 };
const GOLDEN = path.join(REPO_ROOT, 'test/golden/diff');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const { fleet, files } = planFleet(GOLDEN_SIZE, 1);
let base: BuiltFleet;
before(async () => {
  base = await buildFiles(files);
});

describe('diff goldens on a synthetic fleet', () => {
  for (const change of CHANGES) {
    it(`${change.name}: ${change.describe}`, async () => {
      const diff = computeFleetDiff(base, await buildFiles(change.apply(files, fleet)));
      const outputs = new Map([
        ['txt', `${renderDiffText(diff)}\n`],
        ['md', renderDiffMarkdown(diff, { title: `Flotilla: ${change.describe}` })],
        ['json', `${renderDiffJson(diff)}\n`],
      ]);
      for (const [ext, text] of outputs) {
        const file = path.join(GOLDEN, `${change.name}.${ext}`);
        if (UPDATE) {
          await mkdir(GOLDEN, { recursive: true });
          await writeFile(file, text);
        } else assert.equal(text, await readFile(file, 'utf8'), `${path.relative(REPO_ROOT, file)} differs (npm run test:update-golden, then read the diff)`);
      }
    });
  }
});
