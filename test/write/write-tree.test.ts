/**
 * Writing is the only stage that touches disk: generated files are replaced
 * or removed, hand-written files never are, and a failure mid-write leaves
 * the previous output exactly as it was.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { contentHash } from '../../generator/model/hash.ts';
import { HEADER_MARK } from '../../generator/model/names.ts';
import { applyWrite, listedAfterWrite, planFromDisk, scanOutput } from '../../generator/write/write-tree.ts';
import { copyFleet, flotilla, readTree, removeDir } from '../support/temp-fleet.ts';

const HAND_WRITTEN = 'overlays/prod/matomo/NOTES.md';

/** A file with Flotilla's header, as generated. */
const generated = (text: string) => `${HEADER_MARK}\n${text}\n`;

/** Wanted files of these paths and texts, with their hashes. */
const wantedOf = (files: [string, string][]) => files.map(([path, text]) => ({ path, content: generated(text), hash: contentHash(generated(text)) }));

describe('writing the generated tree', () => {
  it('a second run writes nothing and --check passes', async () => {
    const dir = await copyFleet();
    try {
      assert.equal((await flotilla(dir, 'generate')).code, 0);
      const second = await flotilla(dir, 'generate');
      assert.match(second.out, /^no changes/);
      const check = await flotilla(dir, 'generate', '--check');
      assert.equal(check.code, 0, check.out);
    } finally {
      await removeDir(dir);
    }
  });

  it('removes stale generated files but never hand-written ones', async () => {
    const dir = await copyFleet();
    try {
      await flotilla(dir, 'generate');
      await writeFile(path.join(dir, HAND_WRITTEN), 'kept by hand\n');
      await writeFile(path.join(dir, 'base/matomo/README.md'), 'also hand-written\n');
      // Drop the matomo app: all its generated files must go, the hand-written ones stay.
      await rm(path.join(dir, 'apps/matomo.yaml'));
      const run = await flotilla(dir, 'generate');
      assert.equal(run.code, 0, run.err);
      const tree = await readTree(dir);
      assert.equal(tree.get(HAND_WRITTEN), 'kept by hand\n');
      assert.equal(tree.get('base/matomo/README.md'), 'also hand-written\n');
      assert.deepEqual([...tree.keys()].filter((f) => f.includes('matomo')).sort(), ['base/matomo/README.md', HAND_WRITTEN]);
      assert.ok(!tree.has('argocd/applicationsets/analytics.yaml'), 'the team with no apps left has no ApplicationSet');
    } finally {
      await removeDir(dir);
    }
  });

  it('refuses to overwrite a hand-written file that sits where output goes, and writes nothing', async () => {
    const dir = await copyFleet();
    try {
      await mkdir(path.join(dir, 'base/matomo'), { recursive: true });
      await writeFile(path.join(dir, 'base/matomo/kustomization.yaml'), 'resources: []\n');
      const run = await flotilla(dir, 'generate');
      assert.equal(run.code, 1);
      assert.match(run.err, /refusing to overwrite hand-written files[\s\S]*base\/matomo\/kustomization\.yaml/);
      const tree = await readTree(dir);
      assert.deepEqual([...tree.keys()], ['base/matomo/kustomization.yaml']);
    } finally {
      await removeDir(dir);
    }
  });

  it('a write that fails midway leaves the previous output intact and no temporary files', async () => {
    const dir = await copyFleet();
    try {
      await flotilla(dir, 'generate');
      const before = await readTree(dir);
      // Change every environment, then block one overlay folder with a file: mkdir fails (ENOTDIR) partway through.
      const fleetFile = path.join(dir, 'fleet.yaml');
      const { readFile } = await import('node:fs/promises');
      await writeFile(fleetFile, (await readFile(fleetFile, 'utf8')).replace('revision: main', 'revision: release'));
      await writeFile(
        path.join(dir, 'apps/zzz.yaml'),
        (await readFile(path.join(dir, 'apps/kairoflow.yaml'), 'utf8')).replace('namespace: kairoflow', 'namespace: zzz'),
      );
      await writeFile(path.join(dir, 'base/zzz'), 'a file where a folder must go\n');
      const run = await flotilla(dir, 'generate');
      assert.equal(run.code, 1);
      assert.match(run.err, /could not write the generated output \((ENOTDIR|EEXIST)\); the previous output is unchanged/);
      const after = await readTree(dir);
      after.delete('base/zzz');
      assert.deepEqual(after, before);
      const leftovers = (await readTree(dir)).size;
      assert.equal(leftovers, before.size + 1);
      const all = await readdir(dir, { recursive: true });
      assert.deepEqual(
        all.filter((f) => String(f).includes('.flotilla-tmp-')),
        [],
      );
    } finally {
      await removeDir(dir);
    }
  });

  it('a config error writes nothing', async () => {
    const dir = await copyFleet();
    try {
      await flotilla(dir, 'generate');
      const before = await readTree(dir);
      await writeFile(path.join(dir, 'apps/matomo.yaml'), 'team: analytics\nnamespace: matomo\ncomponents:\n  web:\n    replcias: 2\n');
      const run = await flotilla(dir, 'generate');
      assert.equal(run.code, 1);
      assert.match(run.err, /apps\/matomo\.yaml:5:5 components\.web\.replcias: unknown field "replcias" Did you mean "replicas"\?/);
      assert.deepEqual(await readTree(dir), before);
    } finally {
      await removeDir(dir);
    }
  });

  it('the folders recorded after a write are exactly what a full listing then finds', async () => {
    const dir = await copyFleet(undefined, []);
    try {
      await mkdir(path.join(dir, 'base/gone/deep'), { recursive: true });
      await mkdir(path.join(dir, 'overlays/prod/kept'), { recursive: true });
      await writeFile(path.join(dir, 'base/gone/deep/a.yaml'), generated('a'));
      await writeFile(path.join(dir, 'overlays/prod/kept/b.yaml'), generated('b'));
      await writeFile(path.join(dir, 'overlays/prod/kept/NOTES.md'), 'by hand\n');
      const disk = scanOutput(dir);
      const plan = planFromDisk(
        disk,
        wantedOf([
          ['overlays/prod/kept/b.yaml', 'b2'],
          ['overlays/prod/new/c.yaml', 'c'],
          ['argocd/d.yaml', 'd'],
        ]),
      );
      await applyWrite(dir, plan);
      const recorded = listedAfterWrite(dir, disk, plan);
      assert.ok(!recorded.has('base/gone'), 'a folder the write emptied and removed is not recorded');
      assert.deepEqual(recorded, scanOutput(dir).dirs);
      // And a scan that trusts the record finds the same tree as one that lists every folder.
      const trusted = scanOutput(dir, undefined, recorded);
      assert.deepEqual([...trusted.files.keys()].sort(), [...scanOutput(dir).files.keys()].sort());
    } finally {
      await removeDir(dir);
    }
  });

  it('a hand-written file that appears where a planned file goes, in a new folder, is kept', async () => {
    const dir = await copyFleet(undefined, []);
    try {
      const plan = planFromDisk(
        scanOutput(dir),
        wantedOf([
          ['overlays/prod/notes/a.yaml', 'a'],
          ['overlays/prod/notes/sub/b.yaml', 'b'],
        ]),
      );
      await mkdir(path.join(dir, 'overlays/prod/notes'), { recursive: true });
      await writeFile(path.join(dir, 'overlays/prod/notes/a.yaml'), 'by hand\n');
      await applyWrite(dir, plan);
      const tree = await readTree(dir);
      assert.deepEqual(
        [...tree],
        [
          ['overlays/prod/notes/a.yaml', 'by hand\n'],
          ['overlays/prod/notes/sub/b.yaml', generated('b')],
        ],
      );
      assert.deepEqual(await readdir(dir), ['overlays'], 'no staging folder left');
    } finally {
      await removeDir(dir);
    }
  });
});
