/**
 * Create-or-update of the single open pull request for a branch.
 *
 * Invariant: never a second open pull request for the same head branch. The
 * lookup-then-create sequence has a window in which another run (or a retried
 * POST whose first attempt did reach GitHub) opens the PR; GitHub then answers
 * 422 "A pull request already exists", and we adopt that PR instead.
 *
 * Labels follow the change: Flotilla's own labels (pr-labels.ts) that no
 * longer apply are taken off; anyone else's labels stay.
 *
 * A pull request a person closed without merging is respected: while no PR is
 * open, the last closed one is looked up, and when it proposed the same change
 * (the `change` fingerprint, kept in its body) no new one is opened. Either way
 * the result says who closed it and when.
 */
import type { Octokit } from '@octokit/rest';
import { GitHubDeliveryError } from './errors.ts';
import type { DeliveryLogger } from './octokit.ts';
import { isFlotillaLabel } from './pr-labels.ts';
import { ensureRepoLabels, type Step, validationErrors } from './repo-labels.ts';

/** Which pull request: a branch of owner/repo into a base. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  /** Branch in owner/repo holding the changes. */
  head: string;
  base: string;
}

export interface PullRequestRequest extends PullRequestRef {
  title: string;
  body: string;
  labels: string[];
  draft?: boolean;
  /** What the pull request proposes (a digest of the change); written into its body, compared with a closed PR's. */
  change?: string;
}

export interface ClosedPullRequest {
  number: number;
  url: string;
  /** Login of whoever closed it; null when GitHub does not say. */
  closedBy: string | null;
  closedAt: string | null;
  /** It proposed the change this run proposes. */
  sameChange: boolean;
}

export interface PullRequestResult {
  number: number;
  url: string;
  /**
   * 'unchanged': nothing was modified on GitHub (title, body, base and labels already matched).
   * 'closed': no PR is open and a person closed the last one, which proposed this same change: nothing was opened.
   */
  action: 'created' | 'updated' | 'unchanged' | 'closed';
  /** The last pull request for the branch, closed without merging, when none was open. */
  closed?: ClosedPullRequest;
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

export async function upsertPullRequest(gh: Octokit, request: PullRequestRequest, step: Step, log: DeliveryLogger): Promise<PullRequestResult> {
  const req = { ...request, body: withChangeMarker(request.body, request.change) };
  const where = { owner: req.owner, repo: req.repo };
  let pull = await findOpenPull(gh, req, step);
  let action: PullRequestResult['action'];
  let closed: ClosedPullRequest | undefined;
  if (pull) {
    action = await reconcile(gh, req, pull, step);
  } else {
    closed = await findClosedPull(gh, req, step);
    if (closed?.sameChange) {
      log.info(`pull request #${closed.number} was ${closedByWhom(closed)} and proposed this same change: not opening another`);
      return { number: closed.number, url: closed.url, action: 'closed', closed };
    }
    if (closed) log.info(`pull request #${closed.number} was ${closedByWhom(closed)}; the change differs since, so a new one is opened`);
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

  const number = pull.number;
  const current = new Set(pull.labels.map((l) => (l.name ?? '').toLowerCase()));
  const wanted = uniqueCaseInsensitive(req.labels);
  const missing = wanted.filter((name) => !current.has(name.toLowerCase()));
  if (missing.length > 0) {
    await ensureRepoLabels(gh, where, missing, step, log);
    await step(`add labels to pull request #${number}`, () => gh.rest.issues.addLabels({ ...where, issue_number: number, labels: missing }));
    if (action === 'unchanged') action = 'updated';
  }
  const keep = new Set(wanted.map((name) => name.toLowerCase()));
  const stale = pull.labels.map((l) => l.name ?? '').filter((name) => isFlotillaLabel(name) && !keep.has(name.toLowerCase()));
  for (const name of stale) {
    await step(`remove the label "${name}" from pull request #${number}`, async () => {
      try {
        await gh.rest.issues.removeLabel({ ...where, issue_number: number, name });
      } catch (error) {
        // Someone took it off in the meantime: that is the goal anyway.
        if ((error as { status?: number }).status !== 404) throw error;
      }
    });
    log.info(`removed the label "${name}" from pull request #${number}: it no longer applies to the change`);
    if (action === 'unchanged') action = 'updated';
  }
  return { number, url: pull.html_url, action, ...(closed ? { closed } : {}) };
}

/** The PR a person closed last on this branch (and base), without merging it; undefined when an open one exists or none was closed. */
export async function closedPullRequest(gh: Octokit, request: PullRequestRequest, step: Step): Promise<ClosedPullRequest | undefined> {
  const req = { ...request, body: withChangeMarker(request.body, request.change) };
  if (await findOpenPull(gh, req, step)) return undefined;
  return findClosedPull(gh, req, step);
}

async function findClosedPull(gh: Octokit, req: PullRequestRequest, step: Step): Promise<ClosedPullRequest | undefined> {
  const { data } = await step('look up closed pull requests', () =>
    gh.rest.pulls.list({ owner: req.owner, repo: req.repo, head: `${req.owner}:${req.head}`, base: req.base, state: 'closed', per_page: 100 }),
  );
  const last = data.filter((p) => p.closed_at).sort((a, b) => (a.closed_at! < b.closed_at! ? 1 : a.closed_at! > b.closed_at! ? -1 : b.number - a.number))[0];
  // A merged PR was not refused: the next change simply gets a new one.
  if (!last || last.merged_at) return undefined;
  const { data: issue } = await step(`read who closed pull request #${last.number}`, () =>
    gh.rest.issues.get({ owner: req.owner, repo: req.repo, issue_number: last.number }),
  );
  const change = changeMarkerOf(last.body);
  return {
    number: last.number,
    url: last.html_url,
    closedBy: issue.closed_by?.login ?? null,
    closedAt: last.closed_at,
    sameChange: req.change !== undefined && change === req.change,
  };
}

/**
 * Closes the open pull request of the branch, if there is one, with why at the top of its body: the
 * base already has what it proposed, so it would only sit there (or, merged, change nothing).
 */
export async function closeSupersededPullRequest(
  gh: Octokit,
  req: PullRequestRef,
  reason: string,
  step: Step,
): Promise<{ number: number; url: string } | undefined> {
  const pull = await findOpenPull(gh, req, step);
  if (!pull || pull.base.ref !== req.base) return undefined;
  const body = `> [!NOTE]\n> Closed by Flotilla: ${reason}.\n\n${pull.body ?? ''}`;
  await step(`close pull request #${pull.number}`, () =>
    gh.rest.pulls.update({ owner: req.owner, repo: req.repo, pull_number: pull.number, state: 'closed', body }),
  );
  return { number: pull.number, url: pull.html_url };
}

export function closedByWhom(closed: ClosedPullRequest): string {
  return `closed${closed.closedBy ? ` by @${closed.closedBy}` : ''}${closed.closedAt ? ` on ${closed.closedAt}` : ''} without merging`;
}

const CHANGE_MARKER = /\n*<!-- flotilla-change: ([\w:.-]+) -->\s*$/;

/** The body with the change fingerprint as a trailing HTML comment (invisible on GitHub). */
function withChangeMarker(body: string, change: string | undefined): string {
  const text = body.replace(CHANGE_MARKER, '');
  return change ? `${text}\n\n<!-- flotilla-change: ${change} -->` : text;
}

function changeMarkerOf(body: string | null | undefined): string | undefined {
  return body ? CHANGE_MARKER.exec(body)?.[1] : undefined;
}

async function findOpenPull(gh: Octokit, req: PullRequestRef, step: Step): Promise<PullView | undefined> {
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
