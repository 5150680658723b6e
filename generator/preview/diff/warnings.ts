/**
 * What a reviewer must not miss in a fleet diff: objects that hold data
 * deleted or replaced (first), Applications that stop being generated,
 * other deleted objects, new
 * cluster-scoped objects, AppProject permission changes, and config
 * warnings (security opt-outs among them) that the change introduces.
 */
import type { Diagnostic } from '../../diagnostics.ts';
import { isClusterScopedKind } from '../../model/object.ts';
import { formatDataRisk } from '../../model/stateful.ts';
import type { BuiltFleet } from '../../pipeline.ts';
import type { ApplicationDiff, DiffWarning, ObjectDiff } from './model.ts';

export function computeWarnings(before: BuiltFleet, after: BuiltFleet, apps: ApplicationDiff[], projects: ObjectDiff[]): DiffWarning[] {
  const out: DiffWarning[] = [];
  for (const app of apps) {
    for (const r of app.dataAtRisk) {
      out.push({ kind: 'data-at-risk', application: app.name, message: `${app.name} on ${app.cluster}: ${formatDataRisk(r)}` });
    }
  }
  for (const app of apps) {
    const atRisk = new Set(app.dataAtRisk.map((r) => r.ref));
    if (app.change === 'removed') {
      out.push({
        kind: 'application-deleted',
        application: app.name,
        message: `Application ${app.name} on ${app.cluster} is no longer generated; deleting it deletes its ${app.counts.removed} objects`,
      });
      continue;
    }
    for (const o of app.objects) {
      const ref = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
      if (o.change === 'removed' && !atRisk.has(ref)) out.push({ kind: 'object-deleted', application: app.name, message: `${app.name} removes ${ref}` });
      if (o.change === 'added' && (isClusterScopedKind(o.kind) || !o.namespace))
        out.push({ kind: 'cluster-scoped-added', application: app.name, message: `${app.name} adds cluster-scoped ${ref}` });
    }
  }
  for (const p of projects) {
    const what =
      p.change === 'changed'
        ? `changes ${[...new Set(p.fields.map((f) => (f.path.split(/[.[]/)[0] === 'spec' ? f.path.split(/[.[]/)[1] : f.path)))].join(', ')}`
        : `is ${p.change}`;
    out.push({ kind: 'project-changed', message: `AppProject ${p.name} ${what}` });
  }
  for (const w of newWarnings(before.plan.warnings, after.plan.warnings)) {
    out.push({
      kind: /security opt-out/.test(w.message) ? 'security-opt-out' : 'config-warning',
      message: `${w.file} ${w.path ? `${w.path}: ` : ''}${w.message}`,
    });
  }
  return out;
}

/** Warnings of the new config that the old one did not have; line numbers shift, so they are compared without them. */
function newWarnings(before: Diagnostic[], after: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.file}\n${d.path}\n${d.message}`;
  const old = new Set(before.map(key));
  return after.filter((d) => !old.has(key(d)));
}
