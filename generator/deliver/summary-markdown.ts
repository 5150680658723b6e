/**
 * The pull-request body: what the generated change does, for reviewers who do
 * not read 40 YAML files. Deterministic (same change, same body, so a re-run
 * does not touch the PR) and bounded (GitHub refuses bodies over 65536 chars).
 */

import { type ChangeSummary, type TargetChange, totalCounts } from './change-summary.ts';
import { cleanupCommands } from './cleanup-commands.ts';
import { dataAtRiskMarkdown } from './data-at-risk-text.ts';

const MAX_ROWS = 150;
const MAX_FILES = 200;
const MAX_BODY = 60_000;

// No commit ids of the base in here: the body must not change when the base moves without changing the output.
export function summaryMarkdown(summary: ChangeSummary, where: { base: string }): string {
  const objects = totalCounts(summary);
  const { files, applications } = summary;
  const out: string[] = [
    // First: what cannot be undone.
    ...dataAtRiskMarkdown(summary, escapeText),
    '## Generated changes',
    '',
    `Flotilla regenerated the Kustomize and Argo CD output for \`${where.base}\`.`,
    summary.configFiles.length
      ? `Config changed since the output was last generated${summary.generatedAt ? ` (\`${summary.generatedAt.slice(0, 12)}\`)` : ''}: ${summary.configFiles.map(code).join(', ')}.`
      : 'No config file changed since the output was last generated: the generator itself changed the output.',
    '',
    `**Files:** ${files.added.length} added, ${files.changed.length} changed, ${files.removed.length} removed · ` +
      `**Objects:** ${objects.added} added, ${objects.changed} changed, ${objects.removed} removed · ` +
      `**Applications:** ${applications.created.length} created, ${applications.deleted.length} deleted`,
    '',
    ...targetTable(summary.targets),
    ...applicationLists(summary),
    ...cleanupSection(summary),
    ...bulletSection(
      'Warnings',
      summary.warnings.map((w) => `⚠️ ${escapeText(w)}`),
    ),
    ...bulletSection('Notes', summary.notes.map(escapeText)),
    ...fileDetails(summary),
    '---',
    '<sub>Opened by Flotilla. This branch is regenerated on every run: change the fleet config, not these files.</sub>',
    '',
  ];
  const body = out.join('\n');
  return body.length <= MAX_BODY ? body : `${body.slice(0, MAX_BODY)}\n\n… (truncated: the full list is in the commit message)\n`;
}

function targetTable(targets: TargetChange[]): string[] {
  if (targets.length === 0) return ['No Argo CD Application changes.', ''];
  const rows = targets.slice(0, MAX_ROWS).map((t) => {
    const status = t.change === 'added' ? ' (new)' : t.change === 'removed' ? ' (deleted)' : t.kind === 'chart' ? ' (values changed)' : '';
    const kind = t.kind === 'chart' ? ' Helm chart' : '';
    // Flotilla does not render Helm charts; an unknown committed side has no counts either.
    const [added, changed, removed] = t.counts
      ? [t.counts.added, t.counts.changed, t.counts.removed].map(String)
      : t.kind === 'chart'
        ? ['–', '–', '–']
        : ['?', '?', '?'];
    return `| ${t.app} | ${t.environment} | ${t.cluster} | ${code(t.application)}${kind}${status} | ${added} | ${changed} | ${removed} |`;
  });
  const more = targets.length > MAX_ROWS ? [`… and ${targets.length - MAX_ROWS} more Applications`] : [];
  return [
    '| App | Environment | Cluster | Application | Added | Changed | Removed |',
    '|---|---|---|---|--:|--:|--:|',
    ...rows,
    '',
    ...more,
    ...(more.length ? [''] : []),
  ];
}

function applicationLists(summary: ChangeSummary): string[] {
  const { created, deleted } = summary.applications;
  const out = ['### Argo CD Applications', ''];
  out.push(created.length ? `**Created (${created.length}):** ${created.map((a) => code(a.name)).join(', ')}` : '**Created:** none');
  out.push('', deleted.length ? `**Deleted (${deleted.length}):** ${deleted.map((a) => code(a.name)).join(', ')}` : '**Deleted:** none', '');
  return out;
}

function cleanupSection(summary: ChangeSummary): string[] {
  const commands = cleanupCommands(summary);
  if (commands.length === 0) return [];
  return [
    '### To delete by hand after merging',
    '',
    'Argo CD will not delete these itself: the ApplicationSets use `applicationsSync: create-update` and the root Application does not prune. Run, in this order:',
    '',
    '```sh',
    ...commands,
    '```',
    '',
  ];
}

function bulletSection(title: string, items: string[]): string[] {
  return items.length ? [`### ${title}`, '', ...items.map((i) => `- ${i}`), ''] : [];
}

function fileDetails(summary: ChangeSummary): string[] {
  const { added, changed, removed } = summary.files;
  const all = [...added.map((f) => `added ${code(f)}`), ...changed.map((f) => `changed ${code(f)}`), ...removed.map((f) => `removed ${code(f)}`)];
  if (all.length === 0) return [];
  const shown = all.slice(0, MAX_FILES).map((l) => `- ${l}`);
  if (all.length > MAX_FILES) shown.push(`- … and ${all.length - MAX_FILES} more`);
  return [`<details><summary>Generated files (${all.length})</summary>`, '', ...shown, '', '</details>', ''];
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Config text (e.g. an opt-out reason) reaches the body: no markup, links or @mentions from it. */
function escapeText(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|@~]/g, '\\$&');
}
