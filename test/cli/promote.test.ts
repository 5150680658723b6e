// `flotilla promote`, `rollback`, `unpin` and `versions` end to end: real git
// (a bare remote holding the example fleet, real clones, commits with chosen
// dates), the contract-checked GitHub stand-in (every request and response
// checked against GitHub's OpenAPI description) and the contract-checked Argo
// CD stand-in (against Argo CD's own, argoproj/argo-cd v3.5.1 assets/swagger.json).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { type FleetRemote, flotilla, git, HUMAN, makeFleetRemote } from '../deliver/fleet-remote.ts';
import { FakeArgoCd } from '../support/fake-argocd/server.ts';
import { FakeGitHub } from '../support/fake-github/server.ts';

const TOKEN = 'flotilla-promote-test-secret-4c1d2e';
const ARGO_TOKEN = 'argocd-promote-test-secret-9e8f7a';
const OWNER = 'acme';
const REPO = 'fleet';
const HOUR = 3_600_000;
const BRANCHES = [
  'main',
  'flotilla/promote-staging-wander',
  'flotilla/promote-staging-all',
  'flotilla/promote-staging-team-analytics',
  'flotilla/promote-prod-wander',
  'flotilla/rollback-staging-wander',
];

interface Setup {
  remote: FleetRemote;
  gh: FakeGitHub;
  dir: string;
  env: NodeJS.ProcessEnv;
}

async function setUp(t: TestContext): Promise<Setup> {
  const remote = await makeFleetRemote();
  const gh = await FakeGitHub.start({ token: TOKEN });
  gh.state.addRepo(OWNER, REPO, BRANCHES);
  t.after(async () => {
    await gh.close();
    remote.cleanup();
  });
  const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, FLOTILLA_GITHUB_PACING_MS: '0' };
  return { remote, gh, dir: remote.clone('work'), env };
}

const PR = ['--pr', '--github-repo', `${OWNER}/${REPO}`];
const openPulls = (gh: FakeGitHub) => gh.state.repo(OWNER, REPO)!.pulls.filter((p) => p.state === 'open');
const mutations = (gh: FakeGitHub) => gh.requests.filter((r) => r.method !== 'GET');

/** A person's change on main, with its output regenerated, committed at `at` (default now) and pushed. */
async function humanChange(remote: FleetRemote, edits: Record<string, (text: string) => string>, message: string, at = Date.now()): Promise<string> {
  const dir = join(remote.root, `human-${Math.random().toString(36).slice(2, 8)}`);
  git(remote.root, 'clone', '--quiet', remote.bare, dir);
  for (const [file, edit] of Object.entries(edits)) writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  const gen = await flotilla(dir, {}, 'generate', '--quiet');
  assert.equal(gen.code, 0, gen.err);
  git(dir, 'add', '-A');
  const date = new Date(at).toISOString();
  execFileSync('git', ['commit', '--quiet', '-m', message], { cwd: dir, env: { ...process.env, ...HUMAN, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  git(dir, 'push', '--quiet', 'origin', 'main');
  return git(dir, 'rev-parse', 'HEAD');
}

/** Merges a pull-request branch into main as GitHub's merge button does (a merge commit naming the PR). */
function mergePull(remote: FleetRemote, branch: string, number: number): string {
  const dir = join(remote.root, `merge-${number}-${Math.random().toString(36).slice(2, 6)}`);
  git(remote.root, 'clone', '--quiet', remote.bare, dir);
  git(dir, 'merge', '--quiet', '--no-ff', '-m', `Merge pull request #${number} from ${OWNER}/${branch}`, `origin/${branch}`);
  git(dir, 'push', '--quiet', 'origin', 'main');
  return git(dir, 'rev-parse', 'HEAD');
}

function setRelease(env: string, image: string, version: string): (text: string) => string {
  return (text) => {
    const start = text.indexOf(`\n  ${env}:\n`);
    const at = text.indexOf(`${image}: `, start);
    const end = text.indexOf('\n', at);
    return `${text.slice(0, at)}${image}: ${version}${text.slice(end)}`;
  };
}

const wanderTo = (env: string, version: string) => (text: string) =>
  setRelease(env, 'ghcr.io/wander/api', version)(setRelease(env, 'ghcr.io/wander/frontend', version)(text));

function fileAt(remote: FleetRemote, rev: string, path: string): string {
  return execFileSync('git', ['show', `${rev}:${path}`], { cwd: remote.bare, encoding: 'utf8' });
}

function assertClean(gh: FakeGitHub, ...outputs: string[]): void {
  assert.deepEqual(gh.violations, [], "requests and responses follow GitHub's OpenAPI description");
  for (const text of outputs) assert.ok(!text.includes(TOKEN) && !text.includes(ARGO_TOKEN), 'a token in output');
}

test('promotes one app as a pull request that changes only its release lines; a re-run does nothing; a second promotion updates the same pull request', async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  const mainBefore = remote.remoteHead()!;
  const wanderBefore = fileAt(remote, mainBefore, 'apps/wander.yaml');

  const first = await flotilla(dir, env, 'promote', 'wander', '--to', 'staging', ...PR);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /pushed flotilla\/promote-staging-wander; opened pull request #1/);
  const [pull] = openPulls(gh);
  assert.ok(pull);
  assert.equal(pull.title, 'flotilla: promote wander to staging (1.4.2 → 1.5.0)');
  assert.deepEqual(pull.labels.map((l) => l.name).sort(), ['env/staging', 'promotion', 'team/travel']);
  const body = pull.body ?? '';
  assert.match(body, /\| wander \| `ghcr.io\/wander\/api` \| dev \| 1\.4\.2 \| \*\*1\.5\.0\*\* \|/);
  assert.match(body, /`staging` has no promotion gates\./);
  assert.match(body, /### Rendered changes per cluster/);
  assert.match(body, /<b>wander<\/b>[^\n]*Applications changed on staging: staging-1/, 'the rendered diff names the app and cluster that change');
  assert.match(body, /ghcr\.io\/wander\/api: 1\.4\.2 → 1\.5\.0/);

  const head1 = remote.remoteHead('flotilla/promote-staging-wander')!;
  assert.equal(git(remote.bare, 'rev-parse', `${head1}^`), mainBefore, 'the branch is main plus one commit');
  assert.equal(
    fileAt(remote, head1, 'apps/wander.yaml'),
    wanderTo('staging', '1.5.0')(wanderBefore),
    'the app file differs in exactly the two release values: comments, flow maps and order stay',
  );
  assert.deepEqual(git(remote.bare, 'diff', '--name-only', mainBefore, head1).split('\n'), ['apps/wander.yaml', 'overlays/staging/wander/kustomization.yaml']);
  const review = remote.clone('review');
  git(review, 'checkout', '--quiet', 'flotilla/promote-staging-wander');
  const check = await flotilla(review, {}, 'generate', '--check');
  assert.equal(check.code, 0, `the branch's output matches its config:\n${check.out}`);
  assert.equal(git(dir, 'status', '--porcelain'), '', "the operator's checkout is not touched");

  const writes = mutations(gh).length;
  const again = await flotilla(dir, env, 'promote', 'wander', '--to', 'staging', ...PR);
  assert.equal(again.code, 0, again.err);
  assert.equal(again.out, 'nothing to do: pull request #1 is up to date (https://github.com/acme/fleet/pull/1)');
  assert.equal(remote.remoteHead('flotilla/promote-staging-wander'), head1, 'nothing pushed');
  assert.equal(mutations(gh).length, writes, 'the pull request is left alone');

  const base2 = await humanChange(remote, { 'apps/wander.yaml': wanderTo('dev', '1.5.1') }, 'wander 1.5.1 in dev');
  const second = await flotilla(dir, env, 'promote', 'wander', '--to', 'staging', ...PR);
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, /updated pull request #1/);
  assert.equal(openPulls(gh).length, 1, 'never a second pull request');
  assert.equal(openPulls(gh)[0]!.title, 'flotilla: promote wander to staging (1.4.2 → 1.5.1)');
  const head2 = remote.remoteHead('flotilla/promote-staging-wander')!;
  assert.deepEqual(
    git(remote.bare, 'rev-list', '--parents', '-n1', head2).split(' ').slice(1),
    [head1, base2],
    'a fast-forward of the branch, with the new main',
  );
  assert.match(
    fileAt(remote, head2, 'apps/wander.yaml'),
    /staging:\n {4}images:\n {6}ghcr\.io\/wander\/frontend: 1\.5\.1\n {6}ghcr\.io\/wander\/api: 1\.5\.1\n/,
  );
  assertClean(gh, first.out, first.err, second.out, second.err);
});

test('a whole team, or several apps, move in one pull request; one refusal stops them all', async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  await humanChange(
    remote,
    { 'apps/matomo.yaml': (s) => s.replace('dev:\n    images: { matomo: 5.1.1-apache', 'dev:\n    images: { matomo: 5.1.2-apache') },
    'matomo 5.1.2 in dev',
  );

  const team = await flotilla(dir, env, 'promote', '--team', 'analytics', '--to', 'staging', ...PR, '--dry-run');
  assert.equal(team.code, 0, team.err);
  assert.match(team.out, /dry run: would push flotilla\/promote-staging-team-analytics/);
  assert.match(team.out, /title: flotilla: promote matomo to staging \(5\.1\.1-apache → 5\.1\.2-apache\)/);
  assert.equal(remote.remoteHead('flotilla/promote-staging-team-analytics'), null, '--dry-run pushes nothing');

  const all = await flotilla(dir, env, 'promote', '--all', '--to', 'staging', ...PR);
  assert.equal(all.code, 0, all.err);
  const [pull] = openPulls(gh);
  assert.equal(pull!.title, 'flotilla: promote matomo, wander to staging');
  assert.deepEqual(pull!.labels.map((l) => l.name).sort(), ['env/staging', 'promotion', 'team/analytics', 'team/travel']);
  assert.match(pull!.body ?? '', /kairoflow: skipped, runs in no environment before staging to promote from/);
  assert.match(pull!.body ?? '', /<b>matomo<\/b>[^\n]*Applications changed on staging: staging-1/);
  assert.match(pull!.body ?? '', /<b>wander<\/b>[^\n]*Applications changed on staging: staging-1/);
  const head = remote.remoteHead('flotilla/promote-staging-all')!;
  assert.deepEqual(git(remote.bare, 'log', '--format=%an', `main..${head}`).split('\n'), ['Flotilla'], 'one commit for all apps');

  // Reject wander's api 1.5.0: the same promotion now refuses everything, for every app.
  await humanChange(
    remote,
    { 'apps/wander.yaml': (s) => `${s}\nrejected:\n  - { image: ghcr.io/wander/api, version: 1.5.0, reason: checkout fails on Safari }\n` },
    'reject wander 1.5.0',
  );
  const writes = mutations(gh).length;
  const refused = await flotilla(dir, env, 'promote', '--all', '--to', 'staging', ...PR);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /promotion refused; nothing was written:\n {2}wander: ghcr\.io\/wander\/api 1\.5\.0 is rejected \(checkout fails on Safari\)/);
  assert.equal(remote.remoteHead('flotilla/promote-staging-all'), head, 'nothing pushed: matomo does not go alone');
  assert.equal(mutations(gh).length, writes);
  const warned = await flotilla(remote.clone('check'), {}, 'generate');
  assert.match(
    warned.err,
    /warning: release\.dev\.images\["ghcr\.io\/wander\/api"\]: image ghcr\.io\/wander\/api 1\.5\.0 is rejected \(checkout fails on Safari\) and still runs in dev/,
  );
});

test('skipping an environment that runs something else is refused, unless --force, which the pull request says', async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  await humanChange(remote, { 'fleet.yaml': (s) => s.replace(/ {4}promotion:.*\n(.*\n){2}/, '') }, 'no prod gates', Date.now() - 48 * HOUR);
  const refused = await flotilla(dir, env, 'promote', 'wander', '--from', 'dev', '--to', 'prod', ...PR);
  assert.equal(refused.code, 1);
  assert.match(
    refused.err,
    /wander: promoting from dev to prod skips staging, which runs something else \(staging: ghcr\.io\/wander\/frontend 1\.4\.2 \(dev: 1\.5\.0\), ghcr\.io\/wander\/api 1\.4\.2 \(dev: 1\.5\.0\)\); promote through staging first, or pass --force/,
  );
  assert.equal(gh.requests.length, 0);

  const forced = await flotilla(dir, env, 'promote', 'wander', '--from', 'dev', '--to', 'prod', '--force', ...PR);
  assert.equal(forced.code, 0, forced.err);
  assert.match(openPulls(gh)[0]!.body ?? '', /> `--force`: wander goes from dev straight to prod, skipping staging, which runs something else\./);
});

test('the soak gate counts on the first-parent history, restarts when the source changes, and a date in the future never shortens it', async (t) => {
  const { remote, dir, env } = await setUp(t);
  await humanChange(remote, { 'fleet.yaml': (s) => s.replace('      health: true', '') }, 'prod: soak only', Date.now() - 100 * HOUR);
  const promote = () => flotilla(dir, env, 'promote', 'wander', '--to', 'prod', '--dry-run');

  await humanChange(remote, { 'apps/wander.yaml': wanderTo('staging', '1.5.0') }, 'staging 1.5.0', Date.now() - 30 * HOUR);
  git(dir, 'pull', '--quiet', '--ff-only');
  const allowed = await promote();
  assert.equal(allowed.code, 0, allowed.err);
  assert.match(allowed.out, /gate soak passed for wander: staging has run them since .* \([0-9a-f]{12}\), at least 24h/);

  // Back to 1.4.2 and then 1.5.0 again: the clock starts over at the second arrival.
  await humanChange(remote, { 'apps/wander.yaml': wanderTo('staging', '1.4.2') }, 'staging back', Date.now() - 20 * HOUR);
  await humanChange(remote, { 'apps/wander.yaml': wanderTo('staging', '1.5.0') }, 'staging 1.5.0 again', Date.now() - 10 * HOUR);
  git(dir, 'pull', '--quiet', '--ff-only');
  const restarted = await promote();
  assert.equal(restarted.code, 5, restarted.out);
  assert.match(
    restarted.err,
    /promotion refused by a gate; nothing was written:\n {2}wander: soak gate: staging has run them since .*; 1[34]h( \d+m)? of the 24h soak left/,
  );

  // A commit dated in the future holds the clock at its date: the backdated commit after it cannot claim 40 hours.
  await humanChange(remote, { 'README.md': (s) => `${s}\nnotes\n` }, 'a skewed clock', Date.now() + 5 * HOUR);
  await humanChange(remote, { 'apps/wander.yaml': wanderTo('staging', '1.5.1') }, 'staging 1.5.1', Date.now() - 40 * HOUR);
  await humanChange(remote, { 'apps/wander.yaml': wanderTo('dev', '1.5.1') }, 'dev 1.5.1', Date.now() - 40 * HOUR);
  git(dir, 'pull', '--quiet', '--ff-only');
  const skewed = await promote();
  assert.equal(skewed.code, 5);
  assert.match(skewed.err, /wander: soak gate: staging has run them since .*; 1d (5h|4h \d+m) of the 24h soak left \(that commit is dated in the future/);
  assert.equal(git(dir, 'status', '--porcelain'), '', 'a refused gate writes nothing');
});

test('the health gate refuses an Application that is Synced and Healthy but runs the old image, and passes once it runs the new one', async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  const argo = await FakeArgoCd.start({ token: ARGO_TOKEN });
  t.after(() => argo.close());
  const synced = await humanChange(remote, { 'apps/wander.yaml': wanderTo('staging', '1.5.0') }, 'staging 1.5.0', Date.now() - 30 * HOUR);
  const old = ['ghcr.io/wander/frontend:1.4.2', 'ghcr.io/wander/api:1.4.2'];
  argo.set({ name: 'wander-staging-1', project: 'travel', sync: 'Synced', revision: synced, health: 'Healthy', images: old });
  for (const chart of [
    ['postgresql', '12.12.10'],
    ['redis', '17.17.1'],
  ])
    argo.set({ name: `wander-${chart[0]}-staging-1`, project: 'travel', sync: 'Synced', revisions: [chart[1]!, synced], health: 'Healthy' });
  const withArgo = { ...env, ARGOCD_AUTH_TOKEN: ARGO_TOKEN };
  const promote = () => flotilla(dir, withArgo, 'promote', 'wander', '--to', 'prod', '--argocd-server', argo.url, ...PR);

  const refused = await promote();
  assert.equal(refused.code, 5, refused.out);
  assert.match(
    refused.err,
    /wander: health gate: wander-staging-1: Synced and Healthy, but not running ghcr\.io\/wander\/frontend:1\.5\.0, ghcr\.io\/wander\/api:1\.5\.0 \(Argo CD reports ghcr\.io\/wander\/frontend:1\.4\.2, ghcr\.io\/wander\/api:1\.4\.2\)/,
  );
  assert.equal(remote.remoteHead('flotilla/promote-prod-wander'), null, 'nothing pushed');

  argo.set({ name: 'wander-staging-1', project: 'travel', sync: 'Synced', revision: remote.remoteHead()!, health: 'Healthy', images: old });
  argo.applications.get('wander-staging-1')!.revision = git(remote.bare, 'rev-parse', `${synced}^`);
  const stale = await promote();
  assert.match(
    stale.err,
    /wander-staging-1: synced [0-9a-f]{12}, which has ghcr\.io\/wander\/frontend 1\.4\.2, ghcr\.io\/wander\/api 1\.4\.2, not the version promoted/,
  );

  argo.set({ name: 'wander-staging-1', project: 'travel', sync: 'OutOfSync', revision: synced, health: 'Healthy', images: old });
  assert.match((await promote()).err, /wander-staging-1: OutOfSync, not Synced/);

  argo.set({
    name: 'wander-staging-1',
    project: 'travel',
    sync: 'Synced',
    revision: synced,
    health: 'Healthy',
    images: ['ghcr.io/wander/frontend:1.5.0', 'ghcr.io/wander/api:1.5.0'],
  });
  const passed = await promote();
  assert.equal(passed.code, 0, passed.err);
  const body = openPulls(gh)[0]!.body ?? '';
  assert.match(body, /✅ \*\*soak\*\* \(wander\): staging has run them since/);
  assert.match(
    body,
    /✅ \*\*health\*\* \(wander\): wander-postgresql-staging-1, wander-redis-staging-1, wander-staging-1: Synced at a revision with these versions, Healthy, running ghcr\.io\/wander\/frontend:1\.5\.0, ghcr\.io\/wander\/api:1\.5\.0/,
  );
  assert.deepEqual(argo.violations, [], "requests and responses follow Argo CD's OpenAPI description");
  for (const r of argo.requests) assert.equal(r.headers.authorization, `Bearer ${ARGO_TOKEN}`);
  const branch = remote.remoteHead('flotilla/promote-prod-wander')!;
  assert.ok(!git(remote.bare, 'log', '-p', branch).includes(ARGO_TOKEN), 'the Argo CD token is in no commit');
  assert.ok(!readFileSync(join(dir, '.git', 'config'), 'utf8').includes(ARGO_TOKEN));
  assertClean(gh, refused.out, refused.err, passed.out, passed.err, body);
});

test('rollback proposes the previous release and pins it; promote then skips it and says so, until unpin', async (t) => {
  const { remote, gh, dir, env } = await setUp(t);
  const arrived = await humanChange(remote, { 'apps/wander.yaml': wanderTo('staging', '1.5.0') }, 'staging 1.5.0');
  const before = fileAt(remote, arrived, 'apps/wander.yaml');

  const rollback = await flotilla(dir, env, 'rollback', 'wander', '--env', 'staging', '--reason', 'checkout fails on Safari', ...PR);
  assert.equal(rollback.code, 0, rollback.err);
  const [pull] = openPulls(gh);
  assert.equal(pull!.title, 'flotilla: roll back wander in staging (1.5.0 → 1.4.2)');
  assert.deepEqual(pull!.labels.map((l) => l.name).sort(), ['env/staging', 'rollback', 'team/travel']);
  assert.match(pull!.body ?? '', /📌 \*\*Pinned:\*\* `flotilla promote` skips wander in staging/);
  const branch = remote.remoteHead('flotilla/rollback-staging-wander')!;
  assert.equal(
    fileAt(remote, branch, 'apps/wander.yaml'),
    wanderTo(
      'staging',
      '1.4.2',
    )(before).replace(
      '  staging:\n',
      '  staging:\n    pinned: "checkout fails on Safari; rolled back: ghcr.io/wander/frontend 1.5.0 → 1.4.2, ghcr.io/wander/api 1.5.0 → 1.4.2"\n',
    ),
  );
  mergePull(remote, 'flotilla/rollback-staging-wander', pull!.number);
  git(dir, 'pull', '--quiet', '--ff-only');

  const skipped = await flotilla(dir, env, 'promote', 'wander', '--to', 'staging');
  assert.equal(skipped.code, 0, skipped.err);
  assert.match(
    skipped.out,
    /nothing to promote to staging: wander pinned in staging \(checkout fails on Safari; .*\); run flotilla unpin wander --env staging to release it/,
  );
  assert.equal(git(dir, 'status', '--porcelain'), '');

  const versions = await flotilla(dir, env, 'versions', '--app', 'wander', '--env', 'staging', '--format', 'json');
  const rows = JSON.parse(versions.out).rows as { name: string; version: string; pinned?: string; since: { pullRequest?: number } }[];
  const api = rows.find((r) => r.name === 'ghcr.io/wander/api')!;
  assert.equal(api.version, '1.4.2');
  assert.match(api.pinned!, /checkout fails on Safari/);
  assert.equal(api.since.pullRequest, pull!.number, 'versions names the pull request that brought it');

  const unpin = await flotilla(dir, env, 'unpin', 'wander', '--env', 'staging', '--commit');
  assert.equal(unpin.code, 0, unpin.err);
  assert.equal(git(dir, 'diff', '--name-only', 'HEAD~1', 'HEAD'), 'apps/wander.yaml');
  assert.equal(readFileSync(join(dir, 'apps/wander.yaml'), 'utf8'), wanderTo('staging', '1.4.2')(before), 'unpin removes exactly the pin');
  const moves = await flotilla(dir, env, 'promote', 'wander', '--to', 'staging', '--commit');
  assert.equal(moves.code, 0, moves.err);
  assert.match(moves.out, /committed [0-9a-f]{12}: flotilla: promote wander to staging \(1\.4\.2 → 1\.5\.0\)/);
  const check = await flotilla(dir, {}, 'generate', '--check');
  assert.equal(check.code, 0, check.out);
});
