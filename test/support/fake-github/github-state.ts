/**
 * The fake's memory (repositories, branches, pull requests, labels) and the
 * behaviour of each implemented operation, keyed by GitHub's operationId.
 *
 * Behaviour mirrors what GitHub does, including the parts the client must
 * cope with: 422 when an open PR already exists for head+base, 422
 * `already_exists` for labels (names compared case-insensitively), labels
 * auto-created in grey by "add labels", 404 when removing a label the pull
 * request does not carry, `closed_by` on the issue of a closed pull request,
 * 404 for unknown repositories.
 */
import { createHash } from 'node:crypto';
import {
  errorBody,
  issueShape,
  type LabelRecord,
  labelShape,
  type PullRecord,
  pullRequestShape,
  pullRequestSimpleShape,
  type RepoRef,
  userShape,
  validationFailed,
} from './shapes.ts';

export interface RepoState extends RepoRef {
  branches: Map<string, string>;
  pulls: PullRecord[];
  labels: LabelRecord[];
  nextNumber: number;
}

export interface OperationInput {
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: any;
  /** Absolute URL of the request, for pagination links. */
  url: URL;
}

export interface OperationOutput {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const DOCS = {
  listPulls: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
  createPull: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  updatePull: 'https://docs.github.com/rest/pulls/pulls#update-a-pull-request',
  listLabels: 'https://docs.github.com/rest/issues/labels#list-labels-for-a-repository',
  createLabel: 'https://docs.github.com/rest/issues/labels#create-a-label',
  addLabels: 'https://docs.github.com/rest/issues/labels#add-labels-to-an-issue',
  removeLabel: 'https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue',
  getIssue: 'https://docs.github.com/rest/issues/issues#get-an-issue',
};

export class FakeGitHubState {
  /** The account the token belongs to; author of the PRs it opens. */
  readonly viewer = userShape('flotilla-bot', 41898282, 'Bot');
  private readonly repos = new Map<string, RepoState>();
  private nextId = 1000;
  private clock = Date.parse('2025-01-01T00:00:00Z');

  addRepo(owner: string, name: string, branches: string[] = ['main']): RepoState {
    const repo: RepoState = {
      owner,
      name,
      id: this.id(),
      ownerId: this.id(),
      branches: new Map(branches.map((b) => [b, sha(`${owner}/${name}@${b}`)])),
      pulls: [],
      labels: [],
      nextNumber: 1,
    };
    this.repos.set(key(owner, name), repo);
    return repo;
  }

  repo(owner: string, name: string): RepoState | undefined {
    return this.repos.get(key(owner, name));
  }

  /** Opens a PR directly in state, e.g. to simulate another run racing the client. */
  openPull(repo: RepoState, fields: { head: string; base: string; title: string; body?: string | null }): PullRecord {
    const now = this.tick();
    const pull: PullRecord = {
      id: this.id(),
      number: repo.nextNumber++,
      title: fields.title,
      body: fields.body ?? null,
      state: 'open',
      head: fields.head,
      headSha: repo.branches.get(fields.head) ?? sha(fields.head),
      base: fields.base,
      baseSha: repo.branches.get(fields.base) ?? sha(fields.base),
      draft: false,
      labels: [],
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      mergedAt: null,
    };
    repo.pulls.push(pull);
    return pull;
  }

  /** A person (by login) closes a pull request in the web UI, or merges it. */
  closePull(pull: PullRecord, login: string, options: { merged?: boolean } = {}): void {
    const now = this.tick();
    pull.state = 'closed';
    pull.closedAt = now;
    pull.closedBy = userShape(login, this.id());
    pull.mergedAt = options.merged ? now : null;
    pull.updatedAt = now;
  }

  addLabel(repo: RepoState, name: string, color = 'ededed', description: string | null = null): LabelRecord {
    const label: LabelRecord = { id: this.id(), name, color, description, default: false };
    repo.labels.push(label);
    return label;
  }

  /** Runs one operation; `undefined` when the fake does not implement it. */
  handle(operationId: string, input: OperationInput): OperationOutput | undefined {
    const handler = this.handlers[operationId];
    if (!handler) return undefined;
    const repo = this.repo(input.pathParams.owner, input.pathParams.repo);
    if (!repo) return { status: 404, body: errorBody(404, 'Not Found') };
    return handler(repo, input);
  }

  private readonly handlers: Record<string, (repo: RepoState, input: OperationInput) => OperationOutput> = {
    'pulls/list': (repo, { query, url }) => {
      const state = query.get('state') ?? 'open';
      const head = query.get('head');
      const base = query.get('base');
      const matches = repo.pulls
        .filter((p) => state === 'all' || p.state === state)
        .filter((p) => !head || matchesHead(repo, p, head))
        .filter((p) => !base || p.base === base)
        .sort((a, b) => b.number - a.number);
      const { items, link } = paginate(matches, query, url);
      return { status: 200, body: items.map((p) => pullRequestSimpleShape(repo, p, this.viewer)), headers: link };
    },

    'pulls/create': (repo, { body }) => {
      const invalid = (field: string) => validationFailed(DOCS.createPull, [{ resource: 'PullRequest', field, code: 'invalid' }]);
      const head = String(body.head).includes(':') ? String(body.head).split(':')[1] : String(body.head);
      if (!repo.branches.has(head)) return { status: 422, body: invalid('head') };
      if (!repo.branches.has(body.base)) return { status: 422, body: invalid('base') };
      if (typeof body.title !== 'string' || body.title === '') {
        return { status: 422, body: validationFailed(DOCS.createPull, [{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]) };
      }
      if (head === body.base) {
        return {
          status: 422,
          body: validationFailed(DOCS.createPull, [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${body.base} and ${head}` }]),
        };
      }
      if (repo.pulls.some((p) => p.state === 'open' && p.head === head && p.base === body.base)) {
        const message = `A pull request already exists for ${repo.owner}:${head}.`;
        return { status: 422, body: validationFailed(DOCS.createPull, [{ resource: 'PullRequest', code: 'custom', message }]) };
      }
      const pull = this.openPull(repo, { head, base: body.base, title: body.title, body: body.body ?? null });
      pull.draft = body.draft === true;
      const location = `https://api.github.com/repos/${repo.owner}/${repo.name}/pulls/${pull.number}`;
      return { status: 201, body: pullRequestShape(repo, pull, this.viewer), headers: { location } };
    },

    'pulls/update': (repo, { pathParams, body }) => {
      const pull = repo.pulls.find((p) => p.number === Number(pathParams.pull_number));
      if (!pull) return { status: 404, body: errorBody(404, 'Not Found', DOCS.updatePull) };
      const patch = body ?? {};
      if (patch.base !== undefined && !repo.branches.has(patch.base)) {
        return { status: 422, body: validationFailed(DOCS.updatePull, [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]) };
      }
      if (patch.title !== undefined) pull.title = patch.title;
      if (patch.body !== undefined) pull.body = patch.body;
      if (patch.base !== undefined) pull.base = patch.base;
      if (patch.state !== undefined) {
        pull.state = patch.state;
        pull.closedAt = patch.state === 'closed' ? this.tick() : null;
        pull.closedBy = patch.state === 'closed' ? this.viewer : null;
      }
      pull.updatedAt = this.tick();
      return { status: 200, body: pullRequestShape(repo, pull, this.viewer) };
    },

    'issues/get': (repo, { pathParams }) => {
      // Pull requests are issues too; the fake has no plain issues.
      const pull = repo.pulls.find((p) => p.number === Number(pathParams.issue_number));
      if (!pull) return { status: 404, body: errorBody(404, 'Not Found', DOCS.getIssue) };
      return { status: 200, body: issueShape(repo, pull, this.viewer) };
    },

    'issues/remove-label': (repo, { pathParams }) => {
      const pull = repo.pulls.find((p) => p.number === Number(pathParams.issue_number));
      const label = pull?.labels.find((l) => l.name.toLowerCase() === String(pathParams.name).toLowerCase());
      // GitHub answers 404 "Label does not exist" when the issue does not carry it.
      if (!pull || !label) return { status: 404, body: errorBody(404, pull ? 'Label does not exist' : 'Not Found', DOCS.removeLabel) };
      pull.labels = pull.labels.filter((l) => l !== label);
      pull.updatedAt = this.tick();
      return { status: 200, body: pull.labels.map((l) => labelShape(repo, l)) };
    },

    'issues/list-labels-for-repo': (repo, { query, url }) => {
      const { items, link } = paginate(repo.labels, query, url);
      return { status: 200, body: items.map((l) => labelShape(repo, l)), headers: link };
    },

    'issues/create-label': (repo, { body }) => {
      const invalid = (field: string, code = 'invalid') => ({ status: 422, body: validationFailed(DOCS.createLabel, [{ resource: 'Label', code, field }]) });
      const color = String(body.color ?? 'ededed').replace(/^#/, '');
      if (!/^[0-9a-fA-F]{6}$/.test(color)) return invalid('color');
      if (typeof body.description === 'string' && body.description.length > 100) return invalid('description');
      if (findLabel(repo, body.name)) return invalid('name', 'already_exists');
      const label = this.addLabel(repo, body.name, color, body.description ?? null);
      const location = `https://api.github.com/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`;
      return { status: 201, body: labelShape(repo, label), headers: { location } };
    },

    'issues/add-labels': (repo, { pathParams, body }) => {
      const pull = repo.pulls.find((p) => p.number === Number(pathParams.issue_number));
      if (!pull) return { status: 404, body: errorBody(404, 'Not Found', DOCS.addLabels) };
      const names: string[] = (body?.labels ?? []).map((l: string | { name: string }) => (typeof l === 'string' ? l : l.name));
      for (const name of names) {
        // GitHub creates unknown labels on the fly, grey and without description.
        const label = findLabel(repo, name) ?? this.addLabel(repo, name);
        if (!pull.labels.includes(label)) pull.labels.push(label);
      }
      pull.updatedAt = this.tick();
      return { status: 200, body: pull.labels.map((l) => labelShape(repo, l)) };
    },
  };

  private id(): number {
    return this.nextId++;
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

function key(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

function sha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

function findLabel(repo: RepoState, name: string): LabelRecord | undefined {
  return repo.labels.find((l) => l.name.toLowerCase() === String(name).toLowerCase());
}

/** GitHub's `head` filter is "owner:branch"; a bare value matches nothing. */
function matchesHead(repo: RepoState, pull: PullRecord, head: string): boolean {
  const [owner, branch] = head.split(':');
  return branch !== undefined && owner.toLowerCase() === repo.owner.toLowerCase() && pull.head === branch;
}

/** `per_page`/`page` plus a Link header with absolute URLs, as GitHub sends. */
function paginate<T>(all: T[], query: URLSearchParams, url: URL): { items: T[]; link?: Record<string, string> } {
  const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
  const page = Number(query.get('page') ?? 1);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const at = (n: number) => {
    const u = new URL(url);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(n));
    return u.toString();
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${at(page - 1)}>; rel="prev"`, `<${at(1)}>; rel="first"`);
  if (page < last) rels.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  return { items, link: rels.length > 0 ? { link: rels.join(', ') } : undefined };
}
