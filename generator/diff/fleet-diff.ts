/**
 * diffFleets(before, after): what changes on every cluster between two
 * revisions of the fleet — Applications created and deleted, and per
 * Application the objects added, removed or changed field by field — then
 * grouped (group.ts), summarised and sorted for review (review.ts).
 *
 * Cost follows the distinct object sets, not the Applications: Applications
 * that deploy the same arrays of objects (one overlay on many clusters) share
 * one comparison and one result.
 */

import { isDeepStrictEqual } from 'node:util';
import { compareStrings } from '../diagnostics.ts';
import type { K8sObject } from '../model/object.ts';
import { groupChanges } from './group.ts';
import type { ApplicationDiff, Change, FleetDiff, FleetSide, ObjectDiff, SideApplication } from './model.ts';
import { diffObjectSets, diffObjects } from './object-diff.ts';
import { reviewItems } from './review.ts';
import { summarise } from './summary.ts';
import { universeOf } from './where.ts';

const NONE: readonly K8sObject[] = Object.freeze([]);

export function diffFleets(before: FleetSide, after: FleetSide): FleetDiff {
  const a = byName(before.applications);
  const b = byName(after.applications);
  const objectDiffs = new PairCache<readonly K8sObject[], ObjectDiff[]>(diffObjectSets);
  const applications: ApplicationDiff[] = [];
  let unchanged = 0;
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings)) {
    const diff = diffApplication(a.get(name), b.get(name), objectDiffs);
    if (diff) applications.push(diff);
    else unchanged++;
  }
  const universe = universeOf(before, after);
  const projects = diffObjectSets(before.projects ?? [], after.projects ?? []);
  const { apps, shared } = groupChanges(applications, universe);
  return {
    summary: summarise(applications, unchanged, before, after),
    review: reviewItems({ before, after, applications, projects, universe }),
    shared,
    apps,
    projects,
    errors: [...(before.errors ?? []).map((e) => `base: ${e}`), ...(after.errors ?? []).map((e) => `head: ${e}`)],
    applications,
  };
}

function byName(apps: readonly SideApplication[]): Map<string, SideApplication> {
  return new Map(apps.map((x) => [x.name, x]));
}

function diffApplication(
  x: SideApplication | undefined,
  y: SideApplication | undefined,
  objectDiffs: PairCache<readonly K8sObject[], ObjectDiff[]>,
): ApplicationDiff | undefined {
  const app = (y ?? x)!;
  const objects = objectDiffs.get(x?.objects ?? NONE, y?.objects ?? NONE);
  const application = x?.object && y?.object && !isDeepStrictEqual(x.object, y.object) ? diffObjects(x.object, y.object) : [];
  const change: Change | undefined = !x ? 'added' : !y ? 'removed' : objects.length || application.length ? 'changed' : undefined;
  if (!change) return undefined;
  return {
    name: app.name,
    appSet: app.appSet ?? '',
    project: app.project,
    cluster: app.cluster,
    ...(app.environment !== undefined ? { environment: app.environment } : {}),
    ...(app.app !== undefined ? { app: app.app } : {}),
    change,
    application,
    objects,
    counts: countsOf(objects),
    charts: [...(app.unrendered ?? [])],
  };
}

const counted = new WeakMap<ObjectDiff[], ApplicationDiff['counts']>();
function countsOf(objects: ObjectDiff[]): ApplicationDiff['counts'] {
  let c = counted.get(objects);
  if (!c) {
    c = { added: 0, changed: 0, removed: 0 };
    for (const o of objects) c[o.change]++;
    counted.set(objects, c);
  }
  return { ...c };
}

/** f(x, y) once per distinct pair of arguments (by identity). */
class PairCache<K extends object, V> {
  private readonly cache = new Map<K, Map<K, V>>();
  constructor(private readonly compute: (x: K, y: K) => V) {}
  get(x: K, y: K): V {
    let row = this.cache.get(x);
    if (!row) {
      row = new Map();
      this.cache.set(x, row);
    }
    let v = row.get(y);
    if (v === undefined) {
      v = this.compute(x, y);
      row.set(y, v);
    }
    return v;
  }
}
