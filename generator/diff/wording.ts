/** Words shared by the text and Markdown renderings, so both say the same thing the same way. */
import { objectName } from './field.ts';
import type { AppChanges, FleetDiff, GroupItem, ReviewCategory, ReviewItem } from './model.ts';

export const CATEGORY: Record<ReviewCategory, string> = {
  'data-at-risk': 'data at risk',
  'application-deleted': 'Applications deleted',
  rbac: 'RBAC',
  access: 'access',
  'cluster-scoped': 'new cluster-scoped object',
  'pod-security': 'pod security weakened',
  network: 'network policy widened',
  config: 'config warning',
};

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function countsLine(diff: FleetDiff): string {
  const { apps, applications: a, objects: o } = diff.summary;
  return [
    `Apps: ${apps.changed} changed, ${apps.added} added, ${apps.removed} removed, ${apps.unchanged} unchanged`,
    `Applications: ${a.changed} changed, ${a.added} added, ${a.removed} removed, ${a.unchanged} unchanged`,
    `objects: ${o.added} added, ${o.changed} changed, ${o.removed} removed`,
  ].join('; ');
}

export function hasChanges(diff: FleetDiff): boolean {
  return diff.applications.length > 0 || diff.projects.length > 0 || diff.errors.length > 0;
}

export function noChanges(diff: FleetDiff): string {
  return `No rendered changes (${plural(diff.summary.applications.unchanged, 'Application')} unchanged).`;
}

/** "changed everywhere (10 clusters); new on dev: dev-k011 with 14 objects (…)". */
export function applicationsLine(app: AppChanges): string {
  const parts: string[] = [];
  const { changed, added, removed } = app.applications;
  if (changed) parts.push(`changed ${on(changed.text)}`);
  if (added) parts.push(`new ${on(added.text)} with ${kinds(app.created)}`);
  if (removed) parts.push(`deleted ${on(removed.text)}, with ${kinds(app.deleted)}`);
  return `Applications ${parts.join('; ')}`;
}

function on(where: string): string {
  return where.startsWith('everywhere') ? where : `on ${where}`;
}

/** Objects of created/deleted Applications by kind, counted per Application: "28 objects: 2 Deployment, …". */
function kinds(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  const total = entries.reduce((n, [, c]) => n + c, 0);
  return `${plural(total, 'object')}${entries.length ? ` (${entries.map(([k, c]) => `${c} ${k}`).join(', ')})` : ''}`;
}

export function reviewLine(r: ReviewItem): string {
  const who = [r.app, r.object].filter(Boolean).join(' · ');
  return `${CATEGORY[r.category]}: ${who ? `${who}: ` : ''}${r.detail}${r.where ? ` — ${r.where.text}` : ''}`;
}

/** Consecutive items of the same object, in order. */
export function byObject(items: readonly GroupItem[]): { head: GroupItem; items: GroupItem[] }[] {
  const out: { head: GroupItem; items: GroupItem[] }[] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (last?.head.field && item.field && objectName(last.head.object) === objectName(item.object)) last.items.push(item);
    else out.push({ head: item, items: [item] });
  }
  return out;
}

/** An app whose every change is one shown with other apps: listed by name, not given a section of its own. */
export function onlyShared(app: AppChanges): boolean {
  const a = app.applications;
  return app.groups.length === 0 && app.sharedItems > 0 && !a.added && !a.removed && app.charts.length === 0;
}

export function namesList(names: readonly string[], shown: number): string {
  return names.length > shown ? `${names.slice(0, shown).join(', ')} and ${names.length - shown} more` : names.join(', ');
}

export const SIGN = { added: '+', removed: '-', changed: '~' } as const;
