/**
 * The benchmark scenario for one fleet size, repeated `runs` times: cold
 * generate (empty output), warm generate (no change; with and without the
 * run record), `--check`, one app
 * changed, one cluster added, and the floor. Each measured command is its own
 * process. Correctness is recorded next to the timings (files each run wrote,
 * exit codes), so a fast but wrong run cannot pass unnoticed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configYaml, type FleetSize, type SyntheticFleet, writeFleet } from '../synthetic-fleet.ts';
import { type ChildRun, runGenerate, runNode } from './child.ts';
import { type Summary, summarize } from './stats.ts';
import { diffTrees, snapshotTree, type TreeChange, type TreeSnapshot, totalBytes } from './tree.ts';

const FLOOR_WRITER = fileURLToPath(new URL('./floor-writer.mjs', import.meta.url));
const GENERATED_ROOTS = ['base', 'overlays', 'argocd'];

export const MEASURES = ['cold', 'warm', 'warmFull', 'check', 'appChanged', 'clusterAdded', 'floor'] as const;
export type MeasureName = (typeof MEASURES)[number];

export interface Measure {
  ms: Summary;
  /** Peak RSS of the process, KiB. */
  rssKb: Summary;
  /** Files the run created or replaced (0 for --check and the floor's source tree). */
  filesWritten: number[];
}

export interface SizeResult {
  size: string;
  fleet: FleetSize;
  seed: number;
  output: { files: number; bytes: number; argocdBytes: number };
  measures: Record<MeasureName, Measure>;
  /** Floor parts: bare node start-up, and writing the bytes. */
  floorParts: { startupMs: Summary; writeMs: Summary };
  checks: {
    /** `generate --check` right after generate: 0 expected. */
    checkExitCodes: number[];
    /** `generate --check` after the app file changed (first run only): 3 expected. */
    staleCheckExitCodes: number[];
    changedApp: { name: string; team: string; written: string[] };
    addedCluster: { name: string; environment: string; written: string[] };
  };
}

export interface MeasureOptions {
  runs: number;
  seed: number;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  keep?: boolean;
  /** One untimed generate first, so timed runs find tsx's transform cache and the page cache warm (default true). */
  warmUp?: boolean;
}

export async function measureSize(label: string, size: FleetSize, options: MeasureOptions): Promise<SizeResult> {
  const log = options.log ?? (() => undefined);
  const root = await mkdtemp(path.join(os.tmpdir(), `flotilla-bench-${label}-`));
  try {
    const fleet = await writeFleet(root, size, options.seed);
    log(`${label}: ${size.apps} apps × ${size.environments} environments, ${size.clusters} clusters in ${root}`);
    if (options.warmUp !== false) await expectOk(runGenerate(root), 'warm-up generate');
    const runs: RunResult[] = [];
    for (let i = 1; i <= options.runs; i++) {
      runs.push(await oneRun(root, fleet, i));
      log(`${label}: run ${i}/${options.runs}: cold ${ms(runs[i - 1].cold.ms)}, warm ${ms(runs[i - 1].warm.ms)}, floor ${ms(runs[i - 1].floor.ms)}`);
    }
    return summarizeRuns(label, size, options.seed, fleet, runs);
  } finally {
    if (!options.keep) await rm(root, { recursive: true, force: true });
  }
}

interface Timed {
  ms: number;
  rssKb: number;
  written: TreeChange;
}

type RunResult = Record<MeasureName, Timed> & {
  output: TreeSnapshot;
  checkExit: number;
  staleCheckExit?: number;
  floorParts: { startupMs: number; writeMs: number };
};

async function oneRun(root: string, fleet: SyntheticFleet, run: number): Promise<RunResult> {
  for (const dir of GENERATED_ROOTS) await rm(path.join(root, dir), { recursive: true, force: true });
  const empty: TreeSnapshot = new Map();
  const cold = await timed(root, empty, () => runGenerate(root), 'cold generate');
  const output = await snapshotTree(root);
  const warm = await timed(root, output, () => runGenerate(root), 'warm generate');
  // The same without the run record (write/run-cache.ts): the whole pipeline, comparing every file.
  const warmFull = await timed(root, output, () => runGenerate(root, ['--no-cache']), 'warm generate --no-cache');
  const checkRun = await runGenerate(root, ['--check']);
  const check = { ms: checkRun.ms, rssKb: checkRun.maxRssKb, written: diffTrees(output, await snapshotTree(root)) };
  const { floor, floorParts } = await measureFloor(root);

  const app = changedApp(fleet);
  await writeFile(path.join(root, 'apps', `${app.name}.yaml`), configYaml(withNewImage(app, run)));
  // Once is enough to know --check sees the change (at L each extra run is a full generate).
  const staleCheckExit = run === 1 ? (await runGenerate(root, ['--check'])).exitCode : undefined;
  const appChanged = await timed(root, output, () => runGenerate(root), 'generate after one app changed');

  const afterApp = await snapshotTree(root);
  const cluster = addedCluster(fleet);
  const clusterFile = path.join(root, 'clusters', `${cluster.name}.yaml`);
  await writeFile(
    clusterFile,
    configYaml({ environment: cluster.environment, server: `https://${cluster.name}.k8s.example.com`, region: 'eu-west-1', labels: { provider: 'hetzner' } }),
  );
  const clusterAdded = await timed(root, afterApp, () => runGenerate(root), 'generate after one cluster added');
  await rm(clusterFile); // the next run starts from an empty output tree, so nothing needs regenerating here
  return { cold, warm, warmFull, check, appChanged, clusterAdded, floor, output, checkExit: checkRun.exitCode, staleCheckExit, floorParts };
}

async function measureFloor(root: string): Promise<{ floor: Timed; floorParts: RunResult['floorParts'] }> {
  const target = await mkdtemp(path.join(os.tmpdir(), 'flotilla-floor-'));
  try {
    const floorRun = await expectOk(runNode([FLOOR_WRITER, root, target]), 'floor writer');
    const parts = JSON.parse(floorRun.stdout) as { startupMs: number; writeMs: number };
    return { floor: { ms: parts.startupMs + parts.writeMs, rssKb: floorRun.maxRssKb, written: { written: [], removed: [] } }, floorParts: parts };
  } finally {
    await rm(target, { recursive: true, force: true });
  }
}

async function timed(root: string, before: TreeSnapshot, start: () => Promise<ChildRun>, what: string): Promise<Timed> {
  const run = await expectOk(start(), what);
  return { ms: run.ms, rssKb: run.maxRssKb, written: diffTrees(before, await snapshotTree(root)) };
}

async function expectOk(pending: Promise<ChildRun>, what: string): Promise<ChildRun> {
  const run = await pending;
  if (run.exitCode !== 0) throw new Error(`${what} exited ${run.exitCode}:\n${run.stderr.slice(0, 4000)}`);
  return run;
}

/** The app in the middle of the list: a stable choice whatever the size. */
export function changedApp(fleet: SyntheticFleet): SyntheticFleet['apps'][number] {
  return fleet.apps[Math.floor(fleet.apps.length / 2)];
}

/** A new cluster in production, overriding nothing. */
export function addedCluster(fleet: SyntheticFleet): { name: string; environment: string } {
  const environment = fleet.environments[fleet.environments.length - 1];
  return { name: `${environment}-added`, environment };
}

/** The app with a new image tag on one container: a typical one-line change. */
function withNewImage(app: SyntheticFleet['apps'][number], run: number): Record<string, unknown> {
  const spec = structuredClone(app.spec) as { components: Record<string, { containers: Record<string, { image: string }> }> };
  const container = spec.components[app.tunable.component].containers[app.tunable.container];
  container.image = `${container.image.replace(/:[^:/]+$/, '')}:bench-${run}`;
  return spec;
}

function summarizeRuns(label: string, size: FleetSize, seed: number, fleet: SyntheticFleet, runs: RunResult[]): SizeResult {
  const measures = Object.fromEntries(
    MEASURES.map((m) => [
      m,
      {
        ms: summarize(runs.map((r) => r[m].ms)),
        rssKb: summarize(runs.map((r) => r[m].rssKb)),
        filesWritten: runs.map((r) => r[m].written.written.length + r[m].written.removed.length),
      },
    ]),
  ) as Record<MeasureName, Measure>;
  const output = runs[runs.length - 1].output;
  const argocd = new Map([...output].filter(([f]) => f.startsWith('argocd/')));
  const last = runs[runs.length - 1];
  const app = changedApp(fleet);
  return {
    size: label,
    fleet: size,
    seed,
    output: { files: output.size, bytes: totalBytes(output), argocdBytes: totalBytes(argocd) },
    measures,
    floorParts: { startupMs: summarize(runs.map((r) => r.floorParts.startupMs)), writeMs: summarize(runs.map((r) => r.floorParts.writeMs)) },
    checks: {
      checkExitCodes: runs.map((r) => r.checkExit),
      staleCheckExitCodes: runs.flatMap((r) => (r.staleCheckExit === undefined ? [] : [r.staleCheckExit])),
      changedApp: { name: app.name, team: app.team, written: [...last.appChanged.written.written, ...last.appChanged.written.removed] },
      addedCluster: { ...addedCluster(fleet), written: [...last.clusterAdded.written.written, ...last.clusterAdded.written.removed] },
    },
  };
}

function ms(value: number): string {
  return `${(value / 1000).toFixed(2)} s`;
}
