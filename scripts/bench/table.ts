/** The bench results as a Markdown table (for the README) and the targets, each met or not. */
import type { MeasureName, SizeResult } from './measure-size.ts';
import type { Summary } from './stats.ts';

const COLUMNS: [MeasureName, string][] = [
  ['cold', 'cold generate'],
  ['warm', 'warm, no change'],
  ['warmFull', 'warm, `--no-cache`'],
  ['check', '`--check`'],
  ['appChanged', 'one app changed'],
  ['clusterAdded', 'one cluster added'],
  ['floor', 'floor'],
];

export function markdownTable(results: SizeResult[]): string {
  const head = [
    'size',
    'apps × envs',
    'clusters (differing)',
    'files',
    'output',
    ...COLUMNS.map(([, title]) => title),
    'cold / floor',
    'peak RSS (cold)',
    'files written: cold / warm / app / cluster',
  ];
  const rows = results.map((r) => [
    r.size,
    `${r.fleet.apps} × ${r.fleet.environments}`,
    `${r.fleet.clusters} (${r.fleet.overrideClusters})`,
    String(r.output.files),
    `${(r.output.bytes / 1e6).toFixed(1)} MB`,
    ...COLUMNS.map(([m]) => seconds(r.measures[m].ms)),
    `${(r.measures.cold.ms.median / r.measures.floor.ms.median).toFixed(2)}×`,
    `${Math.round(r.measures.cold.rssKb.median / 1024)} MB`,
    (['cold', 'warm', 'appChanged', 'clusterAdded'] as const).map((m) => median(r.measures[m].filesWritten)).join(' / '),
  ]);
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
}

export interface Target {
  text: string;
  met: boolean;
  value: string;
}

export function targets(results: SizeResult[]): Target[] {
  const by = new Map(results.map((r) => [r.size, r]));
  const out: Target[] = [];
  const L = by.get('L');
  const M = by.get('M');
  const L2 = by.get('L2');
  if (L) {
    const cold = L.measures.cold.ms.median;
    const floor = L.measures.floor.ms.median;
    out.push({ text: 'L cold generate ≤ 5 s', met: cold <= 5000, value: s(cold) });
    out.push({ text: 'L cold generate within 2× of the floor', met: cold <= 2 * floor, value: `${(cold / floor).toFixed(2)}× (floor ${s(floor)})` });
    out.push({
      text: 'L cold generate peak RSS ≤ 1 GB',
      met: L.measures.cold.rssKb.median <= 1024 * 1024,
      value: `${Math.round(L.measures.cold.rssKb.median / 1024)} MB`,
    });
    const warmWrites = Math.max(...L.measures.warm.filesWritten);
    out.push({
      text: 'L warm generate (no change) ≤ 2 s, zero files written',
      met: L.measures.warm.ms.median <= 2000 && warmWrites === 0,
      value: `${s(L.measures.warm.ms.median)}, ${warmWrites} files (the whole pipeline, --no-cache: ${s(L.measures.warmFull.ms.median)})`,
    });
    out.push({ text: 'L one app changed ≤ 1 s', met: L.measures.appChanged.ms.median <= 1000, value: s(L.measures.appChanged.ms.median) });
  }
  if (M) out.push({ text: 'M cold generate ≤ 1.5 s', met: M.measures.cold.ms.median <= 1500, value: s(M.measures.cold.ms.median) });
  if (L && L2) {
    const ratio = L2.measures.cold.ms.median / L.measures.cold.ms.median;
    out.push({
      text: 'doubling clusters without overrides (L → L2) does not double cold generate',
      met: ratio < 2,
      value: `${ratio.toFixed(2)}× time, ${(L2.output.bytes / L.output.bytes).toFixed(2)}× bytes`,
    });
  }
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
