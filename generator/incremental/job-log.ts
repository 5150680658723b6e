/**
 * The last run's jobs — each app's job, each ApplicationSet's check, each
 * team's Argo CD files — one record per entry of an append-only log
 * (store.ts), each entry named by a hash of its bytes. The run record lists
 * the entry of every job by name, so a run writes only the records that
 * changed: at L, rewriting all of them (14 MB) cost a run that changed one
 * app more than rendering it. An entry the run record names that the log does
 * not have — a run stopped between writing the log and the record, a damaged
 * entry — is a job not kept: it runs again.
 *
 * A record read back is reused by identity (its entry is not written again),
 * so jobs replace a record they change and never edit one in place.
 */
import { combine, contentHash } from '../model/hash.ts';
import { freeze, thaw } from './codec.ts';
import type { EntryLog } from './store.ts';

/** Each job's name and the log entry that holds its record. */
export type JobEntries = [name: string, entry: string][];

export class JobLog {
  private readonly entryOf = new WeakMap<object, string>();

  constructor(private readonly log: EntryLog) {}

  /** The records the entries name that the log holds whole, by job name. */
  read<T extends object>(entries: JobEntries): Map<string, T> {
    const records = new Map<string, T>();
    for (const [name, entry] of entries) {
      const bytes = this.log.get(entry);
      if (!bytes) continue;
      let record: unknown;
      try {
        record = thaw(bytes);
      } catch {
        continue;
      }
      if (record === null || typeof record !== 'object') continue;
      this.entryOf.set(record, entry);
      records.set(name, record as T);
    }
    return records;
  }

  /** Adds the records not read from the log, and gives the entries of all of them. */
  write(records: ReadonlyMap<string, object>): JobEntries {
    const entries: JobEntries = [];
    for (const [name, record] of records) {
      let entry = this.entryOf.get(record);
      if (entry === undefined) {
        let bytes: Buffer;
        try {
          bytes = freeze(record);
        } catch {
          continue; // not plain data: not kept, the job runs again next time
        }
        entry = combine('job', contentHash(bytes));
        this.log.set(entry, bytes);
        this.entryOf.set(record, entry);
      }
      entries.push([name, entry]);
    }
    return entries;
  }

  save(): void {
    this.log.save();
  }
}
