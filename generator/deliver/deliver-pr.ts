/**
 * `flotilla pr`: propose the output for the config on the base branch as a
 * pull request. The commit is prepared in a scratch worktree (the operator's
 * checkout is never touched), pushed to the one Flotilla branch for that base
 * (pr-branch.ts) and the pull request is opened or updated.
 *
 * The branch only moves forward: each new commit has the previous branch head
 * as first parent and, when the base moved, the base head as second parent;
 * its tree is exactly the base plus the new output. A run with no change
 * pushes nothing and leaves the pull request as it is.
 */
import { UserError } from '../diagnostics.ts';
import { GitDeliveryError } from '../git/errors.ts';
import { pushWithRetry } from '../git/push.ts';
import { resolveCommit } from '../git/repo-state.ts';
import { type GitAuth, runGit } from '../git/run-git.ts';
import { addScratchWorktree } from '../git/worktree.ts';
import type { ChartRenderer } from '../helm/render-charts.ts';
import { type ChangeSummary, deletesSomething } from './change-summary.ts';
import { commitSubject } from './commit-message.ts';
import { closedByWhom, type GitHubClient, type PullRequestRef, type PullRequestRequest, type PullRequestResult } from './github/client.ts';
import { labelsFor } from './github/pr-labels.ts';
import type { GitHubRepo } from './github-repo.ts';
import { defaultPrBranch } from './pr-branch.ts';
import { type ComposedPrCommit, type ConfigChange, composePrCommit } from './pr-commit.ts';
import { summaryMarkdown } from './summary-markdown.ts';
import type { Workspace } from './workspace.ts';

const NETWORK_TIMEOUT_MS = 120_000;

export interface PrDeliveryOptions {
  workspace: Workspace;
  base: string;
  branch?: string;
  /** A config edit the pull request carries (e.g. a promotion), with its own title, body and labels. */
  configChange?: ConfigChange;
  githubRepo: GitHubRepo;
  allowDeletions: boolean;
  /** Renders changed chart Applications for the body and the data guard; null: not rendered (--skip-charts). */
  charts: ChartRenderer | null;
  draft: boolean;
  dryRun: boolean;
  messagePrefix?: string;
  /** Markdown naming where the full JSON diff is, linked from the body. */
  fullDiff?: string;
  auth?: GitAuth;
  maxAttempts?: number;
  /** Created only once there is something to send to GitHub. */
  github: () => GitHubClient;
  log: (line: string) => void;
}

export type PrDeliveryResult =
  | { kind: 'nothing-to-do'; reason: string; summary: ChangeSummary; pullRequest?: PullRequestResult }
  | { kind: 'dry-run'; branch: string; summary: ChangeSummary; title: string; body: string; labels: string[] }
  | { kind: 'pull-request'; branch: string; summary: ChangeSummary; pullRequest: PullRequestResult; pushed: boolean };

export async function deliverPr(opts: PrDeliveryOptions): Promise<PrDeliveryResult> {
  const ws = opts.workspace;
  const branch = opts.branch ?? defaultPrBranch(opts.base);
  await checkBranchName(ws.repoDir, branch, opts.base);
  await fetchRemote(ws, opts.auth);
  const base = await remoteHead(ws, opts.base);
  if (!base) throw new UserError(`branch ${opts.base} does not exist on ${ws.remote}; pass the branch pull requests should target with --base`);
  const head = await resolveCommit(ws.repoDir, `refs/remotes/${ws.remote}/${branch}`);

  const settings = {
    baseBranch: opts.base,
    allowDeletions: opts.allowDeletions,
    charts: opts.charts,
    messagePrefix: opts.messagePrefix,
    configChange: opts.configChange,
  };
  const worktree = await addScratchWorktree(ws.repoDir, head ?? base);
  try {
    const dir = worktree.dir;
    let composed = await composePrCommit(dir, ws.paths, settings, base, head);
    const describe = () => opts.configChange?.describe(composed.change) ?? describeChange(composed.change.summary, opts);
    const pullRequestRef: PullRequestRef = { owner: opts.githubRepo.owner, repo: opts.githubRepo.repo, head: branch, base: opts.base };
    if (composed.kind === 'up-to-date') return await upToDate(composed.change.summary, opts, pullRequestRef);
    if (opts.dryRun) return { kind: 'dry-run', branch, summary: composed.change.summary, ...describe() };

    const github = opts.github(); // fails fast (no token) before anything is pushed
    const request = (fingerprint: string): PullRequestRequest => ({ ...pullRequestRef, ...describe(), draft: opts.draft, change: fingerprint });
    // A person closed the last pull request and nothing changed since: push nothing (not even a branch they deleted), open nothing.
    const closed = await github.closedPullRequest(request(composed.fingerprint));
    if (closed?.sameChange) return closedByPerson(composed.change.summary, { number: closed.number, url: closed.url, action: 'closed', closed });
    let pushed = false;
    if (composed.kind === 'commit') {
      await pushWithRetry({
        dir,
        remote: ws.remote,
        branch,
        detached: true,
        auth: opts.auth,
        maxAttempts: opts.maxAttempts,
        log: opts.log,
        // Lost a race: HEAD is now the branch as someone else pushed it; rebuild on it and on the latest base.
        rebuild: async () => {
          await fetchRemote(ws, opts.auth);
          const newBase = (await remoteHead(ws, opts.base)) ?? base;
          composed = await composePrCommit(dir, ws.paths, settings, newBase, await resolveCommit(dir, 'HEAD'));
          return composed.kind === 'commit' ? composed.sha : null;
        },
      });
      pushed = true;
      // The rebuild may have found the output already on the base (reassigned in the callback above).
      const latest = composed as ComposedPrCommit;
      if (latest.kind === 'up-to-date') return await upToDate(latest.change.summary, opts, pullRequestRef);
    }
    const pullRequest = await github.upsertPullRequest(request((composed as Exclude<ComposedPrCommit, { kind: 'up-to-date' }>).fingerprint));
    if (pullRequest.action === 'closed') return closedByPerson(composed.change.summary, pullRequest);
    if (!pushed && pullRequest.action === 'unchanged') {
      return {
        kind: 'nothing-to-do',
        reason: `pull request #${pullRequest.number} is up to date (${pullRequest.url})`,
        summary: composed.change.summary,
        pullRequest,
      };
    }
    return { kind: 'pull-request', branch, summary: composed.change.summary, pullRequest, pushed };
  } finally {
    await worktree.remove();
  }
}

function describeChange(summary: ChangeSummary, opts: PrDeliveryOptions): { title: string; body: string; labels: string[] } {
  return {
    title: commitSubject(summary, opts.messagePrefix),
    body: summaryMarkdown(summary, { base: opts.base, fullDiff: opts.fullDiff }),
    labels: labelsFor({
      teams: summary.touched.teams,
      environments: summary.touched.environments,
      deletions: deletesSomething(summary),
    }),
  };
}

function closedByPerson(summary: ChangeSummary, pullRequest: PullRequestResult): PrDeliveryResult {
  const closed = pullRequest.closed!;
  return {
    kind: 'nothing-to-do',
    reason: `pull request #${closed.number} (${closed.url}) was ${closedByWhom(closed)}, and this run proposes the same change: no new pull request. Reopen it to go ahead, or change the config`,
    summary,
    pullRequest,
  };
}

/**
 * Nothing to propose. A pull request Flotilla opened earlier that is still open proposed what the base
 * now has (someone committed the output there): it is closed, saying so, instead of lingering. Not
 * being able to look (no token, GitHub unreachable) is said, and is not an error of the run.
 */
async function upToDate(summary: ChangeSummary, opts: PrDeliveryOptions, pullRequest: PullRequestRef): Promise<PrDeliveryResult> {
  const result: PrDeliveryResult = { kind: 'nothing-to-do', reason: `the generated output on ${opts.base} is up to date`, summary };
  if (opts.dryRun) return result;
  try {
    const closed = await opts.github().closeSupersededPullRequest(pullRequest, `${opts.base} already has the generated output it proposed`);
    if (closed) return { ...result, reason: `${result.reason}; closed pull request #${closed.number} (${closed.url}), which proposed it` };
  } catch (error) {
    opts.log(`could not look for an open Flotilla pull request to close: ${error instanceof Error ? error.message : String(error)}`);
  }
  return result;
}

async function fetchRemote(ws: Workspace, auth: GitAuth | undefined): Promise<void> {
  try {
    await runGit(ws.repoDir, ['fetch', '--quiet', '--prune', '--no-tags', ws.remote], { auth, timeoutMs: NETWORK_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof GitDeliveryError && /40[13]|Authentication failed|could not read Username/i.test(error.message)) {
      throw new GitDeliveryError(
        'AUTH_FAILED',
        `Authentication to ${ws.remote} failed during fetch`,
        'Check that the token is set, not expired, and can read this repository',
      );
    }
    throw error;
  }
}

async function remoteHead(ws: Workspace, branch: string): Promise<string | null> {
  return resolveCommit(ws.repoDir, `refs/remotes/${ws.remote}/${branch}`);
}

async function checkBranchName(dir: string, branch: string, base: string): Promise<void> {
  const valid = await runGit(dir, ['check-ref-format', '--branch', branch], { okCodes: [1, 128] });
  if (valid.code !== 0) throw new UserError(`${JSON.stringify(branch)} is not a valid branch name`);
  if (branch === base) throw new UserError(`the pull-request branch and --base are both ${base}; pass a different --branch`);
}
