/**
 * `flotilla diff [BASE_REF [HEAD_REF]]`: the rendered, per-cluster difference
 * between the fleet config at BASE_REF (default: the merge base with main)
 * and the working tree (or HEAD_REF): counts, what to review first, then
 * identical changes grouped with the environments and clusters they apply to.
 * Secret values are never shown.
 */
import path from 'node:path';
import { renderDiffJson } from '../../diff/format-json.ts';
import { JOB_SUMMARY_LIMIT, PR_BODY_LIMIT, renderDiffMarkdown } from '../../diff/format-markdown.ts';
import { renderDiffText, wantsColor } from '../../diff/format-text.ts';
import { renderChangedCharts } from '../../helm/chart-applications.ts';
import { buildFleet } from '../../pipeline.ts';
import { computeFleetDiff } from '../../preview/diff/fleet-diff.ts';
import { buildFleetAtRevision, defaultBaseRevision, resolveRevision } from '../../preview/diff/revision.ts';
import { type Command, UsageError } from '../args.ts';
import { chartRenderer, OFFLINE_USAGE } from '../chart-options.ts';
import { EXIT } from '../exit-codes.ts';
import { recoverAndReport } from '../recovery.ts';
import { DIFF_OUTPUT_OPTIONS, DIFF_OUTPUT_USAGE, diffOutputOptions, writeJsonDiff } from './diff-output.ts';

const FORMATS = ['text', 'markdown', 'json'];

export const diffCommand: Command = {
  name: 'diff',
  usage: `Usage: flotilla diff [BASE_REF [HEAD_REF]] [--format text|markdown|json] [--offline] [--root DIR]

  BASE_REF       revision to compare with (default: the merge base with main, else HEAD)
  HEAD_REF       compare with this revision instead of the working tree
  --format F     text (default; coloured on a terminal unless NO_COLOR is set),
                 markdown (for a pull request or job summary) or json (everything, per Application too)
  --max-bytes N  markdown: stay within N bytes, leaving out detail first (default ${PR_BODY_LIMIT},
                 a pull-request body; a GitHub job summary takes ${JOB_SUMMARY_LIMIT})
${DIFF_OUTPUT_USAGE}
${OFFLINE_USAGE}
  --root DIR     fleet repository root (default: current directory)

Reads fleet.yaml, apps/ and clusters/ of BASE_REF from git without checking anything out.
Chart Applications whose chart or values change are rendered with helm template, as Argo CD does.`,
  options: { format: { type: 'string' }, root: { type: 'string' }, offline: { type: 'boolean' }, 'max-bytes': { type: 'string' }, ...DIFF_OUTPUT_OPTIONS },
  allowPositionals: true,
  async run(values, positionals, io) {
    const format = (values.format as string | undefined) ?? 'text';
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}\n\n${diffCommand.usage}`);
    if (positionals.length > 2) throw new UsageError(`expected at most BASE_REF and HEAD_REF\n\n${diffCommand.usage}`);
    const maxBytes = values['max-bytes'] === undefined ? PR_BODY_LIMIT : Number(values['max-bytes']);
    if (!Number.isInteger(maxBytes) || maxBytes < 1024)
      throw new UsageError(`--max-bytes must be a whole number of bytes, at least 1024\n\n${diffCommand.usage}`);
    const output = diffOutputOptions(values, io.cwd);
    const root = path.resolve(io.cwd, (values.root as string | undefined) ?? '.');
    recoverAndReport(root, io);
    const base = positionals[0] ? await resolveRevision(root, positionals[0]) : await defaultBaseRevision(root);
    const headRev = positionals[1] ? await resolveRevision(root, positionals[1]) : undefined;
    const [before, after] = await Promise.all([buildFleetAtRevision(root, base), headRev ? buildFleetAtRevision(root, headRev) : buildFleet(root)]);
    const diff = computeFleetDiff(before, after, {}, await renderChangedCharts(before, after, chartRenderer(values.offline, io)));
    await writeJsonDiff(output, diff);
    const against = `${base.label} → ${headRev ? headRev.label : 'working tree'}`;
    if (format === 'json') io.out(renderDiffJson(diff));
    else if (format === 'markdown')
      io.out(renderDiffMarkdown(diff, { title: `Flotilla: rendered changes (${against})`, maxBytes, fullDiff: output.fullDiff }).trimEnd());
    else io.out(`Comparing ${against}\n${renderDiffText(diff, { color: wantsColor(io.isTTY, io.env) })}`);
    return diff.errors.some((e) => e.startsWith('head:')) ? EXIT.userError : EXIT.ok;
  },
};
