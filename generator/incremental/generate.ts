/**
 * `generate` with a memory: the pipeline of pipeline.ts, where each step that
 * has seen its exact input before takes its result from the cache (store.ts)
 * — parsing and validation per file, each app's variants, its rules' findings
 * and its plan's hash (config-cache.ts), each app's files and checks
 * (app-jobs.ts), each team's Argo CD files (argocd-files.ts), each
 * ApplicationSet's evaluation against the plan, generator by generator
 * (app-set-checks.ts). The rules of the fleet as a whole and the plan run
 * every time, on every app's variants read back from the cache: they read the
 * whole fleet (teams, edges between apps, release names). What the run writes
 * is what a cold run would write, byte for byte; a property test holds it to
 * that (test/incremental/oracle.test.ts).
 *
 * When a check finds a problem, the cold pipeline runs instead, so errors are
 * reported exactly as a cold run reports them.
 */

import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import { FleetConfigError } from '../diagnostics.ts';
import { checkApplicationSets } from '../emit/check-application-sets.ts';
import { checkReleaseNames } from '../emit/check-names.ts';
import { checkArgoCd, checkPaths } from '../emit/check-output.ts';
import { kindsOf, sortFiles } from '../emit/emit-fleet.ts';
import { loadSchemas } from '../emit/validate-objects.ts';
import { loadFleet } from '../load/read-fleet.ts';
import { dataHash } from '../model/hash.ts';
import { applicationSetPath } from '../model/paths.ts';
import type { PlacedDataRisk } from '../model/stateful.ts';
import { type BuiltFleet, buildFleet } from '../pipeline.ts';
import { buildPlan } from '../plan/build-plan.ts';
import type { FleetPlan } from '../plan/model.ts';
import { validateFleet } from '../validate/validate-fleet.ts';
import type { DiskState, ListedDir, WantedFile, WrittenFile } from '../write/write-tree.ts';
import { type AppJobRecord, runAppJobs } from './app-jobs.ts';
import { type AppSetCheckRecord, cachedAppSetChecks } from './app-set-checks.ts';
import { cachedArgoCd, type TeamArgoCdRecord } from './argocd-files.ts';
import { ConfigCache } from './config-cache.ts';
import { type AppDataRecord, type ClusterEntry, clusterEntries, dataRisksBetween } from './data-risks.ts';
import { generatorFingerprint } from './inputs.ts';
import { type JobEntries, JobLog } from './job-log.ts';
import { dropOtherStateFiles, type EntryLog, openConfigLog, openJobLog, readBlob, stateDir, writeBlob } from './store.ts';

/** What a successful run leaves for the next one. */
export interface RunRecord {
  /** Hash of the config folders and the generator (inputs.ts). */
  inputs: string;
  warnings: Diagnostic[];
  outputs: Map<string, WrittenFile>;
  /** Every folder of the output tree as the run left it (write-tree.ts). */
  dirs: Map<string, ListedDir>;
  apps: Map<string, AppJobRecord>;
  /** Each ApplicationSet's check without problems (app-set-checks.ts). */
  appSets: Map<string, AppSetCheckRecord>;
  /** Each team's Argo CD files (argocd-files.ts). */
  teams: Map<string, TeamArgoCdRecord>;
  /** The clusters of the run, for placing each app's objects that hold data (data-risks.ts). */
  clusters: ClusterEntry[];
}

/** The parts of the record kept apart, in the job log (job-log.ts), read only by a run that computes. */
type Jobs = 'apps' | 'appSets' | 'teams';

/**
 * The record as stored: each job by its entry in the job log; the files and folders as flat lists of
 * strings (path, hash, fingerprint; path, fingerprint, files, folders), which JSON reads back fastest.
 */
type StoredRecord = Omit<RunRecord, Jobs | 'outputs' | 'dirs'> & { outputs: string[]; dirs: (string | string[])[]; jobs: Record<Jobs, JobEntries> };

function toStoredRecord(record: Omit<RunRecord, Jobs>, jobs: Record<Jobs, JobEntries>): StoredRecord {
  const outputs: string[] = [];
  for (const [file, { hash, fingerprint }] of record.outputs) outputs.push(file, hash, fingerprint);
  const dirs: (string | string[])[] = [];
  for (const [dir, listed] of record.dirs) dirs.push(dir, listed.fingerprint, listed.files, listed.dirs);
  return { ...record, outputs, dirs, jobs };
}

function fromStoredRecord(stored: StoredRecord): Omit<RunRecord, Jobs> {
  const { jobs: _jobs, outputs: flatOutputs, dirs: flatDirs, ...rest } = stored;
  const outputs = new Map<string, WrittenFile>();
  for (let i = 0; i + 2 < flatOutputs.length; i += 3) outputs.set(flatOutputs[i]!, { hash: flatOutputs[i + 1]!, fingerprint: flatOutputs[i + 2]! });
  const dirs = new Map<string, ListedDir>();
  for (let i = 0; i + 3 < flatDirs.length; i += 4)
    dirs.set(flatDirs[i] as string, { fingerprint: flatDirs[i + 1] as string, files: flatDirs[i + 2] as string[], dirs: flatDirs[i + 3] as string[] });
  return { ...rest, outputs, dirs };
}

export interface Cache {
  root: string;
  /** The last run's record, without its jobs: all a run that finds nothing changed reads. */
  record: Omit<RunRecord, Jobs> | undefined;
  /** The last run's jobs, read on first call (most of the cache's bytes but the config's). */
  jobs(): Pick<RunRecord, Jobs> | undefined;
  config: EntryLog;
  jobLog: JobLog;
}

/** The cache of this fleet root, as the last run of this generator left it (an unusable one reads as empty). */
export function openCache(root: string): Cache {
  const stored = readBlob<StoredRecord>(path.join(stateDir(root), 'record.bin'), root, generatorFingerprint());
  const record = stored && fromStoredRecord(stored);
  const jobLog = new JobLog(openJobLog(root));
  let jobs: Pick<RunRecord, Jobs> | undefined | null = null;
  return {
    root,
    record,
    jobs() {
      if (jobs === null)
        jobs = stored && {
          apps: jobLog.read<AppJobRecord>(stored.jobs.apps),
          appSets: jobLog.read<AppSetCheckRecord>(stored.jobs.appSets),
          teams: jobLog.read<TeamArgoCdRecord>(stored.jobs.teams),
        };
      return jobs;
    },
    config: openConfigLog(root),
    jobLog,
  };
}

/** Writes the job log, then the record that names its entries: a run stopped between them leaves the old record. */
export function saveCache(root: string, record: RunRecord, cache: Cache | undefined): void {
  cache?.config.save();
  const { apps, appSets, teams, ...rest } = record;
  const jobLog = cache?.jobLog ?? new JobLog(openJobLog(root));
  const jobs = { apps: jobLog.write(apps), appSets: jobLog.write(appSets), teams: jobLog.write(teams) };
  jobLog.save();
  writeBlob(path.join(stateDir(root), 'record.bin'), root, generatorFingerprint(), toStoredRecord(rest, jobs));
  dropOtherStateFiles(root);
}

export interface GeneratedOutput {
  plan: FleetPlan;
  wanted: WantedFile[];
  apps: Map<string, AppJobRecord>;
  appSets: Map<string, AppSetCheckRecord>;
  teams: Map<string, TeamArgoCdRecord>;
  clusters: ClusterEntry[];
  /**
   * Objects that hold data which this output deletes or replaces, compared with the output of the
   * last run; undefined without a record of one (the caller compares with HEAD instead).
   */
  dataRisks: PlacedDataRisk[] | undefined;
  /** The whole fleet's output, when every app was rendered (a run without a last run to start from); made on demand. */
  built: (() => BuiltFleet) | undefined;
  stats: {
    apps: { reused: number; ran: number };
    appSets: { reused: number; ran: number };
    teams: { reused: number; ran: number };
    config: ConfigCache['stats'] | undefined;
  };
}

/** The wanted output; from the cache where it can be, else computed. Throws a cold run's FleetConfigError on any problem. */
export async function generateOutput(root: string, disk: DiskState, cache: Cache | undefined): Promise<GeneratedOutput> {
  const config = cache && new ConfigCache(cache.config);
  const loaded = await loadFleet(root, config?.parse);
  const validated = validateFleet(loaded, config);
  const plan = buildPlan(validated);
  const last = cache?.jobs();
  const previous = last?.apps;
  const jobs = runAppJobs(plan, previous, disk, config && ((app, compute) => config.planHash(app, compute)));
  const argocd = cachedArgoCd(plan, last?.teams, disk, jobs.planHash);
  await loadSchemas(kindsOf(jobs.renderedObjects(), [argocd.unchecked]));
  const wanted = [...jobs.wanted(), ...argocd.files];
  const argocdHashes = new Map(argocd.files.map((f) => [f.path, f.hash]));
  const setChecks = cachedAppSetChecks(last?.appSets, (set) => argocdHashes.get(applicationSetPath(set.metadata.name)) ?? dataHash(set));
  const problems = [
    ...checkPaths(wanted),
    ...jobs.check(),
    ...jobs.sharedObjects(),
    ...checkReleaseNames(plan),
    ...checkArgoCd(argocd.objects, argocd.unchecked),
    ...checkApplicationSets(plan, argocd.objects, setChecks.check),
  ];
  if (problems.length > 0) {
    await buildFleet(root); // throws the cold run's error, with everything a cold run reports
    throw new FleetConfigError(problems);
  }
  const apps = jobs.records();
  const clusters = clusterEntries(plan);
  const dataRisks =
    previous &&
    cache?.record &&
    dataRisksBetween({ apps: dataOf(previous), clusters: cache.record.clusters }, { apps: dataOf(apps), clusters, rendered: jobs.rendered() });
  const built = previous
    ? undefined
    : () => ({
        plan,
        output: {
          files: sortFiles(wanted.map((f) => ({ path: f.path, content: f.content! }))),
          rendered: new Map([...jobs.rendered(), ...argocd.rendered]),
          argocdObjects: argocd.objects,
        },
      });
  return {
    plan,
    wanted,
    apps,
    appSets: setChecks.records,
    teams: argocd.records,
    clusters,
    dataRisks,
    built,
    stats: { apps: jobs.stats, appSets: setChecks.stats, teams: argocd.stats, config: config?.stats },
  };
}

function dataOf(records: ReadonlyMap<string, AppJobRecord>): Map<string, AppDataRecord | undefined> {
  return new Map([...records].map(([app, r]) => [app, r.data]));
}
