/**
 * A delivery that deletes more Argo CD Applications than the fleet allows
 * (fleet.guards.maxApplicationDeletions), empties a whole cluster or
 * environment, or deletes or replaces an object that holds data (a claim, a
 * StatefulSet, a database custom resource...) is refused unless the operator
 * says --allow-deletions. So is a change whose objects that hold data cannot be
 * compared: the committed config does not build, or a chart whose inputs change
 * could not be rendered (with --skip-charts those are reported, not refused).
 * Checked before anything is written or pushed.
 */
import { UserError } from '../diagnostics.ts';
import { describeGroupedRisk, groupDataRisks } from '../model/stateful.ts';
import type { ChangeSummary } from './change-summary.ts';

export class DeletionRefusedError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'DeletionRefusedError';
  }
}

export interface GuardVerdict {
  /** Empty when the change is within the budget. */
  reasons: string[];
}

export function judgeDeletions(summary: ChangeSummary, maxApplicationDeletions: number): GuardVerdict {
  const reasons: string[] = [];
  const deleted = summary.applications.deleted;
  if (deleted.length > maxApplicationDeletions) {
    reasons.push(`${deleted.length} Argo CD Application(s) would be deleted, more than fleet.guards.maxApplicationDeletions (${maxApplicationDeletions})`);
  }
  for (const c of summary.removedClusters) reasons.push(`cluster ${c} would lose all of its Applications`);
  for (const e of summary.removedEnvironments) reasons.push(`environment ${e} would lose all of its Applications`);
  return { reasons };
}

/** Every object that holds data and would be deleted or replaced, and where; or why that cannot be told. */
export function judgeDataLoss(summary: ChangeSummary): GuardVerdict {
  const { risks, unknown } = summary.dataAtRisk;
  const reasons = groupDataRisks(risks).map(describeGroupedRisk);
  if (unknown) reasons.push(`cannot tell which objects that hold data would be deleted or replaced: ${unknown}`);
  // With charts turned off on purpose the unchecked charts are reported (commit message, PR body), not refused.
  if (!summary.dataAtRisk.chartsSkipped)
    for (const c of summary.dataAtRisk.charts)
      reasons.push(`cannot tell whether ${c.application} deletes or replaces objects that hold data: its chart could not be rendered: ${c.reason}`);
  return { reasons };
}

/** Throws DeletionRefusedError naming everything that would go, unless allowed. */
export function enforceDeletionGuard(summary: ChangeSummary, maxApplicationDeletions: number, allowDeletions: boolean): void {
  if (allowDeletions) return;
  const applications = judgeDeletions(summary, maxApplicationDeletions).reasons;
  const data = judgeDataLoss(summary).reasons;
  if (applications.length === 0 && data.length === 0) return;
  const lines: string[] = [];
  if (data.length > 0) {
    lines.push('refusing a change that deletes or replaces objects that hold data:', ...data.map((r) => `  - ${r}`));
  }
  if (applications.length > 0) {
    lines.push(
      'refusing a change that deletes Argo CD Applications:',
      ...applications.map((r) => `  - ${r}`),
      'Applications that would be deleted:',
      ...summary.applications.deleted.map((a) => `  ${a.name} (app ${a.app}, environment ${a.environment}, cluster ${a.cluster})`),
    );
  }
  if (!summary.dataAtRisk.chartsSkipped && summary.dataAtRisk.charts.length > 0)
    lines.push(
      'Charts are rendered with helm as `flotilla diff` renders them; without access to the chart repositories, --skip-charts delivers without comparing chart objects.',
    );
  lines.push('Nothing was written, committed or pushed. If this is intended, re-run with --allow-deletions.');
  throw new DeletionRefusedError(lines.join('\n'));
}
