// `flotilla pr` end to end: real git (bare remote with the example fleet,
// real clones) and the contract-checked fake GitHub (every request and
// response validated against GitHub's OpenAPI description).
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { bumpMatomo, bumpWander, type FleetRemote, flotilla, git, makeFleetRemote } from '../deliver/fleet-remote.ts';
import { FakeGitHub, faults } from '../support/fake-github/server.ts';

const TOKEN = 'flotilla-pr-test-secret-81b2c3';
const OWNER = 'acme';
const REPO = 'fleet';
const BRANCH = 'flotilla/update-main';
const PR = ['pr', '--github-repo', `${OWNER}/${REPO}`];

async function setUp(t: TestContext): Promise<{ remote: FleetRemote; gh: FakeGitHub; dir: string; env: NodeJS.ProcessEnv }> {
  const remote = await makeFleetRemote();
  const gh = await FakeGitHub.start({ token: TOKEN });
  // The fake tracks branch names only; the real branch lives in the bare repository.
  gh.state.addRepo(OWNER, REPO, ['main', BRANCH]);
  t.after(async () => {
    await gh.close();
    remote.cleanup();
  });
  const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, FLOTILLA_GITHUB_PACING_MS: '0' };
  return { remote, gh, dir: remote.clone('work'), env };
}

const openPulls = (gh: FakeGitHub) => gh.state.repo(OWNER, REPO)!.pulls.filter((p) => p.state === 'open');
const mutations = (gh: FakeGitHub) => gh.requests.filter((r) => r.method !== 'GET');

function assertContractAndToken(gh: FakeGitHub, ...outputs: string[]): void {
  assert.deepEqual(gh.violations, [], "requests and responses follow GitHub's OpenAPI description");
  for (const r of gh.requests) {
    const { authorization: _a, ...headers } = r.headers;
    assert.ok(!JSON.stringify({ url: r.url, body: r.body, headers }).includes(TOKEN), `token outside the Authorization header in ${r.method} ${r.url}`);
  }
  for (const text of outputs) assert.ok(!text.includes(TOKEN), 'token in output');
}

test('opens one pull request, leaves it alone on a re-run, and updates the same one when the config changes', async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  const userHead = git(dir, 'rev-parse', 'HEAD');
  const base1 = remote.pushHumanChange(remote.clone('human'), 'apps/wander.yaml', bumpWander, 'wander 1.4.3');

  const first = await flotilla(dir, env, ...PR);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /pushed flotilla\/update-main; opened pull request #1: https:\/\/github\.com\/acme\/fleet\/pull\/1/);
  const [pull] = openPulls(gh);
  assert.ok(pull);
  assert.equal(pull.title, 'flotilla: update wander (dev, prod, staging) on 4 clusters');
  assert.equal(pull.base, 'main');
  assert.match(pull.body ?? '', /\*\*Applications:\*\* 4 changed, 0 added, 0 removed, 19 unchanged/);
  assert.match(pull.body ?? '', /<summary><b>wander<\/b> \(travel\) — Applications changed everywhere \(4 clusters\)<\/summary>/);
  assert.match(pull.body ?? '', /Config changed since the output was last generated \(`[0-9a-f]{12}`\): `apps\/wander\.yaml`/);
  assert.deepEqual(pull.labels.map((l) => l.name).sort(), ['env/dev', 'env/prod', 'env/staging', 'team/travel']);
  const head1 = remote.remoteHead(BRANCH)!;
  assert.equal(git(remote.bare, 'rev-parse', `${head1}^`), base1, 'the branch is main plus one generated commit');
  assert.equal(git(remote.bare, 'log', '-1', '--format=%an', head1), 'Flotilla');
  assert.equal(git(dir, 'rev-parse', 'HEAD'), userHead, "the operator's checkout is not touched");
  assert.equal(git(dir, 'status', '--porcelain'), '');

  const writes = mutations(gh).length;
  const again = await flotilla(dir, env, ...PR);
  assert.equal(again.code, 0, again.err);
  assert.equal(again.out, 'nothing to do: pull request #1 is up to date (https://github.com/acme/fleet/pull/1)');
  assert.equal(remote.remoteHead(BRANCH), head1, 'nothing pushed');
  assert.equal(mutations(gh).length, writes, 'no PR update');

  const base2 = remote.pushHumanChange(remote.clone('human2'), 'apps/matomo.yaml', bumpMatomo, 'matomo 5.1.2');
  const third = await flotilla(dir, env, ...PR);
  assert.equal(third.code, 0, third.err);
  assert.match(third.out, /updated pull request #1/);
  assert.equal(openPulls(gh).length, 1, 'never a duplicate');
  assert.match(openPulls(gh)[0]!.title, /^flotilla: update matomo, wander /);
  const head2 = remote.remoteHead(BRANCH)!;
  assert.deepEqual(
    git(remote.bare, 'rev-list', '--parents', '-n1', head2).split(' ').slice(1),
    [head1, base2],
    'fast-forward of the branch, merging the new main',
  );
  const checkout = remote.clone('review');
  git(checkout, 'checkout', '--quiet', BRANCH);
  const check = await flotilla(checkout, {}, 'generate', '--check');
  assert.equal(check.code, 0, `the PR branch's output matches its config:\n${check.out}`);
  assertContractAndToken(gh, first.out, first.err, third.out, third.err);
});

test("an expired token fails clearly (exit 1, token nowhere); nothing is lost; a person's commit on the branch stops the next run", async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  remote.pushHumanChange(remote.clone('human'), 'apps/wander.yaml', bumpWander, 'wander 1.4.3');
  const expired = 'flotilla-expired-token-42aa';

  const run = await flotilla(dir, { ...env, GITHUB_TOKEN: expired }, ...PR);
  assert.equal(run.code, 1);
  assert.match(run.err, /GitHub rejected the token \(401 Bad credentials\).*set GITHUB_TOKEN/s);
  for (const text of [run.out, run.err, readFileSync(join(dir, '.git', 'config'), 'utf8'), git(dir, 'remote', 'get-url', 'origin')]) {
    assert.ok(!text.includes(expired), 'expired token leaked');
  }
  assert.equal(openPulls(gh).length, 0);

  const retry = await flotilla(dir, env, ...PR);
  assert.equal(retry.code, 0, retry.err);
  assert.match(retry.out, /opened pull request #1/, 'nothing was lost: the pushed branch is reused');
  assert.ok(!retry.out.startsWith('pushed'));

  // A person pushes to Flotilla's branch: the next run would undo their commit, so it stops.
  const human = remote.clone('reviewer');
  git(human, 'switch', '--quiet', BRANCH);
  git(human, 'commit', '--quiet', '--allow-empty', '-m', "reviewer's fix");
  git(human, 'push', '--quiet', 'origin', BRANCH);
  const guarded = await flotilla(dir, env, ...PR);
  assert.equal(guarded.code, 1);
  assert.match(guarded.err, /the pull-request branch has commits Flotilla did not make: [0-9a-f]{12} "reviewer's fix"/);
  assert.equal(remote.remoteHead(BRANCH), git(human, 'rev-parse', 'HEAD'), 'their commit stays');
});

test('waits out a secondary rate limit, and adopts a pull request opened concurrently (422) instead of a duplicate', async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  remote.pushHumanChange(remote.clone('human'), 'apps/wander.yaml', bumpWander, 'wander 1.4.3');
  gh.intercept({ operation: 'pulls/create', respond: faults.secondaryRateLimit(1) });
  gh.intercept({
    operation: 'pulls/create',
    before: (state) => void state.openPull(state.repo(OWNER, REPO)!, { head: BRANCH, base: 'main', title: 'opened by a concurrent run' }),
  });

  const run = await flotilla(dir, env, ...PR);
  assert.equal(run.code, 0, run.err);
  const creates = gh.requestsFor('pulls/create');
  assert.deepEqual(
    creates.map((r) => r.status),
    [403, 422],
  );
  assert.ok(creates[1]!.at - creates[0]!.at >= 900, 'waited as retry-after said');
  assert.match(run.err, /secondary rate limit .* waiting 1s/);
  assert.equal(openPulls(gh).length, 1);
  assert.match(run.out, /updated pull request #1/);
  assert.match(openPulls(gh)[0]!.title, /^flotilla: update wander/);
  assertContractAndToken(gh, run.out, run.err);
});

test('refuses deleting a whole cluster (exit 4, nothing pushed); with --allow-deletions the PR is labelled and lists the clean-up', async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  const human = remote.clone('human');
  rmSync(join(human, 'clusters/prod-us.yaml'));
  git(human, 'commit', '--quiet', '-am', 'retire prod-us');
  git(human, 'push', '--quiet', 'origin', 'main');

  const refused = await flotilla(dir, env, ...PR);
  assert.equal(refused.code, 4);
  assert.match(refused.err, /cluster prod-us would lose all of its Applications/);
  assert.equal(remote.remoteHead(BRANCH), null, 'nothing pushed');
  assert.equal(gh.requests.length, 0, 'GitHub not called');

  const allowed = await flotilla(dir, env, ...PR, '--allow-deletions', '--draft');
  assert.equal(allowed.code, 0, allowed.err);
  const [pull] = openPulls(gh);
  assert.ok(pull?.draft);
  assert.ok(pull.labels.some((l) => l.name === 'flotilla/deletions'));
  assert.match(
    pull.body ?? '',
    /```sh\nargocd app delete flotilla-namespaces-prod-us\nargocd app delete kairoflow-prod-us\nargocd app delete matomo-prod-us\n/,
  );
  assert.match(pull.body ?? '', /⚠️ cluster prod-us loses all of its Applications/);
});

test('two concurrent runs: one branch, fast-forwarded only, and one pull request', async (t) => {
  const { remote, gh, env } = await setUp(t);
  remote.pushHumanChange(remote.clone('human'), 'apps/wander.yaml', bumpWander, 'wander 1.4.3');
  const [a, b] = [remote.clone('a'), remote.clone('b')];

  const runs = await Promise.all([flotilla(a, env, ...PR), flotilla(b, env, ...PR)]);
  for (const run of runs) assert.equal(run.code, 0, run.err);
  assert.equal(openPulls(gh).length, 1, 'never a duplicate');
  const head = remote.remoteHead(BRANCH)!;
  assert.equal(git(remote.bare, 'log', '--format=%an', `main..${head}`), 'Flotilla', 'exactly one generated commit on the branch');
  assertContractAndToken(gh, ...runs.flatMap((r) => [r.out, r.err]));
});

test("labels follow the current change: a reverted deletion takes flotilla/deletions off, and people's labels stay", async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  const human = remote.clone('human');
  rmSync(join(human, 'clusters/prod-us.yaml'));
  git(human, 'commit', '--quiet', '-am', 'retire prod-us');
  git(human, 'push', '--quiet', 'origin', 'main');
  const deleting = await flotilla(dir, env, ...PR, '--allow-deletions');
  assert.equal(deleting.code, 0, deleting.err);
  const [pull] = openPulls(gh);
  assert.ok(pull?.labels.some((l) => l.name === 'flotilla/deletions'));
  pull.labels.push(gh.state.addLabel(gh.state.repo(OWNER, REPO)!, 'needs-review', 'fbca04', 'Set by a reviewer'));

  git(human, 'revert', '--no-edit', 'HEAD');
  git(human, 'push', '--quiet', 'origin', 'main');
  remote.pushHumanChange(human, 'apps/wander.yaml', bumpWander, 'wander 1.4.3');
  const reverted = await flotilla(dir, env, ...PR);

  assert.equal(reverted.code, 0, reverted.err);
  assert.match(reverted.out, /updated pull request #1/);
  assert.deepEqual(pull.labels.map((l) => l.name).sort(), ['env/dev', 'env/prod', 'env/staging', 'needs-review', 'team/travel']);
  assert.match(reverted.err, /removed the label "flotilla\/deletions" from pull request #1: it no longer applies to the change/);
  assert.doesNotMatch(pull.body ?? '', /argocd app delete/);
  assertContractAndToken(gh, reverted.out, reverted.err);
});

test('a pull request a person closed is respected: the same change opens nothing (and pushes nothing), a different one opens a new PR and says so', async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  const human = remote.clone('human');
  remote.pushHumanChange(human, 'apps/wander.yaml', bumpWander, 'wander 1.4.3');
  assert.equal((await flotilla(dir, env, ...PR)).code, 0);
  const [pull] = openPulls(gh);
  gh.state.closePull(pull!, 'alice');
  // Closed with GitHub's "Delete branch" button: the branch goes too.
  git(human, 'push', '--quiet', 'origin', '--delete', BRANCH);

  const writes = mutations(gh).length;
  const same = await flotilla(dir, env, ...PR);
  assert.equal(same.code, 0, same.err);
  assert.match(
    same.out,
    /^nothing to do: pull request #1 \(https:\/\/github\.com\/acme\/fleet\/pull\/1\) was closed by @alice on \S+ without merging, and this run proposes the same change: no new pull request\. Reopen it to go ahead, or change the config$/,
  );
  assert.equal(openPulls(gh).length, 0);
  assert.equal(mutations(gh).length, writes, 'nothing written to GitHub');
  assert.equal(remote.remoteHead(BRANCH), null, 'the deleted branch is not pushed again');

  remote.pushHumanChange(human, 'apps/matomo.yaml', bumpMatomo, 'matomo 5.1.2');
  const differs = await flotilla(dir, env, ...PR);
  assert.equal(differs.code, 0, differs.err);
  assert.match(
    differs.out,
    /^pull request #1 \(https:\/\/github\.com\/acme\/fleet\/pull\/1\) was closed by @alice on \S+ without merging; this change differs from what it proposed$/m,
  );
  assert.match(differs.out, /opened pull request #2/);
  assert.deepEqual(
    openPulls(gh).map((p) => p.number),
    [2],
  );
  assertContractAndToken(gh, same.out, differs.out);
});

test('an open pull request whose output main already has (someone committed it there) is closed, saying why; without a token nothing fails', async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  const human = remote.clone('human');
  remote.pushHumanChange(human, 'apps/wander.yaml', bumpWander, 'wander 1.4.3');
  assert.equal((await flotilla(dir, env, ...PR)).code, 0);
  const [pull] = openPulls(gh);
  assert.ok(pull);
  // The same output committed on main by hand.
  const generated = await flotilla(human, {}, 'commit', '--push');
  assert.equal(generated.code, 0, generated.err);

  const noToken = await flotilla(dir, { ...env, GITHUB_TOKEN: '' }, ...PR);
  assert.equal(noToken.code, 0, noToken.err);
  assert.equal(noToken.out, 'nothing to do: the generated output on main is up to date');
  assert.match(noToken.err, /could not look for an open Flotilla pull request to close: no GitHub token: set GITHUB_TOKEN/);
  assert.equal(openPulls(gh).length, 1);

  const run = await flotilla(dir, env, ...PR);
  assert.equal(run.code, 0, run.err);
  assert.equal(
    run.out,
    'nothing to do: the generated output on main is up to date; closed pull request #1 (https://github.com/acme/fleet/pull/1), which proposed it',
  );
  assert.equal(openPulls(gh).length, 0);
  assert.match(pull.body ?? '', /^> \[!NOTE\]\n> Closed by Flotilla: main already has the generated output it proposed\.\n\n/);
  const again = await flotilla(dir, env, ...PR);
  assert.equal(again.out, 'nothing to do: the generated output on main is up to date', 'closed once');
  assertContractAndToken(gh, run.out, run.err);
});
