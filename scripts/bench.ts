/**
 * `npm run bench`: how long Flotilla takes on synthetic fleets of growing size
 * (scripts/synthetic-fleet.ts), each measured command in its own process.
 * Writes the full results as JSON and prints a Markdown table for the README.
 *
 *   npm run bench -- [--sizes S,M,L,L2] [--runs 5] [--out bench-results/bench.json] [--seed 1] [--keep]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './bench/child.ts';
import { measureSize, type SizeResult } from './bench/measure-size.ts';
import { measureStartup, type StartupCosts } from './bench/startup.ts';
import { markdownTable, ratioTable, targetList, targets } from './bench/table.ts';
import { benchCharts, type ChartBenchResult, formatChartBench } from './bench-charts.ts';
import { benchDiff, type DiffBenchResult, formatDiffBench } from './bench-diff.ts';
import { benchPreview, formatPreviewBench, type PreviewBenchResult } from './bench-preview.ts';
import { SIZES, type SizeName } from './synthetic-fleet.ts';

const USAGE = `Usage: npm run bench -- [--sizes ${Object.keys(SIZES).join(',')}] [--runs N (default 5)] [--out FILE] [--seed N] [--keep]`;

export interface BenchOptions {
  sizes: SizeName[];
  runs: number;
  seed: number;
  keep: boolean;
  log: (line: string) => void;
  /** Called after each size with the results so far (an L run takes most of an hour: keep what finished). */
  onSize?: (results: SizeResult[]) => Promise<void>;
}

export interface BenchReport {
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; os: string; node: string; loadAverage: { atStart: number[]; atEnd: number[] } };
  runs: number;
  startup: StartupCosts;
  results: SizeResult[];
  /** In-process preview rendering vs `kubectl kustomize` over the same overlays of the example fleet (issue 5). */
  preview: PreviewBenchResult;
  /** `flotilla diff` with Helm charts on the example fleet, cold and warm chart cache. */
  charts: ChartBenchResult;
  /** Diff of a 500-app fleet once both revisions are built: evaluate, compare and group, render Markdown. */
  diff: DiffBenchResult;
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const atStart = os.loadavg();
  const startup = await measureStartup(options.runs);
  options.log(
    `start-up: bare node ${ms(startup.bareNode.median)}, CLI --help ${ms(startup.cliHelp.median)} (through tsx: ${ms(startup.cliHelpUnbundled.median)})`,
  );
  const results: SizeResult[] = [];
  for (const size of options.sizes) {
    results.push(await measureSize(size, SIZES[size], { runs: options.runs, seed: options.seed, keep: options.keep, log: options.log }));
    await options.onSize?.(results);
  }
  const preview = await benchPreview({ runs: Math.max(5, options.runs), log: options.log });
  const charts = await benchCharts({ runs: options.runs, log: options.log });
  const diff = await benchDiff({ runs: options.runs, log: options.log });
  return {
    date: new Date().toISOString(),
    machine: { ...machine(), loadAverage: { atStart, atEnd: os.loadavg() } },
    runs: options.runs,
    startup,
    results,
    preview,
    charts,
    diff,
  };
}

export function machine(): Omit<BenchReport['machine'], 'loadAverage'> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

function ms(value: number): string {
  return `${(value / 1000).toFixed(2)} s`;
}

export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  const s = report.startup;
  return [
    `Flotilla bench, ${report.date.slice(0, 10)}: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; medians of ${report.runs} runs (min–max), each command its own process; load average ${load(m.loadAverage.atStart)} at start, ${load(m.loadAverage.atEnd)} at end.`,
    `Start-up alone: bare node ${ms(s.bareNode.median)}, \`flotilla --help\` ${ms(s.cliHelp.median)} (bundled; through tsx from the sources ${ms(s.cliHelpUnbundled.median)}).`,
    '',
    markdownTable(report.results),
    '',
    ratioTable(report.results),
    '',
    targetList(targets(report.results)),
    '',
    formatPreviewBench(report.preview),
    '',
    '```',
    formatChartBench(report.charts),
    '```',
    '',
    formatDiffBench(report.diff),
  ].join('\n');
}

function parseOptions(argv: string[]): BenchOptions & { out: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: 'S,M,L,L2' },
      runs: { type: 'string', default: '5' },
      out: { type: 'string', default: 'bench-results/bench.json' },
      seed: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map((s) => s.trim());
  const unknown = sizes.filter((s) => !(s in SIZES));
  const runs = Number(values.runs);
  if (unknown.length || !Number.isInteger(runs) || runs < 1)
    throw new Error(`${unknown.length ? `unknown size ${unknown.join(', ')}` : 'runs must be a positive integer'}\n${USAGE}`);
  return {
    sizes: sizes as SizeName[],
    runs,
    seed: Number(values.seed),
    keep: values.keep,
    out: path.resolve(REPO_ROOT, values.out),
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.runs < 5) options.log(`note: ${options.runs} runs; the README numbers use at least 5`);
  await mkdir(path.dirname(options.out), { recursive: true });
  const partial = options.out.replace(/(\.json)?$/, '.partial.json');
  const report = await runBench({ ...options, onSize: (results) => writeFile(partial, `${JSON.stringify({ runs: options.runs, results }, null, 2)}\n`) });
  await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatReport(report)}\n\nFull results: ${path.relative(process.cwd(), options.out)}\n`);
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
