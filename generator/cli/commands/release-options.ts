/** What `promote`, `rollback` and `unpin` share: how the edit is delivered (in place, --dry-run, --commit, --pr) and reported. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveGitHubRepo } from '../../deliver/github-repo.ts';
import { authForRemote, remoteUrl } from '../../deliver/workspace.ts';
import { renderDiffText, wantsColor } from '../../diff/format-text.ts';
import { parseConfigYaml } from '../../load/parse-yaml.ts';
import { asRecord } from '../../model/release.ts';
import { type ComputeChange, deliverAsPullRequest, deliverLocally } from '../../promote/deliver-release.ts';
import { type Command, type CommandIO, UsageError } from '../args.ts';
import { DELIVERY_CHART_OPTIONS, deliveryChartRenderer } from '../chart-options.ts';
import { EXIT } from '../exit-codes.ts';
import { deliveryFailure, deliveryIO, githubClientFor, openDeliveryWorkspace, reportPullRequest } from './delivery-options.ts';

type Values = Record<string, string | boolean | string[] | undefined>;

export const RELEASE_OPTIONS: Command['options'] = {
  root: { type: 'string' },
  'dry-run': { type: 'boolean' },
  commit: { type: 'boolean' },
  pr: { type: 'boolean' },
  base: { type: 'string' },
  repo: { type: 'string' },
  workdir: { type: 'string' },
  'github-repo': { type: 'string' },
  draft: { type: 'boolean' },
  'token-env': { type: 'string' },
  'max-attempts': { type: 'string' },
  'allow-deletions': { type: 'boolean' },
  ...DELIVERY_CHART_OPTIONS,
};

export const RELEASE_USAGE = `How the change is delivered (default: edit the app files in place and regenerate the output):
  --dry-run              print the config edit and the rendered per-cluster diff (with --pr: the pull request); write nothing
  --commit               also commit the edited app files and the output (only those paths)
  --pr                   on its own branch from the remote --base, push and open or update the pull request
                         (a re-run with no change does nothing; your checkout is not touched)
  --base NAME            with --pr: the branch the pull request targets (default: fleet.yaml repo.revision)
  --root DIR             fleet directory (default: current directory; with --repo: inside that repository)
  --repo PATH|URL        with --pr: a separate fleet repository (a checkout, a bare repository or a URL)
  --workdir DIR          with --pr and --repo URL: where to keep the clone
  --github-repo O/N      with --pr: GitHub repository (default: from the origin URL, else GITHUB_REPOSITORY)
  --draft                with --pr: open the pull request as a draft
  --token-env NAME       with --pr: variable holding the GitHub token (default GITHUB_TOKEN)
  --max-attempts N       with --pr: push attempts before giving up (default 3)
  --allow-deletions      with --pr: deliver although the change deletes or replaces objects that hold data, as
                         flotilla pr --allow-deletions (a chart version that replaces a StatefulSet); the pull
                         request opens with that risk
  --offline              with --pr: render changed Helm charts only from the chart cache (also FLOTILLA_OFFLINE=1)
  --skip-charts          with --pr: do not render Helm charts; changed chart Applications are named as not compared`;

export interface ReleaseRun {
  compute: ComputeChange;
  /** The pull-request branch (--pr). */
  branch: string;
}

export async function runRelease(values: Values, io: CommandIO, run: ReleaseRun): Promise<number> {
  if (values.commit && values.pr) throw new UsageError('--commit and --pr are two ways of delivering: pass one');
  if (!values.pr)
    for (const o of ['repo', 'workdir', 'github-repo', 'draft', 'base', 'offline', 'skip-charts', 'allow-deletions'])
      if (values[o] !== undefined) throw new UsageError(`--${o} applies only with --pr`);
  const { tokenEnv, token, secrets, say, maxAttempts } = deliveryIO(values, io);
  try {
    if (!values.pr) {
      const root = path.resolve(io.cwd, (values.root as string | undefined) ?? '.');
      const mode = values['dry-run'] ? 'dry-run' : values.commit ? 'commit' : 'write';
      const result = await deliverLocally(root, mode, run.compute);
      if (result.kind === 'nothing') {
        say.out(result.reason);
        return EXIT.ok;
      }
      say.out(result.change.title);
      for (const line of result.change.lines) say.out(`  ${line}`);
      if (result.kind === 'dry-run') {
        say.out(['', 'config edit:', ...result.configDiff.map((l) => `  ${l}`)].join('\n'));
        say.out(`\n${renderDiffText(result.diff, { color: wantsColor(io.isTTY, io.env) }).trimEnd()}`);
        say.out('\ndry run: nothing was written');
        return EXIT.ok;
      }
      const edited = [...result.change.files.keys()].join(', ');
      say.out(`wrote ${edited}; regenerated ${result.output.length} output file${result.output.length === 1 ? '' : 's'}`);
      if (result.kind === 'committed') say.out(`committed ${result.sha.slice(0, 12)}: ${result.change.title}`);
      return EXIT.ok;
    }
    const workspace = await openDeliveryWorkspace(values, io, token);
    const origin = await remoteUrl(workspace);
    const githubRepo = resolveGitHubRepo(values['github-repo'] as string | undefined, origin, io.env);
    const base = (values.base as string | undefined) ?? (await defaultBranchOf(path.join(workspace.repoDir, workspace.paths.prefix)));
    const { result, nothing } = await deliverAsPullRequest({
      workspace,
      base,
      branch: run.branch,
      githubRepo,
      draft: Boolean(values.draft),
      dryRun: Boolean(values['dry-run']),
      allowDeletions: Boolean(values['allow-deletions']),
      auth: authForRemote(origin, token),
      maxAttempts,
      log: (line) => say.err(line),
      github: githubClientFor(io, tokenEnv, token, githubRepo, say),
      charts: deliveryChartRenderer(values, io),
      compute: run.compute,
    });
    if (result.kind === 'nothing-to-do') {
      say.out(`nothing to do: ${nothing ?? result.reason}`);
      return EXIT.ok;
    }
    reportPullRequest(result, `dry run: would push ${result.branch} and open or update this pull request into ${base}; nothing was pushed`, say);
    return EXIT.ok;
  } catch (error) {
    return deliveryFailure(error, say, secrets);
  }
}

/** fleet.yaml's repo.revision: the branch Argo CD reads, so the one releases go into. */
async function defaultBranchOf(fleetRoot: string): Promise<string> {
  const text = await readFile(path.join(fleetRoot, 'fleet.yaml'), 'utf8').catch(() => undefined);
  const parsed = text === undefined ? undefined : parseConfigYaml('fleet.yaml', text);
  const revision = parsed?.ok ? asRecord(parsed.parsed.value.repo)?.revision : undefined;
  return typeof revision === 'string' && revision ? revision : 'main';
}
