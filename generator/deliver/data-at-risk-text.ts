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
  ];
}

/** A Markdown section (heading, one bullet per object), or nothing. */
export function dataAtRiskMarkdown(summary: ChangeSummary, escapeText: (text: string) => string): string[] {
  const lines = dataAtRiskLines(summary);
  if (lines.length === 0) return [];
  return [
    `## ⚠️ ${DATA_AT_RISK_TITLE}`,
    '',
    'This change deletes or replaces objects that hold data. Argo CD asks for confirmation before pruning them (`Prune=confirm`), but once confirmed the data is gone: check each one.',
    '',
    ...lines.map((l) => `- ${escapeText(l)}`),
    '',
  ];
}
