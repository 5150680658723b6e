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
 *
 * A set is evaluated one generator at a time, each generator's outcome kept
 * under the set without its generators, that generator and the AppProjects:
 * a set changes mostly in one generator (a cluster that joins an environment
 * changes that environment's matrix, in every team's set), and the others'
 * outcomes stand. Evaluated alone, a generator yields exactly the Applications
 * it yields within its set, with the same checks; what spans generators — one
 * name yielded twice, an error's generator number — is not seen that way, so
 * when any generator has a problem, or two yield one name, the set is
 * evaluated whole instead.
 */
import type { ApplicationSetChecker, ApplicationSetOutcome, IntentView } from '../emit/check-application-sets.ts';
import { checkApplicationSet } from '../emit/check-application-sets.ts';
import { combine, dataHash } from '../model/hash.ts';
import type { K8sObject } from '../model/object.ts';
import { type RecordedCall, Replayer, recording } from './recorder.ts';

/** A check's outcome with what it was computed from. */
interface CheckedPart {
  input: string;
  calls: RecordedCall[];
  outcome: ApplicationSetOutcome;
}

export interface AppSetCheckRecord {
  /** Hash of the ApplicationSet and the AppProjects it was checked with. */
  input: string;
  /** The set's check when it was evaluated whole; else its calls and outcome are its generators', joined (not kept twice). */
  whole?: Omit<CheckedPart, 'input'>;
  /** Each generator's check, in order; empty when the set was evaluated whole. */
  generators: CheckedPart[];
}

export interface CachedAppSetChecks {
  check: ApplicationSetChecker;
  /** What to keep for the next run, by ApplicationSet name. */
  records: Map<string, AppSetCheckRecord>;
  /** Sets taken whole from the last run, and sets evaluated (`generators`: of these, the generators evaluated). */
  stats: { reused: number; ran: number; generators: { reused: number; ran: number } };
}

/** `contentOf`: a hash of everything the set is (its generated file's content hash). */
export function cachedAppSetChecks(previous: ReadonlyMap<string, AppSetCheckRecord> | undefined, contentOf: (set: K8sObject) => string): CachedAppSetChecks {
  const records = new Map<string, AppSetCheckRecord>();
  const stats = { reused: 0, ran: 0, generators: { reused: 0, ran: 0 } };
  let replay: { view: IntentView; replayer: Replayer } | undefined;
  const check: ApplicationSetChecker = (set, projects, view) => {
    const projectKeys = [...projects].sort();
    const input = combine(contentOf(set), ...projectKeys);
    const before = previous?.get(set.metadata.name);
    if (replay?.view !== view) replay = { view, replayer: new Replayer(view, dataHash) };
    const { replayer } = replay;
    if (before && before.input === input && replayer.matches(before.whole?.calls ?? before.generators.flatMap((g) => g.calls))) {
      stats.reused++;
      records.set(set.metadata.name, before);
      return before.whole?.outcome ?? joined(before.generators);
    }
    stats.ran++;
    const evaluate = (s: K8sObject, partInput: string): CheckedPart => {
      const calls: RecordedCall[] = [];
      return { input: partInput, calls, outcome: checkApplicationSet(s, projects, recording(view, calls, dataHash)) };
    };
    const generators = byGenerator(set, projectKeys, before?.generators ?? [], replayer, evaluate, stats.generators);
    if (generators) {
      records.set(set.metadata.name, { input, generators });
      return joined(generators);
    }
    const { calls, outcome } = evaluate(set, input);
    if (outcome.problems.length === 0) records.set(set.metadata.name, { input, whole: { calls, outcome }, generators: [] });
    return outcome;
  };
  return { check, records, stats };
}

/** The outcome of a set whose generators each passed: theirs, in order. */
function joined(generators: CheckedPart[]): ApplicationSetOutcome {
  return { problems: [], names: generators.flatMap((g) => g.outcome.names), reached: generators.flatMap((g) => g.outcome.reached) };
}

/**
 * The set's check generator by generator, each from `before` where its input and answers are the same;
 * undefined when the set must be evaluated whole (see above).
 */
function byGenerator(
  set: K8sObject,
  projectKeys: string[],
  before: CheckedPart[],
  replayer: Replayer,
  evaluate: (set: K8sObject, input: string) => CheckedPart,
  stats: { reused: number; ran: number },
): CheckedPart[] | undefined {
  const spec = (set.spec ?? {}) as { generators?: unknown };
  if (!Array.isArray(spec.generators) || spec.generators.length < 2) return undefined;
  const frame = dataHash({ ...set, spec: { ...spec, generators: [] } });
  const known = new Map(before.map((part) => [part.input, part]));
  const parts: CheckedPart[] = [];
  for (const generator of spec.generators) {
    const input = combine(frame, dataHash(generator), ...projectKeys);
    const kept = known.get(input);
    if (kept && replayer.matches(kept.calls)) {
      stats.reused++;
      parts.push(kept);
      continue;
    }
    stats.ran++;
    const part = evaluate({ ...set, spec: { ...spec, generators: [generator] } }, input);
    if (part.outcome.problems.length > 0) return undefined;
    parts.push(part);
  }
  const names = parts.flatMap((p) => p.outcome.names);
  return new Set(names).size === names.length ? parts : undefined;
}
