/** `flotilla versions`: what runs where, since when, and what is pinned, rejected or pending promotion. */
import path from 'node:path';
import { resolveCommit } from '../../git/repo-state.ts';
import { spawnGit } from '../../git/run-git.ts';
import { readFleetReleases } from '../../promote/fleet-releases.ts';
import { versionsJson, versionsMarkdown, versionsText } from '../../promote/format-versions.ts';
import { readReleaseHistory } from '../../promote/history.ts';
import { versionRows } from '../../promote/versions.ts';
import { type Command, UsageError } from '../args.ts';
import { EXIT } from '../exit-codes.ts';

const FORMATS = ['text', 'markdown', 'json'];

export const versionsCommand: Command = {
  name: 'versions',
  usage: `Usage: flotilla versions [--app APP]... [--env ENV] [--format text|markdown|json] [--root DIR]

For every app, environment and cluster: the version of each image and chart, since which commit
(and pull request) it has run there on the first-parent history of HEAD, and its status: pinned,
rejected, a cluster's own version, or pending promotion (the previous environment runs another).

  --app APP      only this app (repeatable)
  --env ENV      only this environment
  --format F     text (default), markdown (for a pull request comment or a job summary) or json
  --root DIR     fleet directory (default: current directory)`,
  options: { app: { type: 'string', multiple: true }, env: { type: 'string' }, format: { type: 'string' }, root: { type: 'string' } },
  async run(values, _positionals, io) {
    const format = (values.format as string | undefined) ?? 'text';
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}\n\n${versionsCommand.usage}`);
    const root = path.resolve(io.cwd, (values.root as string | undefined) ?? '.');
    const fleet = await readFleetReleases(root);
    const apps = (values.app as string[] | undefined) ?? [];
    for (const a of apps) if (!fleet.apps.has(a)) throw new UsageError(`unknown app "${a}" (apps: ${[...fleet.apps.keys()].join(', ')})`);
    const env = values.env as string | undefined;
    if (env && !fleet.environments.includes(env)) throw new UsageError(`unknown environment "${env}" (environments: ${fleet.environments.join(', ')})`);
    const git = await spawnGit(root, ['rev-parse', '--show-toplevel', '--show-prefix']);
    const [top, prefix] = git.code === 0 ? git.stdout.split('\n') : [];
    const history = top && (await resolveCommit(top, 'HEAD')) ? await readReleaseHistory(top, 'HEAD', { prefix: (prefix ?? '').replace(/\/$/, '') }) : null;
    const rows = versionRows(fleet, history, { apps, environment: env });
    io.out(format === 'json' ? versionsJson(rows) : format === 'markdown' ? versionsMarkdown(rows) : versionsText(rows));
    return EXIT.ok;
  },
};
