/** The bench results as Markdown tables (for the README) and the speed targets, each met or not. */
import type { MeasureName, SizeResult } from './measure-size.ts';
import type { Summary } from './stats.ts';

const COLUMNS: [MeasureName, string][] = [
  ['cold', 'cold generate'],
  ['floor', 'floor (same disk state)'],
  ['warm', 'warm, no change'],
  ['warmFull', 'warm, `--no-cache`'],
  ['check', '`--check`'],
  ['appChanged', 'one app changed'],
  ['clusterAdded', 'one cluster added'],
  ['previewOne', 'preview of one Application'],
  ['kustomizeOne', '`kubectl kustomize` of its overlay'],
];

/** Wall time (and user + system CPU) of each measured command, medians with ranges. */
export function markdownTable(results: SizeResult[]): string {
  const head = ['size', 'apps × envs', 'clusters (differing)', 'files', 'objects', 'output', ...COLUMNS.map(([, title]) => title)];
  const rows = results.map((r) => [
    r.size,
    `${r.fleet.apps} × ${r.fleet.environments}`,
    `${r.fleet.clusters} (${r.fleet.overrideClusters})`,
    String(r.output.files),
    String(r.output.objects),
    `${(r.output.bytes / 1e6).toFixed(1)} MB`,
    ...COLUMNS.map(([m]) => `${seconds(r.measures[m].ms)}<br>cpu ${s(r.measures[m].cpuMs.median)}`),
  ]);
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
}

/** Ratios and the costs behind them: cold against the floor, per file, per object, memory, load. */
export function ratioTable(results: SizeResult[]): string {
  const head = [
    'size',
    'cold / floor (wall)',
    'cold CPU: user + system',
    'floor: system CPU per file written',
    '`--check` / reading the files',
    'objects per CPU second (cold)',
    'cdk8s writing the same objects: per CPU second',
    'preview one / kustomize one',
    'peak RSS (cold)',
    'files written: cold / warm / app / cluster',
    'load average at starts',
  ];
  const rows = results.map((r) => {
    const m = r.measures;
    return [
      r.size,
      `${(m.cold.ms.median / m.floor.ms.median).toFixed(2)}×`,
      `${s(m.cold.userMs.median)} + ${s(m.cold.systemMs.median)}`,
      `${((r.floorParts.writeSystemMs.median / r.output.files) * 1000).toFixed(0)} µs`,
      `${(m.check.ms.median / r.floorParts.readMs.median).toFixed(1)}× (read ${s(r.floorParts.readMs.median)})`,
      String(Math.round(r.output.objects / (m.cold.cpuMs.median / 1000))),
      r.cdk8sCpuMs
        ? `${Math.round(r.output.objects / (r.cdk8sCpuMs.median / 1000))} (Flotilla ${(r.cdk8sCpuMs.median / m.cold.cpuMs.median).toFixed(1)}×)`
        : 'not measured',
      `${(m.previewOne.ms.median / m.kustomizeOne.ms.median).toFixed(2)}×`,
      `${Math.round(m.cold.rssKb.median / 1024)} MB`,
      (['cold', 'warm', 'appChanged', 'clusterAdded'] as const).map((k) => median(m[k].filesWritten)).join(' / '),
      `${m.cold.load.min.toFixed(1)}–${Math.max(...MEASURED.map((k) => m[k].load.max)).toFixed(1)}`,
    ];
  });
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
}

const MEASURED: MeasureName[] = COLUMNS.map(([m]) => m);

export interface Target {
  text: string;
  met: boolean;
  value: string;
}

/** The targets, for whichever sizes were measured. */
export function targets(results: SizeResult[]): Target[] {
  const by = new Map(results.map((r) => [r.size, r]));
  const out: Target[] = [];
  const L = by.get('L');
  const M = by.get('M');
  const S = by.get('S');
  if (L) {
    const m = L.measures;
    out.push({
      text: 'L one app changed ≤ 1 s',
      met: m.appChanged.ms.median <= 1000,
      value: `${s(m.appChanged.ms.median)}, cpu ${s(m.appChanged.cpuMs.median)}`,
    });
    out.push({
      text: 'L one cluster added ≤ 1 s',
      met: m.clusterAdded.ms.median <= 1000,
      value: `${s(m.clusterAdded.ms.median)}, cpu ${s(m.clusterAdded.cpuMs.median)}`,
    });
    out.push({ text: 'L cold ≤ 8 s of CPU (user + system)', met: m.cold.cpuMs.median <= 8000, value: s(m.cold.cpuMs.median) });
    out.push({
      text: 'L cold ≤ 1.5× the floor',
      met: m.cold.ms.median <= 1.5 * m.floor.ms.median,
      value: `${(m.cold.ms.median / m.floor.ms.median).toFixed(2)}×`,
    });
    out.push({
      text: 'L `--check` ≤ 1.5× reading the same files',
      met: m.check.ms.median <= 1.5 * L.floorParts.readMs.median,
      value: `${s(m.check.ms.median)} vs ${s(L.floorParts.readMs.median)}`,
    });
    out.push({ text: 'L peak memory ≤ 600 MB', met: m.cold.rssKb.median <= 600 * 1024, value: `${Math.round(m.cold.rssKb.median / 1024)} MB` });
  }
  if (M) out.push({ text: 'M cold ≤ 2 s of CPU', met: M.measures.cold.cpuMs.median <= 2000, value: s(M.measures.cold.cpuMs.median) });
  if (S) out.push({ text: 'S cold ≤ 0.5 s of CPU', met: S.measures.cold.cpuMs.median <= 500, value: s(S.measures.cold.cpuMs.median) });
  for (const r of results)
    if (r.cdk8sCpuMs)
      out.push({
        text: `${r.size} objects per CPU second ≥ 10× cdk8s writing the same objects`,
        met: r.cdk8sCpuMs.median >= 10 * r.measures.cold.cpuMs.median,
        value: `${(r.cdk8sCpuMs.median / r.measures.cold.cpuMs.median).toFixed(1)}×`,
      });
  for (const r of results)
    out.push({
      text: `${r.size} preview of one Application faster than \`kubectl kustomize\` of its overlay`,
      met: r.measures.previewOne.ms.median < r.measures.kustomizeOne.ms.median,
      value: `${s(r.measures.previewOne.ms.median)} vs ${s(r.measures.kustomizeOne.ms.median)}`,
    });
  return out;
}

export function targetList(list: Target[]): string {
  return list.map((t) => `- ${t.met ? 'met' : '**not met**'}: ${t.text} (${t.value})`).join('\n');
}

function seconds(x: Summary): string {
  return `${s(x.median)} (${s(x.min, false)}–${s(x.max, false)})`;
}

function s(ms: number, unit = true): string {
  return `${(ms / 1000).toFixed(2)}${unit ? ' s' : ''}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}
