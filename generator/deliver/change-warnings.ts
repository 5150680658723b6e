/**
 * What a reviewer must not miss about Applications in a change: those Argo CD
 * will not delete by itself, clusters and environments emptied, protected
 * apps losing Applications. What the objects do (data at risk, access,
 * cluster-scoped objects, pod security, network policy) is the diff engine's
 * review (ChangeSummary.diff.review).
 */
import type { ChangeSummary } from './change-summary.ts';
import type { FleetSnapshot } from './snapshot.ts';

export function warningsFor(summary: ChangeSummary, before: FleetSnapshot): string[] {
  const warnings: string[] = [];
  const { deleted } = summary.applications;
  if (deleted.length > 0) {
    warnings.push(
      `${deleted.length} Argo CD Application(s) will no longer be generated: ${deleted.map((a) => a.name).join(', ')}. Argo CD does not delete them (applicationsSync: create-update); delete them by hand.`,
    );
  }
  for (const c of summary.removedClusters) warnings.push(`cluster ${c} loses all of its Applications`);
  for (const e of summary.removedEnvironments) warnings.push(`environment ${e} loses all of its Applications`);
  const protectedApps = new Set((before.plan?.apps ?? []).filter((a) => a.protected).map((a) => a.name));
  for (const app of sorted(deleted.filter((a) => protectedApps.has(a.app)).map((a) => a.app))) {
    warnings.push(`protected app ${app} has Applications deleted`);
  }
  return warnings;
}

function sorted(items: Iterable<string>): string[] {
  return [...new Set(items)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
