/**
 * What a reviewer must not miss in a change: Applications Argo CD will not
 * delete by itself, clusters and environments emptied, protected apps losing
 * Applications, new cluster-scoped resources, new security opt-outs. Only
 * what is new in this change is reported, so a warning means "look here".
 */
import { type Diagnostic, formatDiagnostic } from '../diagnostics.ts';
import { isClusterScopedKind, objectKey, objectRef } from '../model/object.ts';
import type { ChangeSummary } from './change-summary.ts';
import type { FleetSnapshot } from './snapshot.ts';

export function warningsFor(summary: ChangeSummary, before: FleetSnapshot, after: FleetSnapshot): string[] {
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
  warnings.push(...newClusterScoped(summary, before, after));
  warnings.push(...newOptOuts(before.plan?.warnings ?? [], after.plan?.warnings ?? []));
  return warnings;
}

function newClusterScoped(summary: ChangeSummary, before: FleetSnapshot, after: FleetSnapshot): string[] {
  if (!after.rendered || !before.rendered) return [];
  const declared = new Set((after.plan?.apps ?? []).flatMap((a) => a.clusterScoped.map((k) => k.kind)));
  const where = new Map<string, string[]>();
  for (const t of summary.targets) {
    if (t.kind !== 'app' || t.change === 'removed') continue;
    const a = after.inventory.applications.get(t.application)!;
    const b = before.inventory.applications.get(t.application);
    const had = new Set((b ? (before.rendered.get(b.source) ?? []) : []).map(objectKey));
    for (const o of after.rendered.get(a.source) ?? []) {
      if (!(isClusterScopedKind(o.kind) || declared.has(o.kind)) || had.has(objectKey(o))) continue;
      const ref = objectRef(o);
      where.set(ref, [...(where.get(ref) ?? []), `${t.app} on ${t.cluster}`]);
    }
  }
  return [...where].sort(([x], [y]) => (x < y ? -1 : 1)).map(([ref, targets]) => `new cluster-scoped resource ${ref} (${targets.join(', ')})`);
}

const OPT_OUT = /^security opt-out/;

function newOptOuts(before: Diagnostic[], after: Diagnostic[]): string[] {
  // Line numbers move with unrelated edits: an opt-out is "the same" when file, field and text are.
  const key = (d: Diagnostic) => `${d.file}|${d.path}|${d.message}`;
  const known = new Set(before.filter((d) => OPT_OUT.test(d.message)).map(key));
  return after.filter((d) => OPT_OUT.test(d.message) && !known.has(key(d))).map((d) => `new ${formatDiagnostic(d).replace(' warning:', '')}`);
}

function sorted(items: Iterable<string>): string[] {
  return [...new Set(items)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
