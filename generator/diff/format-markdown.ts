/**
 * The GitHub-flavoured Markdown rendering of a FleetDiff, for a pull-request
 * body or a job summary: counts and objects by kind, then what to review
 * first, then changes shared by several apps, then each app's changes grouped
 * by where they apply. Always within `maxBytes` (fit.ts): detail goes first
 * (shorter values and line diffs, then objects without values, then one line
 * per app), whole sections last, and the reader is told where the full diff is.
 */

import { COMPACT, type FieldStyle, FULL, objectName, renderField } from './field.ts';
import { byteLength, fitSections, type Section } from './fit.ts';
import type { AppChanges, ChangeGroup, FleetDiff, GroupItem, ObjectDiff, ReviewCategory, ReviewItem, SharedGroup } from './model.ts';
import { applicationsLine, byObject, CATEGORY, countsLine, hasChanges, namesList, noChanges, onlyShared, plural } from './wording.ts';

export interface MarkdownOptions {
  /** Heading (default "Flotilla: rendered changes"); null for none (the caller has its own). */
  title?: string | null;
  /** Caller's sections: first of all; after the counts (before what to review first); at the end. */
  intro?: Section[];
  before?: Section[];
  after?: Section[];
  /** Upper bound of the whole document in UTF-8 bytes (so also in characters). Default 60,000. */
  maxBytes?: number;
  /** Review categories the caller presents itself (a pull-request body has its own data-at-risk section). */
  omitReview?: ReviewCategory[];
  /** Markdown naming where the full diff is ("the `flotilla-diff` artifact of [this run](…)"), said at the top and wherever detail was left out. */
  fullDiff?: string;
}

export const PR_BODY_LIMIT = 65_536;
export const JOB_SUMMARY_LIMIT = 1024 * 1024;
const DEFAULT_MAX = 60_000;
const REVIEW_LISTED = 40;
const APPS_OPEN = 10;
const APPS_NAMED = 12;

/** `diff` null: the caller's sections alone (nothing is known about the objects), within the same limit. */
export function renderDiffMarkdown(diff: FleetDiff | null, options: MarkdownOptions = {}): string {
  const where = options.fullDiff ?? 'the full diff: run `flotilla diff --format json`';
  const sections: Section[] = [...(options.intro ?? [])];
  const changes = diff !== null && hasChanges(diff);
  if (diff) sections.push(fixed(headSection(diff, options), 9));
  if (changes && diff.summary.byKind.length) sections.push(kindsSection(diff));
  sections.push(...(options.before ?? []));
  if (changes) {
    const review = diff.review.filter((r) => !options.omitReview?.includes(r.category));
    if (review.length || diff.errors.length) sections.push(reviewSection(review, diff.errors));
    if (diff.shared.length) sections.push(heading('#### Same change in several apps', 2), ...diff.shared.map(sharedSection));
    const own = diff.apps.filter((a) => !onlyShared(a));
    const shared = diff.apps.filter(onlyShared).map((a) => escapeText(a.app));
    if (own.length || shared.length) {
      sections.push(heading('#### Per app', 1));
      if (shared.length) sections.push(sharedAppsSection(shared));
      const open = own.length <= APPS_OPEN;
      sections.push(...own.map((app) => appSection(app, open)));
    }
    if (diff.projects.length) sections.push(projectsSection(diff.projects));
  }
  sections.push(...(options.after ?? []));
  const body = fitSections(
    sections,
    (options.maxBytes ?? DEFAULT_MAX) - 1,
    (n) => `_${plural(n, 'section')} left out to stay within GitHub's size limit; ${where}._\n`,
  );
  return `${body.trimEnd()}\n`;
}

function fixed(text: string, priority: number): Section {
  return { render: () => text, levels: 1, priority, droppable: false };
}

/** Left out with the sections under it (it comes first, so it goes last). */
function heading(text: string, priority: number): Section {
  return { render: () => `${text}\n`, levels: 1, priority, droppable: true, heading: true };
}

function headSection(diff: FleetDiff, options: MarkdownOptions): string {
  const out: string[] = [];
  if (options.title !== null) out.push(`### ${escapeText(options.title ?? 'Flotilla: rendered changes')}`, '');
  out.push(hasChanges(diff) ? `${bold(countsLine(diff))}.` : noChanges(diff));
  if (options.fullDiff && hasChanges(diff)) out.push('', `Full detail (every Application, every field): ${options.fullDiff}.`);
  return `${out.join('\n')}\n`;
}

function bold(counts: string): string {
  return counts.replace(/(^|; )(Apps|Applications|objects):/g, '$1**$2:**');
}

function kindsSection(diff: FleetDiff): Section {
  const rows = diff.summary.byKind;
  const render = (level: number) => {
    const shown = level === 0 ? rows : rows.slice(0, 10);
    const lines = [
      '| Kind | Added | Changed | Removed |',
      '|---|--:|--:|--:|',
      ...shown.map((k) => `| ${cell(k.kind)} | ${k.added} | ${k.changed} | ${k.removed} |`),
    ];
    if (shown.length < rows.length) lines.push('', `… and ${plural(rows.length - shown.length, 'more kind')}.`);
    return `${lines.join('\n')}\n`;
  };
  return { render, levels: rows.length > 10 ? 2 : 1, priority: 6, droppable: false };
}

function reviewSection(items: ReviewItem[], errors: string[]): Section {
  const render = (level: number) => {
    const out = ['#### Review first', ''];
    if (errors.length)
      out.push(
        '> [!CAUTION]',
        '> Not everything could be evaluated (an ApplicationSet, a Helm chart); what failed is left out of this diff:',
        ...errors.map((e) => `> - ${escapeText(e)}`),
        '',
      );
    if (level === 2) {
      const counts = new Map<string, number>();
      for (const r of items) counts.set(CATEGORY[r.category], (counts.get(CATEGORY[r.category]) ?? 0) + 1);
      out.push(...[...counts].map(([c, n]) => `- **${c}**: ${plural(n, 'finding')}`));
    } else {
      const shown = level === 0 ? items : items.slice(0, REVIEW_LISTED);
      out.push(...shown.map(reviewBullet));
      if (shown.length < items.length) out.push(`- … and ${plural(items.length - shown.length, 'more finding')}`);
    }
    return `${out.join('\n')}\n`;
  };
  return { render, levels: 3, priority: 8, droppable: false };
}

function reviewBullet(r: ReviewItem): string {
  const who = [r.app ? `**${escapeText(r.app)}**` : '', r.object ? code(r.object) : ''].filter(Boolean).join(' · ');
  return `- ${CATEGORY[r.category]}: ${who ? `${who}: ` : ''}${escapeText(r.detail)}${r.where ? ` — ${escapeText(r.where.text)}` : ''}`;
}

// Levels of the change sections: full values, compact values, objects and field paths only, one line.
const STYLES: FieldStyle[] = [FULL, COMPACT];

function sharedSection(g: SharedGroup): Section {
  const named = namesList(g.apps, APPS_NAMED);
  const head = `**In ${plural(g.apps.length, 'app')}** (${escapeText(named)}), ${plural(g.applications, 'Application')}, ${escapeText(g.where.text)}:`;
  const render = (level: number) => {
    if (level === 3) return `- ${head.replace(/:$/, '')}: ${plural(g.items.length, 'change')}\n`;
    return `${head}\n\n${itemsMarkdown(g.items, level)}\n`;
  };
  return { render, levels: 4, priority: 2, droppable: true };
}

function sharedAppsSection(apps: string[]): Section {
  const render = (level: number) =>
    `_${plural(apps.length, 'app')} with only the changes shown above:_ ${level === 0 ? apps.join(', ') : namesList(apps, APPS_NAMED)}\n`;
  return { render, levels: apps.length > APPS_NAMED ? 2 : 1, priority: 1, droppable: true };
}

function appSection(app: AppChanges, open: boolean): Section {
  const title = `<b>${html(app.app)}</b> (${html(app.project)}) — ${html(applicationsLine(app))}`;
  const notes = [
    ...(app.sharedItems ? [`_and ${plural(app.sharedItems, 'change')} shown above with other apps_`] : []),
    ...(app.charts.length ? [`_Helm (not rendered): ${escapeText(app.charts.join(', '))}_`] : []),
  ];
  const render = (level: number) => {
    if (level === 3 || (app.groups.length === 0 && notes.length === 0)) {
      const o = app.objects;
      return `- **${escapeText(app.app)}** (${escapeText(app.project)}): ${escapeText(applicationsLine(app))}; objects ${o.added} added, ${o.changed} changed, ${o.removed} removed\n`;
    }
    const parts = [...notes, ...app.groups.map((g) => groupMarkdown(g, level))];
    return `<details${open ? ' open' : ''}><summary>${title}</summary>\n\n${parts.join('\n\n')}\n\n</details>\n`;
  };
  return { render, levels: 4, priority: 1, droppable: true };
}

function groupMarkdown(g: ChangeGroup, level: number): string {
  return `**${escapeText(g.where.text)}**\n\n${itemsMarkdown(g.items, level)}`;
}

function itemsMarkdown(items: readonly GroupItem[], level: number): string {
  const out: string[] = [];
  for (const { head, items: fields } of byObject(items)) {
    if (!head.field) {
      out.push(`- ${head.change} ${code(objectName(head.object))}`);
      continue;
    }
    if (level === 2) {
      out.push(`- ${code(objectName(head.object))}: ${fields.map((f) => code(f.field!.path)).join(', ')}`);
      continue;
    }
    out.push(`- ${code(objectName(head.object))}`);
    for (const item of fields) {
      const r = renderField(item.field!, STYLES[level]!);
      out.push(`  - ${code(r.text)}`);
      if (r.lines.length) out.push(indent(fence(r.lines, 'diff'), '    '));
    }
  }
  return out.join('\n');
}

function projectsSection(projects: ObjectDiff[]): Section {
  const render = (level: number) => {
    const out = ['#### AppProjects', ''];
    for (const p of projects) {
      if (level === 1 || p.change !== 'changed')
        out.push(`- ${p.change} ${code(objectName(p))}${p.change === 'changed' ? `: ${plural(p.fields.length, 'field')}` : ''}`);
      else {
        out.push(`- ${code(objectName(p))}`);
        for (const f of p.fields) {
          const r = renderField(f, COMPACT);
          out.push(`  - ${code(r.text)}`);
          if (r.lines.length) out.push(indent(fence(r.lines, 'diff'), '    '));
        }
      }
    }
    return `${out.join('\n')}\n`;
  };
  return { render, levels: 2, priority: 4, droppable: false };
}

/** A fenced block whose fence is longer than any run of backticks inside, so no value can close it early. */
export function fence(lines: string[], info = ''): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
  const f = '`'.repeat(longest + 1);
  return [`${f}${info}`, ...lines, f].join('\n');
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/** Inline code that no backtick or newline in the text can break (not for table cells). */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  return longest ? `${ticks} ${flat} ${ticks}` : `${ticks}${flat}${ticks}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Text that may come from config (names, reasons) inside a line: no emphasis, code, links, HTML or @mentions from it. */
export function escapeText(text: string): string {
  return text.replace(/\n/g, ' ').replace(/[\\`*_[\]<>|@~]/g, '\\$&');
}

function html(s: string): string {
  return s.replace(/[&<>"@]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '@': '&#64;' })[c]!);
}

export { byteLength };
