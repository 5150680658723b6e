/**
 * The incremental cache is never trusted blindly: a record or config log that
 * is truncated, has flipped bytes, or was written for another fleet root or
 * another generator reads as empty, and `generate` then writes exactly what a
 * cold run writes.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EntryLog, readBlob, stateDir, writeBlob } from '../../generator/incremental/store.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { copyFleet, flotilla, readTree, removeDir } from '../support/temp-fleet.ts';

const GENERATOR = 'generator-a';

/** Runs `test` in a new temporary folder, removed after. */
async function inTempDir(test: (dir: string) => void): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-store-'));
  try {
    test(dir);
  } finally {
    await removeDir(dir);
  }
}

describe('the cache store', () => {
  it('reads back a blob only for the same root and generator, whole', () =>
    inTempDir((dir) => {
      const file = path.join(dir, 'record.bin');
      const value = { inputs: 'x', outputs: ['base/a/resources.yaml', 'h', 'f'], warnings: [{ message: 'm', hint: undefined }] };
      writeBlob(file, '/fleet', GENERATOR, value);
      assert.deepEqual(readBlob(file, '/fleet', GENERATOR), value);
      assert.equal(readBlob(file, '/other-fleet', GENERATOR), undefined, 'another fleet root');
      assert.equal(readBlob(file, '/fleet', 'generator-b'), undefined, 'another generator');
      const bytes = readFileSync(file);
      writeFileSync(file, bytes.subarray(0, bytes.length - 3));
      assert.equal(readBlob(file, '/fleet', GENERATOR), undefined, 'truncated');
      for (let at = 0; at < bytes.length; at += Math.max(1, Math.floor(bytes.length / 40))) {
        const flipped = Buffer.from(bytes);
        flipped[at] ^= 0x5a;
        writeFileSync(file, flipped);
        assert.equal(readBlob(file, '/fleet', GENERATOR), undefined, `byte ${at} flipped`);
      }
    }));

  it('keeps the entries of a log up to a torn one, drops one that fails its checksum, and keeps none of a foreign log', () =>
    inTempDir((dir) => {
      const file = path.join(dir, 'config.log');
      const log = new EntryLog(file, '/fleet', GENERATOR);
      log.set('one', Buffer.from('first'));
      log.set('two', Buffer.from('second'));
      log.save();
      const again = new EntryLog(file, '/fleet', GENERATOR);
      assert.equal(again.get('one')?.toString(), 'first');
      assert.equal(again.get('two')?.toString(), 'second');
      assert.equal(new EntryLog(file, '/fleet', 'generator-b').get('one'), undefined, 'another generator');
      assert.equal(new EntryLog(file, '/other', GENERATOR).get('one'), undefined, 'another root');
      const bytes = readFileSync(file);
      writeFileSync(file, bytes.subarray(0, bytes.length - 2));
      const torn = new EntryLog(file, '/fleet', GENERATOR);
      assert.equal(torn.get('one')?.toString(), 'first');
      assert.equal(torn.get('two'), undefined, 'the torn last entry is dropped');
      const flipped = Buffer.from(bytes);
      flipped[bytes.length - 1] ^= 0x01;
      writeFileSync(file, flipped);
      assert.equal(new EntryLog(file, '/fleet', GENERATOR).get('two'), undefined, 'an entry failing its checksum is dropped');
      // Checked when asked for, entry by entry: a damaged entry does not take the others with it.
      const first = Buffer.from(bytes);
      first[bytes.indexOf('first') + 1] ^= 0x01;
      writeFileSync(file, first);
      const damaged = new EntryLog(file, '/fleet', GENERATOR);
      assert.equal(damaged.get('one'), undefined, 'the damaged entry');
      assert.equal(damaged.get('two')?.toString(), 'second', 'the entry after it');
    }));

  it('after a torn append, the entries a later run adds are read back', () =>
    inTempDir((dir) => {
      const file = path.join(dir, 'config.log');
      const log = new EntryLog(file, '/fleet', GENERATOR);
      log.set('one', Buffer.from('first'));
      log.save();
      const appended = new EntryLog(file, '/fleet', GENERATOR);
      appended.get('one');
      appended.set('two', Buffer.from('second'));
      appended.save();
      const bytes = readFileSync(file);
      writeFileSync(file, bytes.subarray(0, bytes.length - 2)); // the append was cut short
      const next = new EntryLog(file, '/fleet', GENERATOR);
      assert.equal(next.get('one')?.toString(), 'first');
      assert.equal(next.get('two'), undefined);
      next.set('three', Buffer.from('third'));
      next.save();
      const after = new EntryLog(file, '/fleet', GENERATOR);
      assert.equal(after.get('one')?.toString(), 'first');
      assert.equal(after.get('three')?.toString(), 'third', 'not hidden behind the torn entry');
      // A frame too short to hold a key ends the read instead of throwing.
      const short = Buffer.concat([readFileSync(file), Buffer.from('FLOTILLA-CACHE\n'), Buffer.from([0, 0, 0, 1, 0, 0, 0, 0, 7])]);
      writeFileSync(file, short);
      assert.equal(new EntryLog(file, '/fleet', GENERATOR).get('three')?.toString(), 'third');
    }));

  it('generate over a damaged cache writes what a cold run writes', async () => {
    const dir = await copyFleet();
    try {
      assert.equal((await flotilla(dir, 'generate', '--quiet')).code, 0);
      const state = stateDir(dir);
      const files = readdirSync(state).filter((f) => !f.endsWith('.tmp'));
      assert.deepEqual(files.sort(), ['config.log', 'jobs.log', 'record.bin']);
      // A file of an earlier cache format goes with the next run that writes the cache.
      writeFileSync(path.join(state, 'jobs.bin'), 'an earlier format');
      // Damage every cache file in its middle, then change the config: nothing the cache says may be used.
      for (const f of files) {
        const bytes = readFileSync(path.join(state, f));
        for (let at = Math.floor(bytes.length / 3); at < bytes.length; at += Math.floor(bytes.length / 5)) bytes[at] ^= 0xff;
        writeFileSync(path.join(state, f), bytes);
      }
      const app = path.join(dir, 'apps/wander.yaml');
      await writeFile(app, (await readFile(app, 'utf8')).replace(/replicas: 2/, 'replicas: 3'));
      const run = await flotilla(dir, 'generate', '--quiet');
      assert.equal(run.code, 0, run.err);
      const cold = await buildFleet(dir);
      assert.deepEqual(await readTree(dir), new Map(cold.output.files.map((f) => [f.path, f.content])));
      assert.deepEqual(readdirSync(state).sort(), ['config.log', 'jobs.log', 'record.bin']);
    } finally {
      await removeDir(dir);
    }
  });
});
