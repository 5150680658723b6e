/** `flotilla versions` for people (a table per app), for pull requests and job summaries (Markdown), and for machines (JSON). */
import { statusOf, type VersionRow } from './versions.ts';

export function versionsText(rows: VersionRow[]): string {
  if (rows.length === 0) return 'no apps match';
  const out: string[] = [];
  for (const app of [...new Set(rows.map((r) => r.app))]) {
    const mine = rows.filter((r) => r.app === app);
    out.push(`${app} (team ${mine[0]!.team})`);
    const table = [
      ['ENVIRONMENT', 'CLUSTER', 'IMAGE OR CHART', 'VERSION', 'SINCE', 'STATUS'],
      ...mine.map((r) => [r.environment, r.cluster ?? '-', label(r), r.version, since(r), statusOf(r)]),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) out.push(`  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd());
    out.push('');
  }
  return out.join('\n').trimEnd();
}

export function versionsMarkdown(rows: VersionRow[]): string {
  const out = ['### Versions per environment and cluster', ''];
  if (rows.length === 0) return [...out, 'No apps match.', ''].join('\n');
  out.push('| App | Environment | Cluster | Image or chart | Version | Since | Status |', '|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const status = statusOf(r);
    out.push(
      `| ${cell(r.app)} | ${cell(r.environment)} | ${cell(r.cluster ?? '–')} | \`${cell(label(r))}\` | ${r.rejected ? '⛔ ' : ''}**${cell(r.version)}** | ${cell(since(r))} | ${cell(status)} |`,
    );
  }
  return `${out.join('\n')}\n`;
}

export function versionsJson(rows: VersionRow[]): string {
  return JSON.stringify({ rows }, null, 2);
}

function label(r: VersionRow): string {
  return r.kind === 'image' ? r.name : `chart ${r.name}`;
}

function since(r: VersionRow): string {
  if (r.since === undefined) return '';
  if (r.since === null) return '(uncommitted)';
  return `${r.since.date.slice(0, 16).replace('T', ' ')} ${r.since.sha.slice(0, 8)}${r.since.pullRequest ? ` #${r.since.pullRequest}` : ''}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
