/** The counts a reviewer reads first: apps, Applications and objects added, changed, removed, and objects by kind. */
import { compareStrings } from '../diagnostics.ts';
import type { ApplicationDiff, DiffSummary, FleetSide, ObjectCounts, ObjectDiff } from './model.ts';

export function summarise(applications: readonly ApplicationDiff[], unchanged: number, before: FleetSide, after: FleetSide): DiffSummary {
  const appsOf = (side: FleetSide) => new Set(side.applications.filter((a) => !a.platform).map((a) => a.app ?? a.name));
  const [had, has] = [appsOf(before), appsOf(after)];
  const changedApps = new Set(applications.map((a) => a.app ?? a.name));
  const apps = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const app of new Set([...had, ...has])) {
    // changedApps may name the platform's Applications too; only the fleet's apps are counted here.
    if (!had.has(app)) apps.added++;
    else if (!has.has(app)) apps.removed++;
    else if (changedApps.has(app)) apps.changed++;
    else apps.unchanged++;
  }
  const count = { added: 0, removed: 0, changed: 0, unchanged };
  const objects: ObjectCounts = { added: 0, changed: 0, removed: 0 };
  const byKind = new Map<string, ObjectCounts>();
  for (const a of applications) {
    count[a.change]++;
    objects.added += a.counts.added;
    objects.changed += a.counts.changed;
    objects.removed += a.counts.removed;
    for (const [kind, c] of kindCounts(a.objects)) {
      const total = byKind.get(kind) ?? { added: 0, changed: 0, removed: 0 };
      total.added += c.added;
      total.changed += c.changed;
      total.removed += c.removed;
      byKind.set(kind, total);
    }
  }
  return {
    apps,
    applications: count,
    objects,
    byKind: [...byKind].sort(([x], [y]) => compareStrings(x, y)).map(([kind, c]) => ({ kind, ...c })),
  };
}

const cache = new WeakMap<ObjectDiff[], Map<string, ObjectCounts>>();
function kindCounts(objects: ObjectDiff[]): Map<string, ObjectCounts> {
  let m = cache.get(objects);
  if (!m) {
    m = new Map();
    for (const o of objects) {
      const c = m.get(o.kind) ?? { added: 0, changed: 0, removed: 0 };
      c[o.change]++;
      m.set(o.kind, c);
    }
    cache.set(objects, m);
  }
  return m;
}
