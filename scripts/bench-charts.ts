/**
 * `flotilla diff` on the example fleet with Helm charts rendered, with a cold
 * and a warm chart cache. The example's charts live on a public registry this
 * machine cannot reach, so the bench points them at a chart repository it
 * serves on loopback: the fixture charts of test/fixtures/charts (same names
 * and versions), packaged by the real `helm package`. The diff is a chart
 * bump (postgresql 12.12.10 → 13.0.0) plus a Redis values change: 8
 * Applications' charts to render on each side.
 *
 *   tsx scripts/bench-charts.ts [--runs 5]
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { countingHelm, serveChartRepo } from '../test/support/chart-repo.ts';
import { copyFleet, removeDir } from '../test/support/temp-fleet.ts';
import { CLI, runNode } from './bench/child.ts';
import { type Summary, summarize } from './bench/stats.ts';

const run = promisify(execFile);

export interface ChartBenchResult {
  runs: number;
  /** Empty chart cache: helm pull of every chart, then every render. */
  cold: Summary;
  /** Charts cached, renders not: every render, no download. */
  chartsCached: Summary;
  /** Charts and renders cached: no helm at all. */
  warm: Summary;
  helmRuns: { cold: number; chartsCached: number; warm: number };
}

export async function benchCharts(options: { runs: number; log?: (line: string) => void }): Promise<ChartBenchResult> {
  const log = options.log ?? (() => {});
  const repo = await serveChartRepo(['postgresql-12.12.10', 'postgresql-13.0.0', 'redis-17.17.1']);
  const dir = await copyFleet();
  try {
    const wander = path.join(dir, 'apps/wander.yaml');
    await writeFile(wander, (await readFile(wander, 'utf8')).replaceAll('oci://registry-1.docker.io/bitnamicharts', repo.url));
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
    };
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '-A'],
      ['commit', '-qm', 'fleet'],
    ])
      await run('git', args, { cwd: dir, env });
    const text = await readFile(wander, 'utf8');
    await writeFile(wander, text.replace('version: "12.12.10"', 'version: "13.0.0"').replace('architecture: standalone', 'architecture: replication'));
    const helm = await countingHelm(dir);
    const cache = path.join(dir, '.cache');
    const diffEnv = { FLOTILLA_CACHE_DIR: cache, FLOTILLA_HELM: helm.path };
    const measure = async (label: string, prepare: () => Promise<void>) => {
      const times: number[] = [];
      let helmRuns = 0;
      for (let i = 0; i < options.runs; i++) {
        await prepare();
        const calls = (await helm.calls()).length;
        const r = await runNode([CLI, 'diff', '--root', dir], diffEnv);
        if (r.exitCode !== 0) throw new Error(`flotilla diff failed (${label}):\n${r.stderr}${r.stdout}`);
        helmRuns = (await helm.calls()).length - calls;
        times.push(r.ms);
      }
      log(`diff with charts, ${label}: ${(summarize(times).median / 1000).toFixed(2)} s, ${helmRuns} helm runs`);
      return { summary: summarize(times), helmRuns };
    };
    // The helm binary's version is remembered across runs like any other cache entry; ask it once up front.
    await runNode([CLI, 'diff', '--root', dir], diffEnv);
    const versions = await readFile(path.join(cache, 'helm', 'helm-versions.json'), 'utf8');
    const cold = await measure('cold chart cache', async () => {
      await rm(cache, { recursive: true, force: true });
      await mkdir(path.join(cache, 'helm'), { recursive: true });
      await writeFile(path.join(cache, 'helm', 'helm-versions.json'), versions);
    });
    const chartsCached = await measure('charts cached, renders not', () => rm(path.join(cache, 'helm', 'renders'), { recursive: true, force: true }));
    const warm = await measure('warm chart cache', async () => {});
    return {
      runs: options.runs,
      cold: cold.summary,
      chartsCached: chartsCached.summary,
      warm: warm.summary,
      helmRuns: { cold: cold.helmRuns, chartsCached: chartsCached.helmRuns, warm: warm.helmRuns },
    };
  } finally {
    await repo.close();
    await removeDir(dir);
  }
}

export function formatChartBench(r: ChartBenchResult): string {
  const s = (x: Summary) => `${(x.median / 1000).toFixed(2)} s (${(x.min / 1000).toFixed(2)}–${(x.max / 1000).toFixed(2)})`;
  return [
    `flotilla diff with Helm charts (example fleet, charts served on loopback; postgresql 12.12.10 → 13.0.0 and a Redis values change), medians of ${r.runs} runs`,
    `  cold chart cache (helm pull + helm template): ${s(r.cold)}, ${r.helmRuns.cold} helm runs`,
    `  charts cached, renders not (helm template):   ${s(r.chartsCached)}, ${r.helmRuns.chartsCached} helm runs`,
    `  warm chart cache (no helm):                   ${s(r.warm)}, ${r.helmRuns.warm} helm runs`,
  ].join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  benchCharts({ runs: Number(values.runs), log: (l) => process.stderr.write(`${l}\n`) })
    .then((r) => process.stdout.write(`\`\`\`\n${formatChartBench(r)}\n\`\`\`\n`))
    .catch((error) => {
      process.stderr.write(`${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    });
}
