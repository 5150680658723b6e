/**
 * The change summary as plain lines for the terminal / CI log: per app where
 * its Applications change (not one line per Application: a fleet-wide change
 * is thousands), then what to review first.
 */

import { applicationsLine, reviewLine } from '../diff/wording.ts';
import type { ChangeSummary, TargetChange } from './change-summary.ts';
import { cleanupCommands } from './cleanup-commands.ts';
import { CHARTS_NOT_RENDERED_TITLE, chartsNotRenderedLines, DATA_AT_RISK_TITLE, dataAtRiskLines } from './data-at-risk-text.ts';

export function summaryLines(summary: ChangeSummary): string[] {
  const { files, applications } = summary;
  const lines = [
    `change against ${summary.base}${lastGenerated(summary)}:`,
    `  config files: ${summary.configFiles.join(', ') || '(none changed)'}`,
    `  files: ${files.added.length} added, ${files.changed.length} changed, ${files.removed.length} removed`,
  ];
  if (summary.diff) {
    for (const app of summary.diff.apps) {
      const o = app.objects;
      lines.push(`  ${app.app}: ${applicationsLine(app)}; objects +${o.added} ~${o.changed} -${o.removed}`);
    }
  } else for (const t of summary.targets) lines.push(targetLine(t));
  const charts = chartsNotRenderedLines(summary);
  if (charts.length) lines.push(`${CHARTS_NOT_RENDERED_TITLE} (objects not compared):`, ...charts.map((c) => `  ${c}`));
  if (applications.created.length) lines.push(`  Applications created: ${applications.created.map((a) => a.name).join(', ')}`);
  if (applications.deleted.length) lines.push(`  Applications deleted: ${applications.deleted.map((a) => a.name).join(', ')}`);
  const risks = dataAtRiskLines(summary);
  if (risks.length) lines.push(`${DATA_AT_RISK_TITLE}:`, ...risks.map((r) => `  ${r}`));
  for (const r of summary.diff?.review ?? []) if (r.category !== 'data-at-risk') lines.push(`review: ${reviewLine(r)}`);
  for (const w of summary.warnings) lines.push(`warning: ${w}`);
  for (const n of summary.notes) lines.push(`note: ${n}`);
  const cleanup = cleanupCommands(summary);
  if (cleanup.length) lines.push('to delete by hand once this is merged (Argo CD will not):', ...cleanup.map((c) => `  ${c}`));
  return lines;
}

function targetLine(t: TargetChange): string {
  const counts = t.counts ? `+${t.counts.added} ~${t.counts.changed} -${t.counts.removed}` : t.kind === 'chart' ? 'Helm chart not rendered' : 'objects unknown';
  const status = t.change === 'added' ? ' (new)' : t.change === 'removed' ? ' (deleted)' : '';
  return `  ${t.application}${status}: app ${t.app}, environment ${t.environment}, cluster ${t.cluster}: ${counts}`;
}

function lastGenerated(summary: ChangeSummary): string {
  const at = summary.generatedAt?.slice(0, 12);
  return at && !summary.base.includes(at) ? ` (output last generated at ${at})` : '';
}
