/**
 * Deterministic output: the same config gives byte-identical files whatever
 * the order of keys in maps whose order carries no meaning, the order files
 * are created on disk, the locale or the time zone.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { copyFleet, flotilla, REPO_ROOT, readTree, removeDir } from '../support/temp-fleet.ts';

/** Maps whose key order is meaningful (container order, env order) stay as written. */
const ORDERED = new Set(['containers', 'initContainers', 'env', 'command', 'args', 'environments']);

async function generate(dir: string): Promise<Map<string, string>> {
  const run = await flotilla(dir, 'generate', '--quiet');
  assert.equal(run.code, 0, run.err);
  return readTree(dir);
}

/** Shuffles every unordered map of every config file with a seeded random source. */
async function shuffleConfig(dir: string, random: () => number): Promise<void> {
  const files = [path.join(dir, 'fleet.yaml'), ...(await list(dir, 'apps')), ...(await list(dir, 'clusters'))];
  for (const file of files) {
    const doc = parseDocument(await readFile(file, 'utf8'));
    const visit = (node: unknown, key: string | undefined): void => {
      if (!isMap(node)) return;
      const map = node as YAMLMap;
      if (!ORDERED.has(key ?? '')) {
        for (let i = map.items.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [map.items[i], map.items[j]] = [map.items[j], map.items[i]];
        }
      }
      for (const pair of map.items) visit(pair.value, String((pair.key as { value?: unknown })?.value ?? pair.key));
    };
    visit(doc.contents, undefined);
    await writeFile(file, doc.toString());
  }
}

async function list(dir: string, sub: string): Promise<string[]> {
  return (await readdir(path.join(dir, sub))).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, sub, f));
}

describe('deterministic output', () => {
  it('is byte-identical when unordered maps in the config are shuffled', async () => {
    const referenceDir = await copyFleet();
    const reference = await generate(referenceDir);
    await removeDir(referenceDir);
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const dir = await copyFleet();
        try {
          let state = seed >>> 0;
          await shuffleConfig(dir, () => {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            return state / 2 ** 32;
          });
          const shuffled = await generate(dir);
          assert.deepEqual([...shuffled.keys()], [...reference.keys()]);
          for (const [file, content] of shuffled) assert.equal(content, reference.get(file), file);
        } finally {
          await removeDir(dir);
        }
      }),
      { numRuns: 5, seed: 7 },
    );
  });

  it('does not depend on locale or time zone', async () => {
    const dir = await copyFleet();
    try {
      const reference = await generate(dir);
      await removeDir(path.join(dir, 'base'));
      await removeDir(path.join(dir, 'overlays'));
      await removeDir(path.join(dir, 'argocd'));
      await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'generator/cli/main.ts'), 'generate', '--quiet', '--root', dir], {
        cwd: REPO_ROOT,
        env: { ...process.env, LC_ALL: 'tr_TR.UTF-8', LANG: 'tr_TR.UTF-8', TZ: 'Pacific/Kiritimati' },
      });
      const other = await readTree(dir);
      assert.deepEqual(other, reference);
    } finally {
      await removeDir(dir);
    }
  });
});
