/**
 * The pull-request body: what the generated change does, for reviewers who do
 * not read 40 YAML files. Why (config files), then the diff engine's Markdown
 * (counts, what to review first, changes grouped by where they apply), then
 * what Argo CD will not do by itself. Deterministic (same change, same body,
 * so a re-run does not touch the PR) and always within GitHub's 65,536
 * characters: detail gives way first, then whole sections (generator/diff/fit.ts).
 */

import type { Section } from '../diff/fit.ts';
import { code, escapeText, PR_BODY_LIMIT, renderDiffMarkdown } from '../diff/format-markdown.ts';
import { type ChangeSummary, type TargetChange, totalCounts } from './change-summary.ts';
import { cleanupCommands } from './cleanup-commands.ts';
import { CHARTS_NOT_RENDERED_TITLE, chartsNotRenderedLines, dataAtRiskMarkdown } from './data-at-risk-text.ts';

const CONFIG_FILES_LISTED = 20;

export interface BodyOptions {
  base: string;
  /** Markdown naming where the full JSON diff is (a workflow run's artifact). */
  fullDiff?: string;
  /** Upper bound in UTF-8 bytes (default: GitHub's limit for a pull-request body). */
  maxBytes?: number;
}

// No commit ids of the base in here: the body must not change when the base moves without changing the output.
export function summaryMarkdown(summary: ChangeSummary, options: BodyOptions): string {
  const before: Section[] = [];
  if (summary.warnings.length || summary.notes.length)
    before.push(listSection('Warnings', [...summary.warnings.map((w) => `⚠️ ${escapeText(w)}`), ...summary.notes.map(escapeText)], 8));
  const charts = chartsSection(summary);
  if (charts) before.push(charts);
  if (!summary.diff) before.push(targetsSection(summary.targets));
  const after = [applicationsSection(summary), cleanupSection(summary), filesSection(summary), fixed(FOOTER, 9)].filter((s): s is Section => s !== null);
  return renderDiffMarkdown(summary.diff, {
    title: null,
    // First: what cannot be undone (the data-at-risk section lists it, so the diff's review leaves it out).
    intro: [dataAtRiskSection(summary), fixed(intro(summary, options.base), 9)].filter((s): s is Section => s !== null),
    omitReview: ['data-at-risk'],
    before,
    after,
    maxBytes: options.maxBytes ?? PR_BODY_LIMIT,
    fullDiff: options.fullDiff,
  });
}

const FOOTER = '---\n<sub>Opened by Flotilla. This branch is regenerated on every run: change the fleet config, not these files.</sub>\n';

function fixed(text: string, priority: number): Section {
  return { render: () => text, levels: 1, priority, droppable: false };
}

function intro(summary: ChangeSummary, base: string): string {
  const { files, applications } = summary;
  const configs = summary.configFiles.slice(0, CONFIG_FILES_LISTED).map(code).join(', ');
  const more = summary.configFiles.length > CONFIG_FILES_LISTED ? ` and ${summary.configFiles.length - CONFIG_FILES_LISTED} more` : '';
  const objects = totalCounts(summary);
  return [
    '## Generated changes',
    '',
    `Flotilla regenerated the Kustomize and Argo CD output for ${code(base)}.`,
    summary.configFiles.length
      ? `Config changed since the output was last generated${summary.generatedAt ? ` (${code(summary.generatedAt.slice(0, 12))})` : ''}: ${configs}${more}.`
      : 'No config file changed since the output was last committed, but the committed output did not match its config: a different Flotilla version generated it, or part of it was committed by hand.',
    '',
    `**Files:** ${files.added.length} added, ${files.changed.length} changed, ${files.removed.length} removed · ` +
      `**Argo CD Applications:** ${applications.created.length} created, ${applications.deleted.length} deleted` +
      (summary.diff ? '' : ` · **Objects:** ${objects.added} added, ${objects.changed} changed, ${objects.removed} removed`),
    '',
  ].join('\n');
}

function dataAtRiskSection(summary: ChangeSummary): Section | null {
  const lines = dataAtRiskMarkdown(summary, escapeText);
  if (lines.length === 0) return null;
  const bullets = lines.filter((l) => l.startsWith('- ')).length;
  const render = (level: number) => {
    if (level === 0) return `${lines.join('\n')}`;
    // Keep the heading and explanation, and as many objects as a body can hold; every one is in the commit message.
    let seen = 0;
    const kept = lines.filter((l) => !l.startsWith('- ') || ++seen <= 40);
    return `${[...kept.slice(0, -1), `- … and ${bullets - 40} more: every one is in the commit message`, ''].join('\n')}`;
  };
  return { render, levels: bullets > 40 ? 2 : 1, priority: 9, droppable: false };
}

function listSection(title: string, items: string[], priority: number, listed = 30, intro?: string): Section {
  const render = (level: number) => {
    const shown = level === 0 ? items : items.slice(0, listed);
    const more = items.length > shown.length ? [`- … and ${items.length - shown.length} more`] : [];
    return `${[`### ${title}`, '', ...(intro ? [intro, ''] : []), ...shown.map((i) => `- ${i}`), ...more].join('\n')}\n`;
  };
  return { render, levels: items.length > listed ? 2 : 1, priority, droppable: false };
}

/** Without the committed side's objects: the Applications, with counts where known. */
function targetsSection(targets: TargetChange[]): Section {
  const render = (level: number) => {
    if (targets.length === 0) return 'No Argo CD Application changes.\n';
    const shown = targets.slice(0, [Number.POSITIVE_INFINITY, 150, 30][level]);
    const rows = shown.map((t) => {
      const status = t.change === 'added' ? ' (new)' : t.change === 'removed' ? ' (deleted)' : '';
      const kind = t.kind === 'chart' ? ' Helm chart' : '';
      // A chart not rendered, or an unknown committed side, has no counts.
      const [added, changed, removed] = t.counts ? [t.counts.added, t.counts.changed, t.counts.removed].map(String) : ['?', '?', '?'];
      return `| ${cell(t.app)} | ${cell(t.environment)} | ${cell(t.cluster)} | ${code(t.application)}${kind}${status} | ${added} | ${changed} | ${removed} |`;
    });
    const more = targets.length > shown.length ? ['', `… and ${targets.length - shown.length} more Applications`] : [];
    return `${['| App | Environment | Cluster | Application | Added | Changed | Removed |', '|---|---|---|---|--:|--:|--:|', ...rows, ...more].join('\n')}\n`;
  };
  return { render, levels: 3, priority: 3, droppable: false };
}

/** Chart Applications whose chart changes but was not rendered, and why: their objects are not in the diff. */
function chartsSection(summary: ChangeSummary): Section | null {
  const lines = chartsNotRenderedLines(summary);
  if (lines.length === 0) return null;
  const intro = 'Their objects are not in the diff below, and the data guard did not compare them: check these by hand.';
  return listSection(CHARTS_NOT_RENDERED_TITLE, lines.map(escapeText), 8, 30, intro);
}

function applicationsSection(summary: ChangeSummary): Section | null {
  const { created, deleted } = summary.applications;
  if (created.length === 0 && deleted.length === 0) return null;
  const render = (level: number) => {
    const names = (list: typeof created) => (level === 0 ? `: ${list.map((a) => code(a.name)).join(', ')}` : '');
    const out = ['### Argo CD Applications', ''];
    if (created.length) out.push(`**Created (${created.length})**${names(created)}`, '');
    if (deleted.length) out.push(`**Deleted (${deleted.length})**${names(deleted)}`, '');
    return `${out.join('\n')}`;
  };
  return { render, levels: 2, priority: 4, droppable: false };
}

function cleanupSection(summary: ChangeSummary): Section | null {
  const commands = cleanupCommands(summary);
  if (commands.length === 0) return null;
  const render = (level: number) => {
    const shown = level === 0 ? commands : commands.slice(0, 20);
    return [
      '### To delete by hand after merging',
      '',
      'Argo CD will not delete these itself: the ApplicationSets use `applicationsSync: create-update` and the root Application does not prune. Run, in this order:',
      '',
      '```sh',
      ...shown,
      '```',
      ...(shown.length < commands.length ? ['', `… and ${commands.length - shown.length} more commands: every one is in the commit message.`] : []),
      '',
    ].join('\n');
  };
  return { render, levels: commands.length > 20 ? 2 : 1, priority: 5, droppable: false };
}

function filesSection(summary: ChangeSummary): Section | null {
  const { added, changed, removed } = summary.files;
  const all = [...added.map((f) => `added ${code(f)}`), ...changed.map((f) => `changed ${code(f)}`), ...removed.map((f) => `removed ${code(f)}`)];
  if (all.length === 0) return null;
  const render = (level: number) => {
    const shown = level === 0 ? all : all.slice(0, 50);
    const more = all.length > shown.length ? [`- … and ${all.length - shown.length} more`] : [];
    return `${[`<details><summary>Generated files (${all.length})</summary>`, '', ...shown.map((l) => `- ${l}`), ...more, '', '</details>'].join('\n')}\n`;
  };
  return { render, levels: all.length > 50 ? 2 : 1, priority: 0, droppable: true };
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
