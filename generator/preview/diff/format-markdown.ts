/**
 * The pull-request rendering of a FleetDiff (GitHub-flavoured Markdown): a
 * summary table app × environment × cluster, the Applications created and
 * deleted, warnings, then one collapsible section per Application with its
 * field diffs. Kept under a size budget (GitHub caps a PR body at 65,536
 * characters) by dropping the longest details first, saying so.
 */

import { summaryLine } from './format-text.ts';
import { compactValue, lineChanges, objectRef } from './format-value.ts';
import type { ApplicationDiff, FleetDiff, ObjectDiff } from './model.ts';

export interface MarkdownOptions {
  /** Heading of the section (default "Flotilla: rendered changes"). */
  title?: string;
  /** Upper bound on the output length in characters. */
  maxLength?: number;
}

const DEFAULT_MAX = 60_000;

export function renderDiffMarkdown(diff: FleetDiff, options: MarkdownOptions = {}): string {
  const head = headSection(diff, options.title ?? 'Flotilla: rendered changes');
  const details = diff.applications.map((app) => ({ app, text: detailsSection(app) }));
  const projects = diff.projects.length
    ? `<details><summary>AppProjects: ${diff.projects.length} changed</summary>\n\n${fence(diff.projects.flatMap(objectDiffLines))}\n</details>\n`
    : '';
  const budget = (options.maxLength ?? DEFAULT_MAX) - head.length - projects.length - 300;
  // Keep as many details as fit, dropping the longest first so most Applications stay visible.
  const dropped = new Set<ApplicationDiff>();
  let total = details.reduce((n, d) => n + d.text.length, 0);
  for (const d of [...details].sort((x, y) => y.text.length - x.text.length)) {
    if (total <= budget) break;
    dropped.add(d.app);
    total -= d.text.length;
  }
  const kept = details.filter((d) => !dropped.has(d.app)).map((d) => d.text);
  const note = dropped.size
    ? `\n_Details of ${dropped.size} Application${dropped.size === 1 ? '' : 's'} left out to fit; run \`flotilla diff\` locally for all of them._\n`
    : '';
  return `${[head, ...kept, projects, note].filter(Boolean).join('\n').trimEnd()}\n`;
}

function headSection(diff: FleetDiff, title: string): string {
  const out = [`### ${title}`, '', summaryLine(diff), ''];
  if (diff.applications.length) {
    out.push('| Application | App | Environment | Cluster | Added | Changed | Removed |', '|---|---|---|---|--:|--:|--:|');
    for (const a of diff.applications) {
      const mark = a.change === 'added' ? ' (new)' : a.change === 'removed' ? ' (deleted)' : '';
      out.push(
        `| \`${cell(a.name)}\`${mark} | ${cell(a.app ?? '')} | ${cell(a.environment ?? '')} | ${cell(a.cluster)} | ${a.counts.added} | ${a.counts.changed} | ${a.counts.removed} |`,
      );
    }
    out.push('');
  }
  const created = diff.applications.filter((a) => a.change === 'added').map((a) => `\`${a.name}\``);
  const deleted = diff.applications.filter((a) => a.change === 'removed').map((a) => `\`${a.name}\``);
  if (created.length) out.push(`**Applications created:** ${created.join(', ')}`, '');
  if (deleted.length) out.push(`**Applications deleted:** ${deleted.join(', ')}`, '');
  if (diff.warnings.length) out.push('> [!WARNING]', ...diff.warnings.map((w) => `> - ${inline(w.message)}`), '');
  if (diff.errors.length)
    out.push(
      '> [!CAUTION]',
      '> Some ApplicationSets failed to evaluate; Argo CD would apply nothing for them:',
      ...diff.errors.map((e) => `> - ${inline(e)}`),
      '',
    );
  if (diff.chartErrors.length)
    out.push(
      '> [!CAUTION]',
      '> Some Helm charts could not be rendered; their objects are not in this diff:',
      ...diff.chartErrors.map((e) => `> - ${inline(e)}`),
      '',
    );
  return out.join('\n');
}

function detailsSection(app: ApplicationDiff): string {
  const parts = [`${app.counts.added} added`, `${app.counts.changed} changed`, `${app.counts.removed} removed`];
  const summary = `<code>${html(app.name)}</code> — ${app.change === 'changed' ? parts.join(', ') : app.change === 'added' ? `new, ${app.objects.length} objects` : `deleted, ${app.objects.length} objects`}`;
  const lines: string[] = [];
  for (const f of app.application) lines.push(...fieldLines(f, 'Application'));
  for (const o of app.objects) lines.push(...objectDiffLines(o));
  if (app.charts.length) lines.push(`# Helm${app.chartsRendered ? '' : ' (not rendered)'}: ${app.charts.join(', ')}`);
  return `<details><summary>${summary}</summary>\n\n${fence(lines)}\n</details>\n`;
}

function objectDiffLines(o: ObjectDiff): string[] {
  if (o.change === 'added') return [`+ ${objectRef(o)}`];
  if (o.change === 'removed') return [`- ${objectRef(o)}`];
  return [`! ${objectRef(o)}`, ...o.fields.flatMap((f) => fieldLines(f))];
}

/** In a ```diff block: "-" lines red (before), "+" lines green (after), "!" lines highlighted. */
function fieldLines(f: ObjectDiff['fields'][number], prefix?: string): string[] {
  const label = prefix ? `${prefix} ${f.path}` : f.path;
  if (f.hidden) return [`!   ${label} (${f.change}, value hidden)`];
  const multi = lineChanges(f);
  if (multi.length) return [`!   ${label}:`, ...multi.map((l) => `${l[0]}     ${l.slice(2)}`)];
  const out: string[] = [];
  if (f.change !== 'added') out.push(`-   ${label}: ${compactValue(f.before, 200)}`);
  if (f.change !== 'removed') out.push(`+   ${label}: ${compactValue(f.after, 200)}`);
  return out;
}

function fence(lines: string[]): string {
  // A value containing a fence would end the block early.
  return ['```diff', ...lines.map((l) => l.replace(/```/g, '`\u200b``')), '```'].join('\n');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function inline(s: string): string {
  return s.replace(/\n/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

function html(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
