/**
 * Preview's renderer against kustomize, side by side in one run: for the same
 * Kustomize overlays (every one an Application points at, or an evenly spread
 * sample of them on big fleets), the time to evaluate the ApplicationSets and
 * render the overlays in process, and the time `kubectl kustomize` takes to
 * build them one after another (as Argo CD's repo-server would, one build per
 * Application). Medians of ≥ 5 runs; the ratio is kustomize ÷ in-process.
 *
 *   tsx scripts/bench-preview.ts [--root DIR] [--runs 5] [--max-overlays 200]
 *
 * `npm run bench` calls benchPreview() (scripts/bench.ts).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { previewApplications } from '../generator/appset/fleet-applications.ts';
import { buildFleet } from '../generator/pipeline.ts';
import { manifestsOf } from '../generator/preview/manifests.ts';
import { renderTarget, sourceTargets } from '../generator/preview/render-sources.ts';

const execFileAsync = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const KUBECTL = path.join(REPO_ROOT, '.tools', 'bin', 'kubectl');

export interface PreviewBenchOptions {
  /** Fleet config root (fleet.yaml, apps/, clusters/). Output goes to a temporary directory, never here. Default: the example fleet. */
  root?: string;
  /** Measured runs of each side (at least 5; default 5). */
  runs?: number;
  /** Build at most this many overlays per run (an evenly spread sample; both sides do the same ones). Default 200. */
  maxOverlays?: number;
  log?: (line: string) => void;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface PreviewBenchResult {
  /** Applications the generated ApplicationSets produce. */
  applications: number;
  /** Distinct Kustomize overlays those Applications point at, and how many each run builds. */
  overlays: { total: number; measured: number; objects: number };
  runs: number;
  /** Evaluate every ApplicationSet, then render the measured overlays, in process. */
  inProcess: Timing;
  /** `kubectl kustomize` over the same overlays, one after another. */
  kustomize: Timing;
  /** kustomize median ÷ in-process median. */
  ratio: number;
  /** For context: the whole pipeline (load → validate → plan → emit) once, median. */
  buildFleet: Timing;
}

export async function benchPreview(options: PreviewBenchOptions = {}): Promise<PreviewBenchResult> {
  const root = options.root ?? REPO_ROOT;
  const runs = Math.max(5, options.runs ?? 5);
  const log = options.log ?? (() => {});
  const built = await buildFleet(root);
  const { plan, output } = built;
  const apps = previewApplications(output.argocdObjects).applications;
  const used = new Set(apps.flatMap((a) => manifestsOf(a, output.rendered, plan.repoUrl).paths));
  const targets = sample(
    sourceTargets(plan).filter((t) => used.has(t.path)),
    options.maxOverlays ?? 200,
  );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-bench-preview-'));
  try {
    log(`writing ${output.files.length} generated files to ${dir}`);
    for (const f of output.files) {
      await mkdir(path.dirname(path.join(dir, f.path)), { recursive: true });
      await writeFile(path.join(dir, f.path), f.content);
    }
    // Same work on both sides: as many objects from each build. (This pass also warms the JIT for the
    // in-process side; each kustomize build is a new process, which nothing can warm.)
    let objects = 0;
    for (const t of targets) {
      const real = await kustomize(path.join(dir, t.path));
      const mine = renderTarget(plan, t).length;
      if (real !== mine) throw new Error(`${t.path}: kustomize built ${real} objects, the in-process renderer ${mine}`);
      objects += mine;
    }
    const inProcess: number[] = [];
    const kustomizeMs: number[] = [];
    const pipeline: number[] = [];
    for (let run = 0; run < runs; run++) {
      inProcess.push(
        time(() => {
          previewApplications(output.argocdObjects);
          for (const t of targets) renderTarget(plan, t);
        }),
      );
      const start = performance.now();
      for (const t of targets) await kustomize(path.join(dir, t.path));
      kustomizeMs.push(performance.now() - start);
      const p = performance.now();
      await buildFleet(root);
      pipeline.push(performance.now() - p);
      log(`run ${run + 1}/${runs}: in-process ${inProcess[run].toFixed(1)} ms, kustomize ${kustomizeMs[run].toFixed(0)} ms`);
    }
    const a = timing(inProcess);
    const b = timing(kustomizeMs);
    return {
      applications: apps.length,
      overlays: { total: used.size, measured: targets.length, objects },
      runs,
      inProcess: a,
      kustomize: b,
      ratio: b.medianMs / a.medianMs,
      buildFleet: timing(pipeline),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatPreviewBench(r: PreviewBenchResult): string {
  const t = (x: Timing) => `${x.medianMs.toFixed(x.medianMs < 10 ? 2 : 0)} ms (${x.minMs.toFixed(1)}–${x.maxMs.toFixed(1)})`;
  return [
    `Preview renderer vs kustomize: ${r.overlays.measured} of ${r.overlays.total} overlays (${r.overlays.objects} objects) for ${r.applications} Applications, medians of ${r.runs} runs`,
    `  in-process (ApplicationSets + render): ${t(r.inProcess)}`,
    `  kubectl kustomize, one per overlay:    ${t(r.kustomize)}`,
    `  ratio: ${r.ratio.toFixed(0)}× faster in process${r.ratio >= 50 ? '' : ' (below the 50× target)'}`,
    `  for context, the whole pipeline (load → emit): ${t(r.buildFleet)}`,
  ].join('\n');
}

async function kustomize(dir: string): Promise<number> {
  const { stdout } = await execFileAsync(KUBECTL, ['kustomize', dir], { maxBuffer: 256 * 1024 * 1024 });
  return stdout.split(/^---$/m).filter((d) => d.trim()).length;
}

/** An evenly spread, deterministic sample. */
function sample<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]);
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export function timing(samples: number[]): Timing {
  const s = [...samples].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return { medianMs: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, minMs: s[0], maxMs: s[s.length - 1] };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({ options: { root: { type: 'string' }, runs: { type: 'string' }, 'max-overlays': { type: 'string' } } });
  benchPreview({
    root: values.root ? path.resolve(values.root) : undefined,
    runs: values.runs ? Number(values.runs) : undefined,
    maxOverlays: values['max-overlays'] ? Number(values['max-overlays']) : undefined,
    log: (line) => process.stderr.write(`${line}\n`),
  }).then(
    (r) => console.log(formatPreviewBench(r)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
