/**
 * The check of each generated ApplicationSet (emit/check-application-sets.ts)
 * as a cached job. Its outcome depends on:
 *   - the ApplicationSet itself (the content of its file) and the AppProjects;
 *   - what it asked of the plan's intent, through IntentView (the Applications
 *     meant for an app on a cluster): recorded call by call;
 *   - the generator itself (the whole cache is tied to it).
 * An outcome is reused when its input is the same and every recorded call
 * returns what it returned; otherwise the set is evaluated again, recording
 * anew. Only outcomes without problems are kept, so a problem is always found
 * by evaluating.
 */
import type { ApplicationSetChecker, ApplicationSetOutcome, IntentView } from '../emit/check-application-sets.ts';
import { checkApplicationSet } from '../emit/check-application-sets.ts';
import { combine, dataHash } from '../model/hash.ts';
import type { K8sObject } from '../model/object.ts';
import { type RecordedCall, Replayer, recording } from './recorder.ts';

export interface AppSetCheckRecord {
  /** Hash of the ApplicationSet and the AppProjects it was checked with. */
  input: string;
  calls: RecordedCall[];
  outcome: ApplicationSetOutcome;
}

export interface CachedAppSetChecks {
  check: ApplicationSetChecker;
  /** What to keep for the next run, by ApplicationSet name. */
  records: Map<string, AppSetCheckRecord>;
  stats: { reused: number; ran: number };
}

/** `contentOf`: a hash of everything the set is (its generated file's content hash). */
export function cachedAppSetChecks(previous: ReadonlyMap<string, AppSetCheckRecord> | undefined, contentOf: (set: K8sObject) => string): CachedAppSetChecks {
  const records = new Map<string, AppSetCheckRecord>();
  const stats = { reused: 0, ran: 0 };
  let replay: { view: IntentView; replayer: Replayer } | undefined;
  const check: ApplicationSetChecker = (set, projects, view) => {
    const input = combine(contentOf(set), ...[...projects].sort());
    const before = previous?.get(set.metadata.name);
    if (replay?.view !== view) replay = { view, replayer: new Replayer(view, dataHash) };
    if (before && before.input === input && replay.replayer.matches(before.calls)) {
      stats.reused++;
      records.set(set.metadata.name, before);
      return before.outcome;
    }
    stats.ran++;
    const calls: RecordedCall[] = [];
    const outcome = checkApplicationSet(set, projects, recording(view, calls, dataHash));
    if (outcome.problems.length === 0) records.set(set.metadata.name, { input, calls, outcome });
    return outcome;
  };
  return { check, records, stats };
}
