/**
 * Identical changes shown once. Per app, every change (an object added or
 * removed, one field of one object changed) is keyed by what it is; the
 * clusters where it happens become its "where", and changes with the same
 * where form one group: what all clusters share is said once, what differs
 * per cluster is said per cluster.
 *
 * A change identical in several apps once the app's name is abstracted
 * (`{app}-web`, `{app}.example.com`) — a fleet-wide setting — is lifted out
 * of the apps into a shared group.
 */

import { compareStrings } from '../diagnostics.ts';
import type { AppChanges, ApplicationDiff, ChangeGroup, GroupItem, ObjectDiff, SharedGroup } from './model.ts';
import { describeWhere, type Universe } from './where.ts';

/** A change found in at least this many apps is shown once for all of them. */
export const SHARED_MIN_APPS = 3;

interface Atom {
  key: string;
  item: GroupItem;
  clusters: string[];
  order: number;
}

export function groupChanges(applications: readonly ApplicationDiff[], u: Universe): { apps: AppChanges[]; shared: SharedGroup[] } {
  const byApp = new Map<string, ApplicationDiff[]>();
  for (const a of applications) {
    const key = a.app ?? a.name;
    const list = byApp.get(key);
    if (list) list.push(a);
    else byApp.set(key, [a]);
  }
  const perApp = [...byApp.keys()].sort(compareStrings).map((app) => collect(app, byApp.get(app)!));
  const sharedKeys = findShared(perApp);
  const apps = perApp.map((p) => finishApp(p, sharedKeys, u));
  return { apps, shared: sharedGroups(perApp, sharedKeys, u) };
}

interface Collected {
  app: string;
  diffs: ApplicationDiff[];
  atoms: Map<string, Atom>;
  /** Template key → atom key, for the atoms that could be shared. */
  templates: Map<string, string>;
}

function collect(app: string, diffs: ApplicationDiff[]): Collected {
  const atoms = new Map<string, Atom>();
  for (const d of diffs) {
    if (d.change !== 'changed') continue;
    for (const { key, item } of [...objectItems(d.objects), ...applicationItems(d)]) {
      const atom = atoms.get(key);
      if (atom) atom.clusters.push(d.cluster);
      else atoms.set(key, { key, item, clusters: [d.cluster], order: atoms.size });
    }
  }
  const templates = new Map<string, string>();
  for (const atom of atoms.values()) templates.set(templated(atom.key, app), atom.key);
  return { app, diffs, atoms, templates };
}

interface KeyedItem {
  key: string;
  item: GroupItem;
}

const itemCache = new WeakMap<ObjectDiff[], KeyedItem[]>();

/** The changes of one Application's objects, keyed; computed once per distinct result (shared by the clusters of one overlay). */
function objectItems(objects: ObjectDiff[]): KeyedItem[] {
  let items = itemCache.get(objects);
  if (items) return items;
  items = [];
  for (const o of objects) {
    const object = { apiVersion: o.apiVersion, kind: o.kind, ...(o.namespace ? { namespace: o.namespace } : {}), name: o.name };
    if (o.change !== 'changed') items.push(keyed({ object, change: o.change }));
    else for (const field of o.fields) items.push(keyed({ object, change: 'changed', field }));
  }
  itemCache.set(objects, items);
  return items;
}

/** Changes of the Application object; its name ends in the cluster's, so it is named by what precedes: `shop-redis-{cluster}`. */
function applicationItems(d: ApplicationDiff): KeyedItem[] {
  if (d.application.length === 0) return [];
  const name = d.name.endsWith(`-${d.cluster}`) ? `${d.name.slice(0, -d.cluster.length)}{cluster}` : d.name;
  const object = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', name };
  return d.application.map((field) => keyed({ object, change: 'changed', field }));
}

function keyed(item: GroupItem): KeyedItem {
  const f = item.field;
  const key = JSON.stringify([
    item.object.kind,
    item.object.namespace ?? '',
    item.object.name,
    item.change,
    f?.path,
    f?.change,
    f?.hidden,
    f?.before,
    f?.after,
  ]);
  return { key, item };
}

function itemOfKey(key: string, apiVersion: string): GroupItem {
  const [kind, namespace, name, change, path, fieldChange, hidden, before, after] = JSON.parse(key);
  const object = { apiVersion, kind, ...(namespace ? { namespace } : {}), name };
  if (path === undefined || path === null) return { object, change };
  const field = {
    path,
    change: fieldChange,
    ...(hidden ? { hidden: true } : {}),
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  };
  return { object, change, field };
}

/** `key` with the app's name, where it stands as a word of its own, replaced by `{app}`. */
export function templated(key: string, app: string): string {
  if (app.length < 3) return key;
  const escaped = app.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return key.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), '{app}');
}

/** Template keys found in enough apps, with those apps. */
function findShared(perApp: Collected[]): Map<string, string[]> {
  const apps = new Map<string, string[]>();
  for (const p of perApp) {
    for (const t of p.templates.keys()) {
      const list = apps.get(t);
      if (list) list.push(p.app);
      else apps.set(t, [p.app]);
    }
  }
  for (const [t, list] of apps) if (list.length < SHARED_MIN_APPS) apps.delete(t);
  return apps;
}

function finishApp(p: Collected, shared: Map<string, string[]>, u: Universe): AppChanges {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  const created: Record<string, number> = Object.create(null);
  const deleted: Record<string, number> = Object.create(null);
  const objects = { added: 0, changed: 0, removed: 0 };
  const charts = new Set<string>();
  for (const d of p.diffs) {
    (d.change === 'added' ? added : d.change === 'removed' ? removed : changed).push(d.cluster);
    if (d.change !== 'changed')
      for (const o of d.objects) (d.change === 'added' ? created : deleted)[o.kind] = ((d.change === 'added' ? created : deleted)[o.kind] ?? 0) + 1;
    objects.added += d.counts.added;
    objects.changed += d.counts.changed;
    objects.removed += d.counts.removed;
    for (const c of d.charts) charts.add(c);
  }
  const own = [...p.atoms.values()].filter((a) => !shared.has(templated(a.key, p.app)));
  const where = (clusters: string[]) => (clusters.length ? describeWhere(clusters, u) : null);
  return {
    app: p.app,
    project: p.diffs[0]!.project,
    applications: { added: where(added), removed: where(removed), changed: where(changed) },
    objects,
    created: sortedRecord(created),
    deleted: sortedRecord(deleted),
    groups: groupsOf(own, u),
    sharedItems: p.atoms.size - own.length,
    charts: [...charts].sort(compareStrings),
  };
}

function groupsOf(atoms: Atom[], u: Universe): ChangeGroup[] {
  const byWhere = new Map<string, { clusters: string[]; atoms: Atom[] }>();
  for (const atom of atoms) {
    const clusters = [...new Set(atom.clusters)].sort(compareStrings);
    const key = clusters.join('\n');
    const g = byWhere.get(key);
    if (g) g.atoms.push(atom);
    else byWhere.set(key, { clusters, atoms: [atom] });
  }
  return [...byWhere.values()]
    .map((g) => ({ where: describeWhere(g.clusters, u), items: sortItems(g.atoms) }))
    .sort((x, y) => y.where.clusters - x.where.clusters || compareStrings(x.where.text, y.where.text));
}

function sortItems(atoms: Atom[]): GroupItem[] {
  const keyOf = (a: Atom) => `${a.item.object.kind}/${a.item.object.namespace ?? ''}/${a.item.object.name}`;
  return [...atoms].sort((x, y) => compareStrings(keyOf(x), keyOf(y)) || x.order - y.order).map((a) => a.item);
}

function sharedGroups(perApp: Collected[], shared: Map<string, string[]>, u: Universe): SharedGroup[] {
  const byApp = new Map(perApp.map((p) => [p.app, p]));
  const groups = new Map<string, { apps: string[]; clusters: Set<string>; applications: Set<string>; items: { key: string; item: GroupItem }[] }>();
  for (const [template, apps] of shared) {
    const clusters = new Set<string>();
    const applications = new Set<string>();
    let apiVersion = '';
    for (const app of apps) {
      const p = byApp.get(app)!;
      const atom = p.atoms.get(p.templates.get(template)!)!;
      apiVersion = atom.item.object.apiVersion;
      for (const c of atom.clusters) {
        clusters.add(c);
        applications.add(`${app}\n${c}`);
      }
    }
    const key = `${apps.join('\n')}\n\n${[...clusters].sort(compareStrings).join('\n')}`;
    const g = groups.get(key) ?? { apps, clusters, applications: new Set<string>(), items: [] };
    for (const a of applications) g.applications.add(a);
    g.items.push({ key: template, item: itemOfKey(template, apiVersion) });
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({
      apps: g.apps,
      where: describeWhere(g.clusters, u),
      applications: g.applications.size,
      items: g.items.sort((x, y) => compareStrings(x.key, y.key)).map((x) => x.item),
    }))
    .sort((x, y) => y.apps.length - x.apps.length || y.where.clusters - x.where.clusters || compareStrings(x.apps[0]!, y.apps[0]!));
}

function sortedRecord(r: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const k of Object.keys(r).sort(compareStrings)) out[k] = r[k]!;
  return out;
}
