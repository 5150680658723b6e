/**
 * A delivery that deletes more Argo CD
 * Applications than the fleet allows (fleet.guards.maxApplicationDeletions),
 * or empties a whole cluster or environment, is refused unless the operator
 * says --allow-deletions. Checked before anything is written or pushed.
 */
import { UserError } from '../diagnostics.ts';
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

/** Throws DeletionRefusedError naming everything that would go, unless allowed. */
export function enforceDeletionGuard(summary: ChangeSummary, maxApplicationDeletions: number, allowDeletions: boolean): void {
  const { reasons } = judgeDeletions(summary, maxApplicationDeletions);
  if (reasons.length === 0 || allowDeletions) return;
  const listed = summary.applications.deleted.map((a) => `  ${a.name} (app ${a.app}, environment ${a.environment}, cluster ${a.cluster})`);
  throw new DeletionRefusedError(
    [
      `refusing a change that deletes Argo CD Applications:`,
      ...reasons.map((r) => `  - ${r}`),
      `Applications that would be deleted:`,
      ...listed,
      `Nothing was written, committed or pushed. If this is intended, re-run with --allow-deletions.`,
    ].join('\n'),
  );
}
