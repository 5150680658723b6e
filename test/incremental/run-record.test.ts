/**
 * The run record lets `generate` stop early only when nothing that could change
 * the output changed: every edit to config, to a file an app inlines, or to
 * the generated files themselves means a full run that restores the output.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { copyFleet, flotilla, readTree, removeDir } from '../support/temp-fleet.ts';

const UNCHANGED = /^no changes: config, generator and generated files are as the last run left them$/;
const GENERATED = 'base/wander/kustomization.yaml';

async function withFleet(test: (dir: string) => Promise<void>): Promise<void> {
  const dir = await copyFleet();
  try {
    assert.equal((await flotilla(dir, 'generate')).code, 0);
    await test(dir);
  } finally {
    await removeDir(dir);
  }
}

describe('the run record', () => {
  it('a second run with nothing changed stops early, writes nothing and repeats the warnings', async () => {
    await withFleet(async (dir) => {
      const full = await flotilla(dir, 'generate', '--no-cache');
      assert.match(full.out, /^no changes: \d+ files/);
      const before = await readTree(dir);
      const second = await flotilla(dir, 'generate');
      assert.equal(second.code, 0);
      assert.match(second.out, UNCHANGED);
      assert.equal(second.err, full.err, 'the same warnings as a full run');
      assert.ok(second.err.includes('security opt-out'), 'the example fleet has warnings to repeat');
      assert.deepEqual(await readTree(dir), before);
    });
  });

  it('an edited app file means a full run', async () => {
    await withFleet(async (dir) => {
      const file = path.join(dir, 'apps/wander.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace(/replicas: 2/, 'replicas: 3'));
      const run = await flotilla(dir, 'generate');
      assert.match(run.out, /^wrote [1-9]/);
    });
  });

  it('an edited file an app inlines (not YAML) means a full run', async () => {
    await withFleet(async (dir) => {
      await appendFile(path.join(dir, 'apps/kairoflow/nginx.conf'), '\n# tuned\n');
      const run = await flotilla(dir, 'generate');
      assert.match(run.out, /^wrote [1-9]/);
    });
  });

  it('a hand-edited generated file of the same size is restored by a full run', async () => {
    await withFleet(async (dir) => {
      const file = path.join(dir, GENERATED);
      const original = await readFile(file, 'utf8');
      await writeFile(file, original.replace('resources:', 'resourcez:'));
      const run = await flotilla(dir, 'generate');
      assert.match(run.out, /^wrote 1, removed 0/);
      assert.equal(await readFile(file, 'utf8'), original);
    });
  });

  it('a same-size edit with its modification time set back is still seen, restored, and named', async () => {
    await withFleet(async (dir) => {
      const file = path.join(dir, GENERATED);
      const original = await readFile(file, 'utf8');
      // A whole-second time, recorded by a run, so it can be set back exactly after the edit.
      const second = Math.floor(Date.now() / 1000) - 3600;
      await utimes(file, second, second);
      assert.match((await flotilla(dir, 'generate')).out, /^no changes: \d+ files/);
      const before = await stat(file, { bigint: true });
      await writeFile(file, original.replace('resources:', 'resourcez:'));
      await utimes(file, second, second);
      const after = await stat(file, { bigint: true });
      assert.deepEqual([after.mtimeNs, after.size], [before.mtimeNs, before.size]);
      const run = await flotilla(dir, 'generate');
      assert.match(run.out, /^wrote 1, removed 0/);
      assert.match(run.err, new RegExp(`reverted changes made to 1 generated file since the last run[^\\n]*\\n  ${GENERATED}$`, 'm'));
      assert.equal(await readFile(file, 'utf8'), original);
    });
  });

  it('a config change does not call its regenerated files reverted', async () => {
    await withFleet(async (dir) => {
      const file = path.join(dir, 'apps/wander.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace(/replicas: 2/, 'replicas: 3'));
      const run = await flotilla(dir, 'generate');
      assert.match(run.out, /^wrote [1-9]/);
      assert.doesNotMatch(run.err, /reverted/);
    });
  });

  it('a deleted generated file is restored', async () => {
    await withFleet(async (dir) => {
      const original = await readFile(path.join(dir, GENERATED), 'utf8');
      await rm(path.join(dir, GENERATED));
      assert.match((await flotilla(dir, 'generate')).out, /^wrote 1, removed 0/);
      assert.equal(await readFile(path.join(dir, GENERATED), 'utf8'), original);
    });
  });

  it('a file only touched (same bytes, new time) means a full run that writes nothing', async () => {
    await withFleet(async (dir) => {
      const later = new Date(Date.now() + 60_000);
      await utimes(path.join(dir, GENERATED), later, later);
      assert.match((await flotilla(dir, 'generate')).out, /^no changes: \d+ files/);
      assert.match((await flotilla(dir, 'generate')).out, UNCHANGED, 'and records the new state');
    });
  });

  // Folders whose stat is as the last run left them are not listed again: an entry added or removed must change that.
  it('a generated file dropped into an output folder is removed, and an empty folder made there too', async () => {
    await withFleet(async (dir) => {
      const header = (await readFile(path.join(dir, GENERATED), 'utf8')).split('\n')[0];
      await writeFile(path.join(dir, 'base/wander/stray.yaml'), `${header}\nkind: ConfigMap\n`);
      await mkdir(path.join(dir, 'overlays/prod/wander/empty'));
      const run = await flotilla(dir, 'generate');
      assert.match(run.out, /^wrote 0, removed 1/);
      const tree = await readTree(dir);
      assert.ok(!tree.has('base/wander/stray.yaml'));
      await assert.rejects(stat(path.join(dir, 'overlays/prod/wander/empty')), { code: 'ENOENT' });
      assert.match((await flotilla(dir, 'generate')).out, UNCHANGED);
    });
  });

  it('a hand-written file dropped into an output folder is kept and seen in the way of output', async () => {
    await withFleet(async (dir) => {
      await writeFile(path.join(dir, 'base/wander/NOTES.md'), 'by hand\n');
      assert.match((await flotilla(dir, 'generate')).out, /^no changes: \d+ files/);
      // The next run lists that folder from the record: the hand-written file is still known to be there.
      await rm(path.join(dir, 'base/wander/kustomization.yaml'));
      await writeFile(path.join(dir, 'base/wander/kustomization.yaml'), 'resources: []\n');
      const run = await flotilla(dir, 'generate');
      assert.equal(run.code, 1);
      assert.match(run.err, /refusing to overwrite hand-written files[\s\S]*base\/wander\/kustomization\.yaml/);
      assert.equal(await readFile(path.join(dir, 'base/wander/NOTES.md'), 'utf8'), 'by hand\n');
    });
  });

  it('an output folder removed whole is made again', async () => {
    await withFleet(async (dir) => {
      const before = await readTree(dir);
      await rm(path.join(dir, 'overlays/prod'), { recursive: true });
      assert.match((await flotilla(dir, 'generate')).out, /^wrote [1-9]\d*, removed 0/);
      assert.deepEqual(await readTree(dir), before);
      assert.match((await flotilla(dir, 'generate')).out, UNCHANGED);
    });
  });

  it('--check never trusts the record', async () => {
    await withFleet(async (dir) => {
      const check = await flotilla(dir, 'generate', '--check');
      assert.match(check.out, /^up to date: \d+ files/);
    });
  });
});
