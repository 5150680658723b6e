/**
 * The benchmark scenario for one fleet size, repeated `runs` times: cold
 * generate (empty output), warm generate (no change; with and without the
 * incremental cache), `--check`, one app changed, one cluster added, preview
 * of one Application against `kubectl kustomize` of its overlay, and the
 * floor. Each measured command is its own process, with its wall time, user
 * and system CPU time and the load average at its start.
 *
 * Each run starts as a fresh clone of the fleet repository does (the fleet is
 * a git repository with its config committed): config as committed, no
 * output, no cache of earlier runs.
 *
 * The floor runs in the same disk state as the command it is compared with,
 * right before it: it writes the output into the fleet's own folder emptied
 * as a cold generate finds it (then the cold run empties it again), and
 * reads it back (what `--check` must at least do).
 *
 * Correctness is recorded next to the timings (files each run wrote, exit
 * codes), so a fast but wrong run cannot pass unnoticed.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateDir } from '../../generator/incremental/store.ts';
import { configYaml, type FleetSize, type SyntheticFleet, writeFleet } from '../synthetic-fleet.ts';
import { type ChildRun, CLI, runCommand, runGenerate, runNode } from './child.ts';
import { type Summary, summarize } from './stats.ts';
import { diffTrees, snapshotTree, type TreeChange, type TreeSnapshot, totalBytes } from './tree.ts';

/**
 * The fleet is a git repository with its config committed, as a fleet repository is:
 * `generate` in one compares data-holding objects with HEAD or its last run, and that cost counts.
 */
function commitConfig(root: string): void {
  git(root, 'init', '--quiet', '--initial-branch=main');
  git(root, 'add', 'fleet.yaml', 'apps', 'clusters');
  git(root, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '--quiet', '-m', 'fleet config');
}

function git(root: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
}

const FLOOR_WRITER = fileURLToPath(new URL('./floor-writer.mjs', import.meta.url));
const CDK8S_WRITER = fileURLToPath(new URL('./cdk8s-writer.mjs', import.meta.url));
const GENERATED_ROOTS = ['base', 'overlays', 'argocd'];

export const MEASURES = ['cold', 'warm', 'warmFull', 'check', 'appChanged', 'clusterAdded', 'previewOne', 'kustomizeOne', 'floor'] as const;
const KUBECTL = path.join(fileURLToPath(new URL('../..', import.meta.url)), '.tools', 'bin', 'kubectl');
export type MeasureName = (typeof MEASURES)[number];

export interface Measure {
  ms: Summary;
  /** User + system CPU time of the process, ms. */
  cpuMs: Summary;
  userMs: Summary;
  systemMs: Summary;
  /** One-minute load average at each start. */
  load: Summary;
  /** Peak RSS of the process, KiB. */
  rssKb: Summary;
  /** Files the run created or replaced (0 for --check and the floor's source tree). */
  filesWritten: number[];
}

export interface SizeResult {
  size: string;
  fleet: FleetSize;
  seed: number;
  output: { files: number; bytes: number; argocdBytes: number; objects: number };
  measures: Record<MeasureName, Measure>;
  /** Floor parts: bare node start-up, writing the bytes (wall, and the system CPU it cost), reading them back. */
  floorParts: { startupMs: Summary; writeMs: Summary; writeSystemMs: Summary; readMs: Summary };
  /**
   * cdk8s writing the same objects (cdk8s-writer.mjs), user + system CPU per run; undefined above
   * CDK8S_MAX_OBJECTS, where its synth (which grows faster than the object count) takes many minutes.
   */
  cdk8sCpuMs: Summary | undefined;
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
}

export async function measureSize(label: string, size: FleetSize, options: MeasureOptions): Promise<SizeResult> {
  const log = options.log ?? (() => undefined);
  const root = await mkdtemp(path.join(os.tmpdir(), `flotilla-bench-${label}-`));
  const source = await mkdtemp(path.join(os.tmpdir(), `flotilla-floor-${label}-`));
  try {
    const fleet = await writeFleet(root, size, options.seed);
    commitConfig(root);
    log(`${label}: ${size.apps} apps × ${size.environments} environments, ${size.clusters} clusters in ${root}`);
    // The first generate also gives the floor its bytes (a copy outside the fleet's folder).
    await expectOk(runGenerate(root), 'first generate');
    for (const dir of GENERATED_ROOTS) await cp(path.join(root, dir), path.join(source, dir), { recursive: true });
    const objects = await countObjects(source);
    const runs: RunResult[] = [];
    const cdk8s: number[] = [];
    for (let i = 1; i <= options.runs; i++) {
      runs.push(await oneRun(root, fleet, i, source));
      if (objects <= CDK8S_MAX_OBJECTS) cdk8s.push(await measureCdk8s(source));
      const r = runs[i - 1];
      const cpu = (t: Timed) => ms(t.userMs + t.systemMs);
      log(
        `${label}: run ${i}/${options.runs}: cold ${ms(r.cold.ms)} (cpu ${cpu(r.cold)}), floor ${ms(r.floor.ms)}, app changed ${ms(r.appChanged.ms)} (cpu ${cpu(r.appChanged)}), cluster added ${ms(r.clusterAdded.ms)}, preview one ${ms(r.previewOne.ms)} vs kustomize ${ms(r.kustomizeOne.ms)}, load ${r.cold.load.toFixed(1)}`,
      );
    }
    return { ...summarizeRuns(label, size, options.seed, fleet, runs, objects), cdk8sCpuMs: cdk8s.length ? summarize(cdk8s) : undefined };
  } finally {
    await rm(source, { recursive: true, force: true });
    if (!options.keep) await rm(root, { recursive: true, force: true });
  }
}

interface Timed {
  ms: number;
  rssKb: number;
  userMs: number;
  systemMs: number;
  load: number;
  written: TreeChange;
}

type RunResult = Record<MeasureName, Timed> & {
  output: TreeSnapshot;
  checkExit: number;
  staleCheckExit?: number;
  floorParts: { startupMs: number; writeMs: number; writeSystemMs: number; readMs: number };
};

async function oneRun(root: string, fleet: SyntheticFleet, run: number, source: string): Promise<RunResult> {
  // Each run starts as a fresh clone does: the config as committed, no output, no cache of earlier runs.
  git(root, 'checkout', '--quiet', '--', '.');
  // The floor and the cold run, each into the fleet's own folder emptied the same way.
  for (const dir of GENERATED_ROOTS) await rm(path.join(root, dir), { recursive: true, force: true });
  const { floor, floorParts } = await measureFloor(source, root);
  for (const dir of GENERATED_ROOTS) await rm(path.join(root, dir), { recursive: true, force: true });
  await rm(stateDir(root), { recursive: true, force: true });
  const empty: TreeSnapshot = new Map();
  const cold = await timed(root, empty, () => runGenerate(root), 'cold generate');
  const output = await snapshotTree(root);
  const warm = await timed(root, output, () => runGenerate(root), 'warm generate');
  // The same without the incremental cache: the whole pipeline, comparing every file.
  const warmFull = await timed(root, output, () => runGenerate(root, ['--no-cache']), 'warm generate --no-cache');
  const checkRun = await runGenerate(root, ['--check']);
  const check = { ...usage(checkRun), written: diffTrees(output, await snapshotTree(root)) };

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

  // One Application: preview renders it in process; kustomize builds its overlay from the files.
  const environment = app.environments[app.environments.length - 1];
  const overlay = `overlays/${environment}/${app.name}`;
  const after = await snapshotTree(root);
  const previewOne = await timed(
    root,
    after,
    () => runNode([CLI, 'preview', '--manifests', '--offline', '--root', root, '--app', app.name, '--cluster', lastCluster(fleet, environment)]),
    'preview of one Application',
  );
  const kustomizeOne = await timed(root, after, () => runCommand(KUBECTL, ['kustomize', path.join(root, overlay)]), 'kubectl kustomize of one overlay');
  return {
    cold,
    warm,
    warmFull,
    check,
    appChanged,
    clusterAdded,
    previewOne,
    kustomizeOne,
    floor,
    output,
    checkExit: checkRun.exitCode,
    staleCheckExit,
    floorParts,
  };
}

/** The last cluster of this environment (the synthetic fleet gives overrides to the first ones). */
function lastCluster(fleet: SyntheticFleet, environment: string): string {
  return fleet.clusters.filter((c) => c.environment === environment).at(-1)!.name;
}

async function measureFloor(source: string, target: string): Promise<{ floor: Timed; floorParts: RunResult['floorParts'] }> {
  const floorRun = await expectOk(runNode([FLOOR_WRITER, source, target]), 'floor writer');
  const parts = JSON.parse(floorRun.stdout) as { startupMs: number; writeMs: number; writeSystemMs: number; readMs: number };
  return {
    floor: { ...usage(floorRun), ms: parts.startupMs + parts.writeMs, written: { written: [], removed: [] } },
    floorParts: { startupMs: parts.startupMs, writeMs: parts.writeMs, writeSystemMs: parts.writeSystemMs, readMs: parts.readMs },
  };
}

/** Above this many objects cdk8s is not measured (at 12,700 objects its synth took 40 s of CPU, at 1,270 objects 1.2 s). */
const CDK8S_MAX_OBJECTS = 20_000;

/** User + system CPU of cdk8s writing the generated objects into a folder of its own. */
async function measureCdk8s(source: string): Promise<number> {
  const target = await mkdtemp(path.join(os.tmpdir(), 'flotilla-cdk8s-'));
  try {
    const run = await expectOk(runNode([CDK8S_WRITER, source, target]), 'cdk8s writer');
    const parts = JSON.parse(run.stdout) as { userMs: number; systemMs: number };
    return parts.userMs + parts.systemMs;
  } finally {
    await rm(target, { recursive: true, force: true });
  }
}

function usage(run: ChildRun): Omit<Timed, 'written'> {
  return { ms: run.ms, rssKb: run.maxRssKb, userMs: run.userMs, systemMs: run.systemMs, load: run.load };
}

async function timed(root: string, before: TreeSnapshot, start: () => Promise<ChildRun>, what: string): Promise<Timed> {
  const run = await expectOk(start(), what);
  return { ...usage(run), written: diffTrees(before, await snapshotTree(root)) };
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

/** Kubernetes objects in the generated files (YAML documents with a top-level kind, kustomizations included). */
async function countObjects(dir: string): Promise<number> {
  let n = 0;
  for (const top of GENERATED_ROOTS) {
    const entries = await readdir(path.join(dir, top), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isFile()) n += ((await readFile(path.join(e.parentPath, e.name), 'utf8')).match(/^kind: /gm) ?? []).length;
  }
  return n;
}

function summarizeRuns(
  label: string,
  size: FleetSize,
  seed: number,
  fleet: SyntheticFleet,
  runs: RunResult[],
  objects: number,
): Omit<SizeResult, 'cdk8sCpuMs'> {
  const measures = Object.fromEntries(
    MEASURES.map((m) => [
      m,
      {
        ms: summarize(runs.map((r) => r[m].ms)),
        cpuMs: summarize(runs.map((r) => r[m].userMs + r[m].systemMs)),
        userMs: summarize(runs.map((r) => r[m].userMs)),
        systemMs: summarize(runs.map((r) => r[m].systemMs)),
        load: summarize(runs.map((r) => r[m].load)),
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
    output: { files: output.size, bytes: totalBytes(output), argocdBytes: totalBytes(argocd), objects },
    measures,
    floorParts: {
      startupMs: summarize(runs.map((r) => r.floorParts.startupMs)),
      writeMs: summarize(runs.map((r) => r.floorParts.writeMs)),
      writeSystemMs: summarize(runs.map((r) => r.floorParts.writeSystemMs)),
      readMs: summarize(runs.map((r) => r.floorParts.readMs)),
    },
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
