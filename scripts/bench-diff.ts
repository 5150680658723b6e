/**
 * How long the diff takes once both revisions are built, on a synthetic fleet
 * (default M: 500 apps on 50 clusters) and the everyday changes of
 * scripts/synthetic/changes.ts: evaluating both sides' ApplicationSets into
 * Applications with their objects, comparing and grouping them (diffFleets),
 * and rendering Markdown. Medians of ≥ 5 runs, in process.
 *
 *   tsx scripts/bench-diff.ts [--size M] [--runs 5]
 *
 * `npm run bench` calls benchDiff() (scripts/bench.ts).
 */
import { parseArgs } from 'node:util';
import { diffFleets } from '../generator/diff/fleet-diff.ts';
import { byteLength, renderDiffMarkdown } from '../generator/diff/format-markdown.ts';
import { fleetSide } from '../generator/preview/diff/fleet-diff.ts';
import { type Timing, timing } from './bench-preview.ts';
import { buildFiles } from './synthetic/build.ts';
import { CHANGES } from './synthetic/changes.ts';
import { planFleet, SIZES, type SizeName } from './synthetic-fleet.ts';

export interface DiffBenchCase {
  change: string;
  applications: number;
  changed: number;
  markdownBytes: number;
  /** ApplicationSets of both sides evaluated into Applications with their objects. */
  sides: Timing;
  /** diffFleets: compare, group, review. */
  diff: Timing;
  /** renderDiffMarkdown within the pull-request limit. */
  markdown: Timing;
  /** All three. */
  total: Timing;
}

export interface DiffBenchResult {
  size: SizeName;
  runs: number;
  cases: DiffBenchCase[];
}

export async function benchDiff(options: { size?: SizeName; runs?: number; log?: (line: string) => void } = {}): Promise<DiffBenchResult> {
  const size = options.size ?? 'M';
  const runs = Math.max(5, options.runs ?? 5);
  const { fleet, files } = planFleet(SIZES[size], 1);
  options.log?.(`diff bench: building ${size}`);
  const base = await buildFiles(files);
  const cases: DiffBenchCase[] = [];
  for (const change of CHANGES.filter((c) => c.name === 'bump-one-app' || c.name === 'fleet-wide-setting')) {
    options.log?.(`diff bench: building ${size} with ${change.describe}`);
    const head = await buildFiles(change.apply(files, fleet));
    const samples = { sides: [] as number[], diff: [] as number[], markdown: [] as number[], total: [] as number[] };
    let last = { applications: 0, changed: 0, markdownBytes: 0 };
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const [a, b] = [fleetSide(base), fleetSide(head)];
      const t1 = performance.now();
      const diff = diffFleets(a, b);
      const t2 = performance.now();
      const md = renderDiffMarkdown(diff);
      const t3 = performance.now();
      samples.sides.push(t1 - t0);
      samples.diff.push(t2 - t1);
      samples.markdown.push(t3 - t2);
      samples.total.push(t3 - t0);
      last = { applications: b.applications.length, changed: diff.summary.applications.changed, markdownBytes: byteLength(md) };
    }
    cases.push({
      change: change.describe,
      ...last,
      sides: timing(samples.sides),
      diff: timing(samples.diff),
      markdown: timing(samples.markdown),
      total: timing(samples.total),
    });
  }
  return { size, runs, cases };
}

export function formatDiffBench(r: DiffBenchResult): string {
  const t = (x: Timing) => `${x.medianMs.toFixed(0)} ms (${x.minMs.toFixed(0)}–${x.maxMs.toFixed(0)})`;
  return [
    `Diff once both revisions are built, size ${r.size}, medians of ${r.runs} runs (min–max):`,
    '',
    '| change | Applications (changed) | Markdown | evaluate both sides | compare + group | render Markdown | total |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.cases.map(
      (c) =>
        `| ${c.change} | ${c.applications} (${c.changed}) | ${(c.markdownBytes / 1024).toFixed(1)} KiB | ${t(c.sides)} | ${t(c.diff)} | ${t(c.markdown)} | ${t(c.total)} |`,
    ),
  ].join('\n');
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values } = parseArgs({ options: { size: { type: 'string', default: 'M' }, runs: { type: 'string', default: '5' } } });
  if (!(values.size in SIZES)) throw new Error(`--size ${Object.keys(SIZES).join('|')}`);
  benchDiff({ size: values.size as SizeName, runs: Number(values.runs), log: (line) => process.stderr.write(`${line}\n`) }).then(
    (r) => console.log(formatDiffBench(r)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
