/** How `flotilla preview` prints Applications: an aligned table for people, JSON for machines. */
import type { ApplicationSource, PreviewApplication } from '../appset/fleet-applications.ts';

export function sourceSummary(s: ApplicationSource): string {
  if (s.type === 'path') return s.path;
  if (s.type === 'helm') return `helm ${s.chart}@${s.version}${s.valueFiles.length ? ` (${s.valueFiles.join(', ')})` : ''}`;
  return `ref ${s.ref}`;
}

export function renderApplicationTable(apps: readonly PreviewApplication[]): string {
  const header = ['NAME', 'PROJECT', 'CLUSTER', 'NAMESPACE', 'SOURCE', 'SYNC'];
  const rows = apps.map((a) => [
    a.name,
    a.project,
    a.cluster,
    a.namespace,
    a.sources
      .filter((s) => s.type !== 'ref')
      .map(sourceSummary)
      .join(' + '),
    a.sync,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

export function applicationsJson(apps: readonly PreviewApplication[]): unknown[] {
  return apps.map(({ object, ...summary }) => ({ ...summary, application: object }));
}
