/**
 * The job log keeps each job's record as an entry named by its bytes' hash: a
 * run writes only the records that changed, and a record the log lost is a
 * job not kept (it runs again), never a wrong one.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type JobEntries, JobLog } from '../../generator/incremental/job-log.ts';
import { EntryLog } from '../../generator/incremental/store.ts';
import { dict } from '../../generator/model/dict.ts';
import { removeDir } from '../support/temp-fleet.ts';

const record = (n: number) => ({
  plan: `plan-${n}`,
  files: [[`base/app-${n}/resources.yaml`, `hash-${n}`]],
  labels: dict([['constructor', 'x']]),
  data: undefined,
});

async function withLog(test: (open: () => JobLog, file: string) => void): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-jobs-'));
  const file = path.join(dir, 'jobs.log');
  try {
    test(() => new JobLog(new EntryLog(file, '/fleet', 'generator-a')), file);
  } finally {
    await removeDir(dir);
  }
}

describe('the job log', () => {
  it('reads back what it wrote, and appends only the records a run replaced', () =>
    withLog((open, file) => {
      const first = open();
      const entries = first.write(new Map([1, 2, 3].map((n) => [`app-${n}`, record(n)])));
      first.save();
      const size = statSync(file).size;

      const second = open();
      const read = second.read<ReturnType<typeof record>>(entries);
      assert.deepEqual([...read.keys()], ['app-1', 'app-2', 'app-3']);
      assert.deepEqual(read.get('app-2'), record(2));
      assert.equal(Object.getPrototypeOf(read.get('app-2')!.labels), null, 'a name map stays prototype-free');
      const unchanged = second.write(read);
      second.save();
      assert.deepEqual(unchanged, entries);
      assert.equal(statSync(file).size, size, 'nothing written when no record changed');

      const third = open();
      const again = third.read<ReturnType<typeof record>>(entries);
      again.set('app-2', { ...again.get('app-2')!, plan: 'plan-2b' });
      const changed = third.write(again);
      third.save();
      assert.deepEqual(
        changed.map(([name]) => name),
        ['app-1', 'app-2', 'app-3'],
      );
      assert.notEqual(changed[1]![1], entries[1]![1]);
      assert.equal(changed[0]![1], entries[0]![1]);
      const grown = statSync(file).size - size;
      assert.ok(grown > 0 && grown < size / 2, `one record appended (${grown} of ${size} bytes)`);
      assert.equal(open().read<ReturnType<typeof record>>(changed).get('app-2')?.plan, 'plan-2b');
    }));

  it('leaves out a job whose entry is damaged or missing, and keeps the others', () =>
    withLog((open, file) => {
      const log = open();
      const entries = log.write(new Map([1, 2].map((n) => [`app-${n}`, record(n)])));
      log.save();
      const bytes = readFileSync(file);
      bytes[bytes.indexOf('plan-1') + 2] ^= 0x01;
      writeFileSync(file, bytes);
      const named: JobEntries = [...entries, ['app-9', 'no-such-entry']];
      assert.deepEqual([...open().read(named).keys()], ['app-2']);
    }));
});
