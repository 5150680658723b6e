/** The terminal rendering of a FleetDiff: one line per change, colour only when asked (a TTY without NO_COLOR). */

import { describeField, lineChanges, objectRef, placement } from './format-value.ts';
import type { ApplicationDiff, FleetDiff, ObjectDiff } from './model.ts';

const CODES = { green: 32, red: 31, yellow: 33, bold: 1, dim: 2, magenta: 35 } as const;
type Paint = (style: keyof typeof CODES, text: string) => string;

const MAX_OBJECTS_LISTED = 50;

export function renderDiffText(diff: FleetDiff, options: { color?: boolean } = {}): string {
  const paint: Paint = options.color ? (style, text) => `\u001b[${CODES[style]}m${text}\u001b[0m` : (_s, text) => text;
  const lines: string[] = [summaryLine(diff)];
  for (const app of diff.applications) lines.push('', ...applicationLines(app, paint));
  if (diff.projects.length) {
    lines.push('', paint('bold', 'AppProjects:'));
    for (const p of diff.projects) lines.push(...objectLines(p, paint, '  '));
  }
  if (diff.warnings.length) {
    lines.push('', paint('bold', 'Warnings:'));
    for (const w of diff.warnings) lines.push(paint('magenta', `  ! ${w.message}`));
  }
  if (diff.errors.length || diff.chartErrors.length) {
    lines.push('', paint('bold', 'Errors:'));
    for (const e of diff.errors) lines.push(paint('red', `  ✗ ${e}`));
    for (const e of diff.chartErrors) lines.push(paint('red', `  ✗ ${e}`));
  }
  return lines.join('\n');
}

export function summaryLine(diff: FleetDiff): string {
  const a = diff.summary.applications;
  const o = diff.summary.objects;
  if (!diff.applications.length && !diff.projects.length) return `No rendered changes (${a.unchanged} Applications unchanged).`;
  return `Applications: ${a.added} added, ${a.removed} removed, ${a.changed} changed, ${a.unchanged} unchanged; objects: ${o.added} added, ${o.removed} removed, ${o.changed} changed.`;
}

function applicationLines(app: ApplicationDiff, paint: Paint): string[] {
  const where = paint('dim', `(${placement(app)})`);
  if (app.change !== 'changed') {
    const sign = app.change === 'added' ? paint('green', '+') : paint('red', '-');
    const lines = [
      `${sign} ${paint('bold', app.name)} ${where} ${app.change === 'added' ? 'new Application' : 'Application deleted'}: ${app.objects.length} objects${chartNote(app)}`,
    ];
    for (const o of app.objects.slice(0, MAX_OBJECTS_LISTED)) lines.push(`    ${sign} ${objectRef(o)}`);
    if (app.objects.length > MAX_OBJECTS_LISTED) lines.push(`    … ${app.objects.length - MAX_OBJECTS_LISTED} more`);
    return lines;
  }
  const counts = `+${app.counts.added} ~${app.counts.changed} -${app.counts.removed}`;
  const lines = [`${paint('yellow', '~')} ${paint('bold', app.name)} ${where} ${counts}`];
  for (const f of app.application) lines.push(`    ${paint('yellow', '~')} Application: ${describeField(f)}`);
  for (const o of app.objects) lines.push(...objectLines(o, paint, '    '));
  return lines;
}

function objectLines(o: ObjectDiff, paint: Paint, indent: string): string[] {
  if (o.change === 'added') return [`${indent}${paint('green', '+')} ${objectRef(o)}`];
  if (o.change === 'removed') return [`${indent}${paint('red', '-')} ${objectRef(o)}`];
  const lines: string[] = [];
  for (const f of o.fields) {
    lines.push(`${indent}${paint('yellow', '~')} ${objectRef(o)}: ${describeField(f)}`);
    for (const l of lineChanges(f)) lines.push(`${indent}      ${paint(l.startsWith('+') ? 'green' : l.startsWith('-') ? 'red' : 'dim', l)}`);
  }
  return lines;
}

function chartNote(app: ApplicationDiff): string {
  return app.charts.length ? ` + Helm ${app.charts.join(', ')}${app.chartsRendered ? '' : ' (not rendered)'}` : '';
}

/** Colour when the output is a terminal and NO_COLOR (https://no-color.org) is not set to a non-empty value. */
export function wantsColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && !env.NO_COLOR;
}
