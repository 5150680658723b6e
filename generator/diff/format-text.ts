/**
 * The terminal rendering of a FleetDiff: counts, then what to review first,
 * then changes shared by several apps, then each app's changes grouped by
 * where they apply. Colour only when asked (a TTY without NO_COLOR).
 */

import { FULL, objectName, renderField } from './field.ts';
import type { AppChanges, FleetDiff, GroupItem, ObjectDiff } from './model.ts';
import { applicationsLine, byObject, countsLine, hasChanges, namesList, noChanges, onlyShared, plural, reviewLine, SIGN } from './wording.ts';

const CODES = { green: 32, red: 31, yellow: 33, bold: 1, dim: 2, magenta: 35, cyan: 36 } as const;
type Paint = (style: keyof typeof CODES, text: string) => string;

const APPS_NAMED = 10;

export function renderDiffText(diff: FleetDiff, options: { color?: boolean } = {}): string {
  const paint: Paint = options.color ? (style, text) => `\u001b[${CODES[style]}m${text}\u001b[0m` : (_s, text) => text;
  if (!hasChanges(diff)) return noChanges(diff);
  const lines: string[] = [`${countsLine(diff)}.`];
  for (const k of diff.summary.byKind) lines.push(`  ${k.kind}: ${[`+${k.added}`, `~${k.changed}`, `-${k.removed}`].join(' ')}`);
  if (diff.review.length || diff.errors.length) {
    lines.push('', paint('bold', 'Review first:'));
    for (const e of diff.errors) lines.push(paint('red', `  ✗ ${e}`));
    for (const r of diff.review) lines.push(paint('magenta', `  ! ${reviewLine(r)}`));
  }
  for (const g of diff.shared) {
    lines.push('', `${paint('bold', `Same change in ${g.apps.length} apps`)} (${namesList(g.apps, APPS_NAMED)}), ${plural(g.applications, 'Application')}:`);
    lines.push(`  ${paint('cyan', g.where.text)}:`, ...itemLines(g.items, paint, '    '));
  }
  const shared = diff.apps.filter(onlyShared).map((a) => a.app);
  if (shared.length) lines.push('', paint('dim', `${plural(shared.length, 'app')} with only the changes shown above: ${shared.join(', ')}`));
  for (const app of diff.apps.filter((a) => !onlyShared(a))) lines.push('', ...appLines(app, paint));
  if (diff.projects.length) {
    lines.push('', paint('bold', 'AppProjects:'));
    for (const p of diff.projects) lines.push(...projectLines(p, paint));
  }
  return lines.join('\n');
}

function appLines(app: AppChanges, paint: Paint): string[] {
  const sign = app.applications.changed || (app.applications.added && app.applications.removed) ? '~' : app.applications.added ? '+' : '-';
  const colour = sign === '+' ? 'green' : sign === '-' ? 'red' : 'yellow';
  const lines = [`${paint(colour, sign)} ${paint('bold', app.app)} ${paint('dim', `(${app.project})`)}: ${applicationsLine(app)}`];
  if (app.sharedItems) lines.push(paint('dim', `  and ${plural(app.sharedItems, 'change')} shown above with other apps`));
  if (app.charts.length) lines.push(paint('dim', `  Helm (not rendered): ${app.charts.join(', ')}`));
  for (const g of app.groups) lines.push(`  ${paint('cyan', g.where.text)}:`, ...itemLines(g.items, paint, '    '));
  return lines;
}

function itemLines(items: readonly GroupItem[], paint: Paint, indent: string): string[] {
  const out: string[] = [];
  for (const { head, items: fields } of byObject(items)) {
    const colour = head.change === 'added' ? 'green' : head.change === 'removed' ? 'red' : 'yellow';
    out.push(`${indent}${paint(colour, SIGN[head.change])} ${objectName(head.object)}`);
    for (const item of fields) {
      if (!item.field) continue;
      const r = renderField(item.field, FULL);
      out.push(`${indent}    ${r.text}`);
      for (const l of r.lines) out.push(`${indent}      ${paint(l.startsWith('+') ? 'green' : l.startsWith('-') ? 'red' : 'dim', l)}`);
    }
  }
  return out;
}

function projectLines(p: ObjectDiff, paint: Paint): string[] {
  const out = [`  ${SIGN[p.change]} ${objectName(p)}`];
  for (const f of p.fields) {
    const r = renderField(f, FULL);
    out.push(`      ${r.text}`, ...r.lines.map((l) => `        ${paint(l.startsWith('+') ? 'green' : l.startsWith('-') ? 'red' : 'dim', l)}`));
  }
  return out;
}

/** Colour when the output is a terminal and NO_COLOR (https://no-color.org) is not set to a non-empty value. */
export function wantsColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && !env.NO_COLOR;
}
