/**
 * `flotilla diff [BASE_REF [HEAD_REF]]`: the rendered, per-cluster difference
 * between the fleet config at BASE_REF (default: the merge base with main)
 * and the working tree (or HEAD_REF) — Applications added and removed,
 * objects added, removed and changed per Application, field by field. Secret
 * values are never shown.
 */
import path from 'node:path';
import { buildFleet } from '../../pipeline.ts';
import { computeFleetDiff } from '../../preview/diff/fleet-diff.ts';
import { renderDiffJson } from '../../preview/diff/format-json.ts';
import { renderDiffMarkdown } from '../../preview/diff/format-markdown.ts';
import { renderDiffText, wantsColor } from '../../preview/diff/format-text.ts';
import { buildFleetAtRevision, defaultBaseRevision, resolveRevision } from '../../preview/diff/revision.ts';
import { type Command, UsageError } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import { recoverAndReport } from '../recovery.ts';

const FORMATS = ['text', 'markdown', 'json'];

export const diffCommand: Command = {
  name: 'diff',
  usage: `Usage: flotilla diff [BASE_REF [HEAD_REF]] [--format text|markdown|json] [--root DIR]

  BASE_REF       revision to compare with (default: the merge base with main, else HEAD)
  HEAD_REF       compare with this revision instead of the working tree
  --format F     text (default; coloured on a terminal unless NO_COLOR is set),
                 markdown (for a pull request) or json
  --root DIR     fleet repository root (default: current directory)

Reads fleet.yaml, apps/ and clusters/ of BASE_REF from git without checking anything out.`,
  options: { format: { type: 'string' }, root: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals, io) {
    const format = (values.format as string | undefined) ?? 'text';
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}\n\n${diffCommand.usage}`);
    if (positionals.length > 2) throw new UsageError(`expected at most BASE_REF and HEAD_REF\n\n${diffCommand.usage}`);
    const root = path.resolve(io.cwd, (values.root as string | undefined) ?? '.');
    recoverAndReport(root, io);
    const base = positionals[0] ? await resolveRevision(root, positionals[0]) : await defaultBaseRevision(root);
    const headRev = positionals[1] ? await resolveRevision(root, positionals[1]) : undefined;
    const [before, after] = await Promise.all([buildFleetAtRevision(root, base), headRev ? buildFleetAtRevision(root, headRev) : buildFleet(root)]);
    const diff = computeFleetDiff(before, after);
    const against = `${base.label} → ${headRev ? headRev.label : 'working tree'}`;
    if (format === 'json') io.out(renderDiffJson(diff));
    else if (format === 'markdown') io.out(renderDiffMarkdown(diff, { title: `Flotilla: rendered changes (${against})` }));
    else io.out(`Comparing ${against}\n${renderDiffText(diff, { color: wantsColor(io.isTTY, io.env) })}`);
    return diff.errors.some((e) => e.startsWith('head:')) ? EXIT.userError : EXIT.ok;
  },
};
