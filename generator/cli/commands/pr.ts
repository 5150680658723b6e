/** `flotilla pr`: open or update the pull request that brings the base branch's generated output up to date. */

import { deliverPr } from '../../deliver/deliver-pr.ts';
import { resolveGitHubRepo } from '../../deliver/github-repo.ts';
import { defaultPrBranch } from '../../deliver/pr-branch.ts';
import { summaryLines } from '../../deliver/summary-text.ts';
import { authForRemote, remoteUrl } from '../../deliver/workspace.ts';
import type { Command } from '../args.ts';
import { DELIVERY_CHART_USAGE, deliveryChartRenderer } from '../chart-options.ts';
import { EXIT } from '../exit-codes.ts';
import { DELIVERY_OPTIONS, deliveryFailure, deliveryIO, githubClientFor, openDeliveryWorkspace, reportPullRequest } from './delivery-options.ts';
import { DIFF_OUTPUT_OPTIONS, DIFF_OUTPUT_USAGE, diffOutputOptions, writeJsonDiff } from './diff-output.ts';

export const prCommand: Command = {
  name: 'pr',
  usage: `Usage: flotilla pr [--base main] [--repo PATH|URL] [--github-repo owner/name] [--allow-deletions] [options]

Generates the output for the config on the remote base branch, pushes it to one branch per base
(default flotilla/update-<base>, only ever fast-forwarded) and opens the pull request, or updates
the open one. A run with no change pushes nothing and leaves the pull request alone. Your own
checkout is not touched: the commit is prepared in a temporary worktree. Chart Applications whose
chart or values change are rendered with helm template, as \`flotilla diff\` renders them.

  --base NAME            branch the pull request targets (default main)
  --branch NAME          branch holding the generated change (default flotilla/update-<base>)
  --root DIR             fleet directory (default: current directory; with --repo: inside that repository)
  --repo PATH|URL        a separate fleet repository (a local checkout, a bare repository or a URL;
                         the latter two are cloned into --workdir)
  --workdir DIR          where to keep the clone of --repo (default: under the system temp directory)
  --github-repo O/N      GitHub repository (default: from the origin URL, else GITHUB_REPOSITORY)
  --allow-deletions      allow deleting more Argo CD Applications than fleet.guards.maxApplicationDeletions,
                         every Application of a cluster or environment, or deleting or replacing objects
                         that hold data (PVCs, StatefulSets, database custom resources) (the PR is labelled flotilla/deletions)
${DELIVERY_CHART_USAGE}
  --draft                open the pull request as a draft
  --dry-run              print the pull request that would be opened; push nothing
  --max-attempts N       push attempts before giving up (default 3)
  --message-prefix TEXT  start of the commit subject and PR title (default "flotilla:")
  --token-env NAME       variable holding the GitHub token (default GITHUB_TOKEN)
${DIFF_OUTPUT_USAGE}

Environment: GITHUB_TOKEN (or --token-env) with contents: write and pull-requests: write;
GITHUB_API_URL for GitHub Enterprise Server (default https://api.github.com).

Exit codes: 0 pull request opened/updated, or nothing to do; 1 error; 2 usage; 4 deletions or data loss refused.`,
  options: { ...DELIVERY_OPTIONS, ...DIFF_OUTPUT_OPTIONS, base: { type: 'string' }, 'github-repo': { type: 'string' }, draft: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const { tokenEnv, token, secrets, say, maxAttempts } = deliveryIO(values, io);
    const base = (values.base as string | undefined) ?? 'main';
    const diffOutput = diffOutputOptions(values, io.cwd);
    const charts = deliveryChartRenderer(values, io);
    try {
      const workspace = await openDeliveryWorkspace(values, io, token);
      const origin = await remoteUrl(workspace);
      const githubRepo = resolveGitHubRepo(values['github-repo'] as string | undefined, origin, io.env);
      const result = await deliverPr({
        workspace,
        base,
        branch: values.branch as string | undefined,
        githubRepo,
        allowDeletions: Boolean(values['allow-deletions']),
        charts,
        draft: Boolean(values.draft),
        dryRun: Boolean(values['dry-run']),
        messagePrefix: values['message-prefix'] as string | undefined,
        fullDiff: diffOutput.fullDiff,
        auth: authForRemote(origin, token),
        maxAttempts,
        log: (line) => say.err(line),
        github: githubClientFor(io, tokenEnv, token, githubRepo, say),
      });
      if (result.summary.diff) await writeJsonDiff(diffOutput, result.summary.diff);
      if (result.kind === 'nothing-to-do') {
        say.out(`nothing to do: ${result.reason}`);
        return EXIT.ok;
      }
      for (const line of summaryLines(result.summary)) say.out(line);
      const where = defaultPrBranch(base) === result.branch ? `the Flotilla branch for ${base}` : `into ${base}`;
      reportPullRequest(result, `dry run: would push ${result.branch} (${where}) and open or update this pull request; nothing was pushed`, say);
      return EXIT.ok;
    } catch (error) {
      return deliveryFailure(error, say, secrets);
    }
  },
};
