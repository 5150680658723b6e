/**
 * The incremental cache is never trusted blindly: a record or config log that
 * is truncated, has flipped bytes, or was written for another fleet root or
 * another generator reads as empty, and `generate` then writes exactly what a
 * cold run writes.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  it('a sparse log reads through its key index the entries a whole read finds, and what was appended after the index', () =>
    inTempDir((dir) => {
      const file = path.join(dir, 'config.log');
      const keyed = { keyIndex: true };
      const sparse = () => new EntryLog(file, '/fleet', GENERATOR, { keyIndex: true, sparse: true });
      const log = new EntryLog(file, '/fleet', GENERATOR, keyed);
      for (let i = 0; i < 20; i++) log.set(`k${i}`, Buffer.from(`value ${i}`.repeat(50 * (i + 1))));
      log.save();
      const oneRun = sparse();
      for (let i = 19; i >= 0; i--) assert.equal(oneRun.get(`k${i}`)?.toString(), `value ${i}`.repeat(50 * (i + 1)));
      assert.equal(oneRun.get('absent'), undefined);
      // A sparse run is read-only: saving it leaves the log as it was.
      const before = readFileSync(file);
      oneRun.set('k20', Buffer.from('twenty'));
      oneRun.save();
      assert.deepEqual(readFileSync(file), before);

      // Appended after the index was written (a run killed between the two): found in the log's tail.
      const oldIndex = readFileSync(`${file}.keys`);
      const { ino } = statSync(file);
      const appending = new EntryLog(file, '/fleet', GENERATOR, keyed);
      for (let i = 0; i < 20; i++) appending.get(`k${i}`);
      appending.set('late', Buffer.from('appended'));
      appending.set('k3', Buffer.from('replaced'));
      appending.save();
      assert.ok(readFileSync(file).length > before.length, 'appended, not rewritten');
      writeFileSync(`${file}.keys`, oldIndex);
      const tail = sparse();
      assert.equal(tail.get('late')?.toString(), 'appended');
      assert.equal(tail.get('k3')?.toString(), 'replaced', 'the later entry of a key stands');
      assert.equal(tail.get('k19')?.toString(), 'value 19'.repeat(1000));

      // An index whose places are wrong (two entries' swapped) yields neither, never the other one's bytes.
      const index = readBlob<{ keys: string[]; starts: number[] }>(`${file}.keys`, '/fleet', GENERATOR)!;
      const [a, b] = [index.keys.indexOf('k18'), index.keys.indexOf('k19')];
      [index.starts[a], index.starts[b]] = [index.starts[b]!, index.starts[a]!];
      writeBlob(`${file}.keys`, '/fleet', GENERATOR, index);
      const swapped = sparse();
      assert.equal(swapped.get('k18'), undefined);
      assert.equal(swapped.get('k19'), undefined);
      assert.equal(swapped.get('k17')?.toString(), 'value 17'.repeat(900));

      // The log rewritten (another file, longer than the index knew) under the index of the old one: read whole.
      const whole = readFileSync(file);
      writeFileSync(file, whole.subarray(0, whole.length - 2)); // a torn append: the next save rewrites the log
      const rewriting = new EntryLog(file, '/fleet', GENERATOR, keyed);
      for (let i = 19; i >= 0; i--) rewriting.get(`k${i}`); // in another order: each entry at another place
      rewriting.set('big', Buffer.alloc(50_000, 'b'));
      rewriting.save();
      assert.notEqual(statSync(file).ino, ino, 'rewritten as another file');
      writeFileSync(`${file}.keys`, oldIndex);
      assert.ok(statSync(file).size >= readBlob<{ size: number }>(`${file}.keys`, '/fleet', GENERATOR)!.size, 'no shorter than the old index says');
      assert.equal(sparse().get('k19')?.toString(), 'value 19'.repeat(1000));
      assert.equal(sparse().get('big')?.length, 50_000);
      // No index, or a foreign one: read whole.
      rmSync(`${file}.keys`);
      assert.equal(sparse().get('big')?.length, 50_000);
      assert.equal(new EntryLog(file, '/fleet', 'generator-b', { keyIndex: true, sparse: true }).get('big'), undefined, 'another generator');
    }));

  it('generate over a damaged cache writes what a cold run writes', async () => {
    const dir = await copyFleet();
    try {
      assert.equal((await flotilla(dir, 'generate', '--quiet')).code, 0);
      const state = stateDir(dir);
      const files = readdirSync(state).filter((f) => !f.endsWith('.tmp'));
      assert.deepEqual(files.sort(), ['config.log', 'config.log.keys', 'jobs.log', 'mentions.bin', 'record.bin']);
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
      assert.deepEqual(readdirSync(state).sort(), ['config.log', 'config.log.keys', 'jobs.log', 'mentions.bin', 'record.bin']);
    } finally {
      await removeDir(dir);
    }
  });
});
