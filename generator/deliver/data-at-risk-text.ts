/**
 * The "Data at risk" section of the PR body, the commit message and the
 * terminal summary: the first thing a reviewer reads when a change deletes or
 * replaces an object that holds data. Empty when nothing is at risk.
 */

import { describeGroupedRisk, groupDataRisks } from '../model/stateful.ts';
import type { ChangeSummary } from './change-summary.ts';

export const DATA_AT_RISK_TITLE = 'Data at risk';

/** Plain lines, one per object (with every cluster it is on), then why the list may be incomplete. */
export function dataAtRiskLines(summary: ChangeSummary): string[] {
  const { risks, unknown } = summary.dataAtRisk;
  return [
    ...groupDataRisks(risks).map(describeGroupedRisk),
    ...(unknown ? [`objects that hold data could not be compared, so this list may be incomplete: ${unknown}`] : []),
    ...uncheckedChartLines(summary),
  ];
}

/** Chart Applications whose chart changes but was not rendered: their objects were not compared (why: chartsNotRenderedLines). */
function uncheckedChartLines(summary: ChangeSummary): string[] {
  const { charts, chartsSkipped } = summary.dataAtRisk;
  if (charts.length === 0) return [];
  const n = charts.length === 1 ? '1 chart Application' : `${charts.length} chart Applications`;
  const why = chartsSkipped ?? (charts.length === 1 ? 'its chart could not be rendered' : 'their charts could not be rendered');
  return [`the objects of ${n} were not compared (${why}), so this list may be incomplete: ${charts.map((c) => c.application).join(', ')}`];
}

export const CHARTS_NOT_RENDERED_TITLE = 'Helm charts not rendered';

/** One line per chart Application whose chart changes but was not rendered, with why: their objects are not in the counts. */
export function chartsNotRenderedLines(summary: ChangeSummary): string[] {
  return summary.chartsNotRendered.map((c) => `${c.application}: ${c.reason}`);
}

/** A Markdown section (heading, one bullet per object), or nothing. */
export function dataAtRiskMarkdown(summary: ChangeSummary, escapeText: (text: string) => string): string[] {
  const lines = dataAtRiskLines(summary);
  if (lines.length === 0) return [];
  return [
    `## ⚠️ ${DATA_AT_RISK_TITLE}`,
    '',
    summary.dataAtRisk.risks.length > 0
      ? 'This change deletes or replaces objects that hold data. Argo CD asks for confirmation before pruning them (`Prune=confirm`), but once confirmed the data is gone: check each one.'
      : 'Flotilla could not compare every object that holds data in this change: check these by hand before merging.',
    '',
    ...lines.map((l) => `- ${escapeText(l)}`),
    '',
  ];
}
