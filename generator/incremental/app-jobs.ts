/**
 * Each app's output — its files, and the checks of its rendered objects — as
 * a cached job. A job's result depends on:
 *   - the app's own plan (hashed whole: every setting, variant and body it has;
 *     the config cache gives that hash back when the plan's inputs are the same);
 *   - what rendering read about the rest of the fleet, through FleetView
 *     (other apps' plans, edges pointing at it): recorded call by call;
 *   - what the checks read of the fleet index (Services, external secrets,
 *     chart releases): recorded call by call;
 *   - the generator itself (the whole cache is tied to it).
 * A job is reused when its plan hash is the same, every recorded call returns
 * what it returned, and its files are on disk as it wrote them; otherwise it
 * runs again, recording anew. Only jobs whose checks found nothing are kept.
 */
import { type Diagnostic, mapCollectingErrors } from '../diagnostics.ts';
import { buildFleetIndex, type FleetIndex } from '../emit/check-objects.ts';
import { checkRendered, servicesOf } from '../emit/check-output.ts';
import { checkSharedObjects } from '../emit/check-shared-objects.ts';
import { emitAppFiles } from '../emit/emit-fleet.ts';
import { contentHash, dataHash } from '../model/hash.ts';
import type { K8sObject } from '../model/object.ts';
import { fleetView } from '../plan/fleet-view.ts';
import type { AppPlan, FleetPlan, FleetView } from '../plan/model.ts';
import type { DiskState, WantedFile } from '../write/write-tree.ts';
import { type AppDataRecord, dataOfRendered, placeData, sameData } from './data-risks.ts';
import { type RecordedCall, Replayer, recording } from './recorder.ts';

export interface AppJobRecord {
  plan: string;
  render: RecordedCall[];
  check: RecordedCall[];
  /** Path and content hash of every file the job wrote. */
  files: [string, string][];
  /** namespace/name of the Services it renders (for the fleet index). */
  services: string[];
  /** Its objects that hold data, on the clusters of this run (data-risks.ts). */
  data: AppDataRecord | undefined;
}

interface AppJob {
  app: AppPlan;
  record: AppJobRecord;
  /** This run's output, when the job ran (not reused). */
  ran?: { contents: Map<string, string>; rendered: Map<string, K8sObject[]> };
}

export interface AppJobs {
  /** Checks the rendered objects of every job that ran. */
  check(): Diagnostic[];
  /** Every file the apps want, with its content where the job ran. */
  wanted(): WantedFile[];
  /** What to keep for the next run. */
  records(): Map<string, AppJobRecord>;
  /** Objects of the jobs that ran (their schemas must be loaded before checking). */
  renderedObjects(): K8sObject[][];
  /** The objects of each Kustomize path of the jobs that ran. */
  rendered(): Map<string, K8sObject[]>;
  /** Objects two apps would both deploy, for every app a job that ran could meet. */
  sharedObjects(): Diagnostic[];
  /** The hash of an app's whole plan. */
  planHash(app: AppPlan): string;
  stats: { reused: number; ran: number };
}

/** An app's plan hash as a cache knows it from the plan's inputs, or `compute`d. */
export type KnownPlanHash = (app: string, compute: () => string) => string;

/**
 * Decides which jobs can be reused and renders the others. Checks need the
 * fleet index, which needs every app's Services, so a reused job's recorded
 * checks are replayed only once all apps are known; a job whose checks no
 * longer hold renders again too. `check()` then checks what was rendered, once
 * the caller has loaded the schemas of those objects.
 */
export function runAppJobs(
  plan: FleetPlan,
  previous: ReadonlyMap<string, AppJobRecord> | undefined,
  disk: DiskState,
  known: KnownPlanHash = (_app, compute) => compute(),
): AppJobs {
  const hashes = new PlanHashes(plan, known);
  const view = fleetView(plan);
  const replayRender = new Replayer(view, hashes.ofResult);
  const jobs: AppJob[] = mapCollectingErrors(plan.apps, (app) => {
    const planHash = hashes.of(app);
    const before = previous?.get(app.name);
    if (before && before.plan === planHash && intact(before, disk) && replayRender.matches(before.render)) return { app, record: before };
    return render(app, planHash, view, hashes);
  });
  const services = new Set<string>();
  for (const job of jobs) for (const s of job.record.services) services.add(s);
  const indexView = viewOfIndex(buildFleetIndex(plan, services));
  const replayCheck = new Replayer(indexView, hashes.ofResult);
  const stale = jobs.flatMap((job, i) => (!job.ran && !replayCheck.matches(job.record.check) ? [i] : []));
  const rerun = mapCollectingErrors(stale, (i) => render(jobs[i].app, jobs[i].record.plan, view, hashes));
  stale.forEach((i, k) => {
    jobs[i] = rerun[k]!;
  });
  // Where an app deploys can change without its job running again (a cluster added or removed): placed anew every run.
  for (const job of jobs) {
    const byPath = job.ran ? dataOfRendered(job.ran.rendered) : (job.record.data?.byPath ?? []);
    const data = placeData(job.app, byPath);
    if (job.ran || !sameData(job.record.data, data)) job.record = { ...job.record, data };
  }
  const ran = jobs.filter((j) => j.ran).length;

  return {
    stats: { reused: jobs.length - ran, ran },
    planHash: (app) => hashes.of(app),
    check() {
      const problems: Diagnostic[] = [];
      for (const job of jobs) {
        if (!job.ran) continue;
        const calls: RecordedCall[] = [];
        problems.push(...checkRendered(plan, job.ran.rendered, recording(indexView, calls, hashes.ofResult)));
        job.record.check = calls;
      }
      return problems;
    },
    wanted: () => jobs.flatMap((j) => j.record.files.map(([path, hash]) => ({ path, hash, content: j.ran?.contents.get(path) }))),
    records: () => new Map(jobs.map((j) => [j.app.name, j.record])),
    renderedObjects: () => jobs.flatMap((j) => (j.ran ? [...j.ran.rendered.values()] : [])),
    rendered: () => new Map(jobs.flatMap((j) => (j.ran ? [...j.ran.rendered] : []))),
    sharedObjects() {
      // Only apps in a namespace of an app that ran (or, for cluster-scoped objects, any app with some) can collide with it.
      const ranJobs = jobs.filter((j) => j.ran);
      if (ranJobs.length === 0) return [];
      const namespaces = new Set(ranJobs.map((j) => j.app.namespace));
      const clusterWide = ranJobs.some((j) => j.app.clusterScoped.length > 0);
      const rendered = new Map<string, K8sObject[]>();
      for (const job of jobs) {
        if (!namespaces.has(job.app.namespace) && !(clusterWide && job.app.clusterScoped.length > 0)) continue;
        for (const [path, objects] of job.ran?.rendered ?? emitAppFiles(view, job.app).rendered) rendered.set(path, objects);
      }
      return checkSharedObjects(plan, rendered);
    },
  };
}

function render(app: AppPlan, planHash: string, view: FleetView, hashes: PlanHashes): AppJob {
  const calls: RecordedCall[] = [];
  const out = emitAppFiles(recording(view, calls, hashes.ofResult), app);
  const contents = new Map(out.files.map((f) => [f.path, f.content]));
  return {
    app,
    ran: { contents, rendered: out.rendered },
    record: {
      plan: planHash,
      render: calls,
      check: [],
      files: out.files.map((f) => [f.path, contentHash(f.content)]),
      services: [...servicesOf(out.rendered)].sort(),
      data: undefined,
    },
  };
}

/** The job's files are on disk with the content it wrote (else it runs again, and the files are rewritten). */
function intact(record: AppJobRecord, disk: DiskState): boolean {
  for (const [path, hash] of record.files) if (disk.files.get(path)?.hash !== hash) return false;
  return true;
}

/** The index as methods only, so a check's questions can be recorded. */
function viewOfIndex(index: FleetIndex): FleetIndex {
  return {
    services: { has: (name: string) => index.services.has(name) },
    externalSecrets: { has: (name: string) => index.externalSecrets.has(name) },
    chartReleases: { has: (name: string) => index.chartReleases.has(name) },
  };
}

/**
 * Hashes of app plans, once per plan per run. A plan's `locate` places
 * diagnostics only and is left out; any other function in a plan makes the
 * hash throw (model/hash.ts refuses functions), so nothing output depends on is skipped.
 */
class PlanHashes {
  private readonly byPlan = new Map<AppPlan, string>();

  /** Every app's plan is hashed first: a recorded call may return any of them. */
  constructor(plan: FleetPlan, known: KnownPlanHash) {
    for (const app of plan.apps)
      this.byPlan.set(
        app,
        known(app.name, () => dataHash({ ...app, locate: undefined })),
      );
  }

  of(app: AppPlan): string {
    return this.byPlan.get(app)!;
  }

  /** A recorded call's result: a plan by its hash, anything else by value. */
  readonly ofResult = (value: unknown): string => {
    if (value === undefined || value === null || typeof value !== 'object') return `${typeof value}:${String(value)}`;
    const plan = this.byPlan.get(value as AppPlan);
    return plan ?? dataHash(value);
  };
}
