/**
 * Create-or-update of the single open pull request for a branch.
 *
 * Invariant: never a second open pull request for the same head branch. The
 * lookup-then-create sequence has a window in which another run (or a retried
 * POST whose first attempt did reach GitHub) opens the PR; GitHub then answers
 * 422 "A pull request already exists", and we adopt that PR instead.
 */
import type { Octokit } from '@octokit/rest';
import { GitHubDeliveryError } from './errors.ts';
import type { DeliveryLogger } from './octokit.ts';
import { ensureRepoLabels, type Step, validationErrors } from './repo-labels.ts';

export interface PullRequestRequest {
  owner: string;
  repo: string;
  /** Branch in owner/repo holding the changes. */
  head: string;
  base: string;
  title: string;
  body: string;
  labels: string[];
  draft?: boolean;
}

export interface PullRequestResult {
  number: number;
  url: string;
  /** 'unchanged' means nothing was modified on GitHub (title, body, base and labels already matched). */
  action: 'created' | 'updated' | 'unchanged';
}

/** The fields we read; both the list ("simple") and full pull request shapes have them. */
interface PullView {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  base: { ref: string };
  labels: { name?: string }[];
}

export async function upsertPullRequest(gh: Octokit, req: PullRequestRequest, step: Step, log: DeliveryLogger): Promise<PullRequestResult> {
  const where = { owner: req.owner, repo: req.repo };
  let pull = await findOpenPull(gh, req, step);
  let action: PullRequestResult['action'];
  if (pull) {
    action = await reconcile(gh, req, pull, step);
  } else {
    const created = await step('create the pull request', async () => {
      try {
        const { data } = await gh.rest.pulls.create({
          ...where,
          head: req.head,
          base: req.base,
          title: req.title,
          body: req.body,
          draft: req.draft,
        });
        return data;
      } catch (error) {
        if (isPullAlreadyExists(error)) return undefined;
        throw error;
      }
    });
    if (created) {
      pull = created;
      action = 'created';
      log.info(`opened pull request #${created.number} for ${req.head} -> ${req.base}`);
    } else {
      log.info(`a pull request for ${req.head} was opened concurrently; updating it instead`);
      pull = await findOpenPull(gh, req, step);
      if (!pull) {
        throw new GitHubDeliveryError(
          `GitHub reported an open pull request for ${req.owner}:${req.head}, but none was found; it may have just been closed. Run again.`,
          { kind: 'unknown', status: 422 },
        );
      }
      action = await reconcile(gh, req, pull, step);
    }
  }

  const current = new Set(pull.labels.map((l) => (l.name ?? '').toLowerCase()));
  const missing = uniqueCaseInsensitive(req.labels).filter((name) => !current.has(name.toLowerCase()));
  if (missing.length > 0) {
    await ensureRepoLabels(gh, where, missing, step, log);
    const number = pull.number;
    await step(`add labels to pull request #${number}`, () => gh.rest.issues.addLabels({ ...where, issue_number: number, labels: missing }));
    if (action === 'unchanged') action = 'updated';
  }
  return { number: pull.number, url: pull.html_url, action };
}

async function findOpenPull(gh: Octokit, req: PullRequestRequest, step: Step): Promise<PullView | undefined> {
  const { data } = await step('look up open pull requests', () =>
    gh.rest.pulls.list({
      owner: req.owner,
      repo: req.repo,
      // `head` must be "owner:branch"; a bare branch name is ignored by GitHub.
      head: `${req.owner}:${req.head}`,
      state: 'open',
      per_page: 100,
    }),
  );
  // Several open PRs can share a head when their bases differ; prefer ours.
  return data.find((p) => p.base.ref === req.base) ?? data[0];
}

/** Brings an existing PR's title/body/base in line; returns whether anything changed. */
async function reconcile(gh: Octokit, req: PullRequestRequest, pull: PullView, step: Step): Promise<'updated' | 'unchanged'> {
  const changes: { title?: string; body?: string; base?: string } = {};
  if (pull.title !== req.title) changes.title = req.title;
  if ((pull.body ?? '') !== req.body) changes.body = req.body;
  if (pull.base.ref !== req.base) changes.base = req.base;
  if (Object.keys(changes).length === 0) return 'unchanged';
  await step(`update pull request #${pull.number}`, () => gh.rest.pulls.update({ owner: req.owner, repo: req.repo, pull_number: pull.number, ...changes }));
  return 'updated';
}

function isPullAlreadyExists(error: unknown): boolean {
  return validationErrors(error).some((e) => typeof e.message === 'string' && /pull request already exists/i.test(e.message));
}

function uniqueCaseInsensitive(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) if (name && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  return [...seen.values()];
}
