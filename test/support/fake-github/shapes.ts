/**
 * Response bodies in the shapes GitHub really sends.
 *
 * The repository and user objects come from a recorded api.github.com
 * response in `@octokit/fixtures` (scenario get-repository), renamed to the
 * fake's owner/repo; labels follow the recorded `labels` scenario; pull
 * requests follow the field set of the `pull-request` example in GitHub's
 * OpenAPI description. Whatever is built here is still checked against the
 * OpenAPI schemas before it is sent, so a drifted shape fails the test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const FIXTURES = dirname(require.resolve('@octokit/fixtures'));
const recordedRepo = JSON.parse(readFileSync(join(FIXTURES, 'scenarios/api.github.com/get-repository/normalized-fixture.json'), 'utf8'))[0].response as Record<
  string,
  unknown
>;

const API = 'https://api.github.com';
const WEB = 'https://github.com';
const RECORDED_OWNER = 'octokit-fixture-org';
const RECORDED_REPO = 'hello-world';

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface PullRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  head: string;
  headSha: string;
  base: string;
  baseSha: string;
  draft: boolean;
  labels: LabelRecord[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Who closed it (a person, or the bot); null while open. */
  closedBy: ReturnType<typeof userShape> | null;
  mergedAt: string | null;
}

export interface RepoRef {
  owner: string;
  name: string;
  id: number;
  ownerId: number;
}

export function userShape(login: string, id: number, type: 'User' | 'Organization' | 'Bot' = 'User') {
  const u = `${API}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId('U', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: u,
    html_url: `${WEB}/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type,
    site_admin: false,
  };
}

/** The recorded repository, renamed: keeps every field GitHub really sends. */
export function repositoryShape(repo: RepoRef) {
  const text = JSON.stringify(recordedRepo)
    .split(`${RECORDED_OWNER}/${RECORDED_REPO}`)
    .join(`${repo.owner}/${repo.name}`)
    .split(`"${RECORDED_REPO}"`)
    .join(JSON.stringify(repo.name));
  const shaped = JSON.parse(text) as Record<string, unknown>;
  const owner = userShape(repo.owner, repo.ownerId, 'Organization');
  return { ...shaped, id: repo.id, node_id: nodeId('R', repo.id), owner, organization: owner, default_branch: 'main' };
}

export function labelShape(repo: RepoRef, label: LabelRecord) {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${API}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

/** Fields shared by the list ("pull-request-simple") and full ("pull-request") shapes. */
export function pullRequestSimpleShape(repo: RepoRef, pr: PullRecord, author: ReturnType<typeof userShape>) {
  const api = `${API}/repos/${repo.owner}/${repo.name}`;
  const web = `${WEB}/${repo.owner}/${repo.name}`;
  const repository = repositoryShape(repo);
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: repository.owner,
    repo: repository,
  });
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: nodeId('PR', pr.id),
    html_url: `${web}/pull/${pr.number}`,
    diff_url: `${web}/pull/${pr.number}.diff`,
    patch_url: `${web}/pull/${pr.number}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: author,
    body: pr.body,
    labels: pr.labels.map((l) => labelShape(repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pr.head, pr.headSha),
    base: side(pr.base, pr.baseSha),
    _links: {
      self: { href: `${api}/pulls/${pr.number}` },
      html: { href: `${web}/pull/${pr.number}` },
      issue: { href: `${api}/issues/${pr.number}` },
      comments: { href: `${api}/issues/${pr.number}/comments` },
      review_comments: { href: `${api}/pulls/${pr.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pr.number}/commits` },
      statuses: { href: `${api}/statuses/${pr.headSha}` },
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    draft: pr.draft,
  };
}

export function pullRequestShape(repo: RepoRef, pr: PullRecord, author: ReturnType<typeof userShape>) {
  return {
    ...pullRequestSimpleShape(repo, pr, author),
    merged: pr.mergedAt !== null,
    // GitHub computes mergeability in the background; `null` is what a fresh PR returns.
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: pr.mergedAt !== null ? pr.closedBy : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

/** A pull request read through the issues API (`issues/get`): the fields of the "issue" schema, with `closed_by`. */
export function issueShape(repo: RepoRef, pr: PullRecord, author: ReturnType<typeof userShape>) {
  const api = `${API}/repos/${repo.owner}/${repo.name}`;
  const web = `${WEB}/${repo.owner}/${repo.name}`;
  return {
    id: pr.id,
    node_id: nodeId('I', pr.id),
    url: `${api}/issues/${pr.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${pr.number}/labels{/name}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    events_url: `${api}/issues/${pr.number}/events`,
    html_url: `${web}/pull/${pr.number}`,
    number: pr.number,
    state: pr.state,
    state_reason: null,
    title: pr.title,
    body: pr.body,
    user: author,
    labels: pr.labels.map((l) => labelShape(repo, l)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    pull_request: {
      merged_at: pr.mergedAt,
      diff_url: `${web}/pull/${pr.number}.diff`,
      html_url: `${web}/pull/${pr.number}`,
      patch_url: `${web}/pull/${pr.number}.patch`,
      url: `${api}/pulls/${pr.number}`,
    },
    closed_at: pr.closedAt,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    draft: pr.draft,
    closed_by: pr.closedBy,
    author_association: 'CONTRIBUTOR',
  };
}

/** GitHub's error bodies: `{ message, documentation_url, status }`. */
export function errorBody(status: number, message: string, docs = 'https://docs.github.com/rest') {
  return { message, documentation_url: docs, status: String(status) };
}

export function validationFailed(docs: string, errors: Record<string, string>[]) {
  return { message: 'Validation Failed', errors, documentation_url: docs, status: '422' };
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kw${Buffer.from(String(id)).toString('base64url')}`;
}
