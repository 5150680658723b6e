// Chart Applications in `commit` and `pr`, rendered by the real helm from a
// loopback chart repository of fixture charts (packaged by the real
// `helm package`), against a real bare remote and, for pr, the fake GitHub
// that checks every request and response against GitHub's OpenAPI
// description. A chart bump that replaces a StatefulSet is refused (exit 4)
// like any Kustomize change that does; allowed, it is counted and shown field
// by field in the commit message and the PR body. A chart that cannot be
// rendered is never passed over: the data guard refuses to vouch for it, and
// --skip-charts delivers while naming it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, type TestContext, test } from 'node:test';
import { type ChartRepo, countingHelm, serveChartRepo } from '../support/chart-repo.ts';
import { FakeGitHub } from '../support/fake-github/server.ts';
import { bumpWander, type FleetRemote, flotilla, git, makeFleetRemote, prRefusedThenAllowed } from './fleet-remote.ts';

const TOKEN = 'flotilla-chart-delivery-token-5c4b3a';
const CHART_APPS = ['dev-1', 'prod-eu', 'prod-us', 'staging-1'].flatMap((c) => [`wander-postgresql-${c}`, `wander-redis-${c}`]);

let repo: ChartRepo;
let scratch: string;
let helm: Awaited<ReturnType<typeof countingHelm>>;

before(async () => {
  repo = await serveChartRepo(['postgresql-12.12.10', 'postgresql-13.0.0', 'redis-17.17.1']);
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-chart-delivery-'));
  helm = await countingHelm(scratch);
});
after(async () => {
  await repo.close();
  rmSync(scratch, { recursive: true, force: true });
});

function edit(dir: string, path: string, change: (text: string) => string): void {
  const text = readFileSync(join(dir, path), 'utf8');
  const changed = change(text);
  assert.notEqual(changed, text, `the edit of ${path} changes it`);
  writeFileSync(join(dir, path), changed);
}

/** The chart version is in each environment's release: dev, staging and prod. */
const bumpPostgresql = (s: string) => s.replaceAll('postgresql: 12.12.10', 'postgresql: 13.0.0');

/**
 * The example fleet with its charts on the loopback repository, output committed and pushed: the
 * move of every chart Application to another repository is itself delivered with --skip-charts
 * (its committed side would be fetched from a registry this machine cannot reach).
 */
async function chartFleet(t: TestContext, cacheName: string): Promise<{ remote: FleetRemote; dir: string; env: NodeJS.ProcessEnv }> {
  const remote = await makeFleetRemote();
  t.after(() => remote.cleanup());
  const dir = remote.clone('work');
  edit(dir, 'apps/wander.yaml', (s) => s.replaceAll('oci://registry-1.docker.io/bitnamicharts', repo.url));
  git(dir, 'commit', '--quiet', '-am', 'wander: charts from our own repository');
  const env = { FLOTILLA_CACHE_DIR: join(scratch, cacheName), FLOTILLA_HELM: helm.path };
  const moved = await flotilla(dir, env, 'commit', '--push', '--skip-charts');
  assert.equal(moved.code, 0, moved.err);
  const message = `${git(dir, 'log', '-1', '--format=%B')}\n`;
  assert.match(message, /\nHelm charts not rendered \(their objects are not counted above\):\n/);
  for (const app of CHART_APPS) assert.ok(message.includes(`\n  ${app}: chart rendering turned off with --skip-charts\n`), `${app} named\n${message}`);
  assert.match(
    message,
    /\nData at risk \(allowed with --allow-deletions\):\n {2}the objects of 8 chart Applications were not compared \(chart rendering turned off/,
  );
  return { remote, dir, env };
}

/** The contract-checked fake GitHub holding acme/fleet with main and `branch`, and `env` pointed at it. */
async function fakeGitHub(t: TestContext, branch: string, env: NodeJS.ProcessEnv): Promise<{ gh: FakeGitHub; env: NodeJS.ProcessEnv }> {
  const gh = await FakeGitHub.start({ token: TOKEN });
  gh.state.addRepo('acme', 'fleet', ['main', branch]);
  t.after(() => gh.close());
  return { gh, env: { ...env, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, FLOTILLA_GITHUB_PACING_MS: '0' } };
}

test('commit refuses a chart bump that replaces a StatefulSet (exit 4, nothing written); allowed, the message counts the chart objects and names the risk', async (t) => {
  const { remote, dir, env } = await chartFleet(t, 'commit');
  edit(dir, 'apps/wander.yaml', bumpPostgresql);
  git(dir, 'commit', '--quiet', '-am', 'wander: postgresql 13');
  const head = git(dir, 'rev-parse', 'HEAD');
  const published = remote.remoteHead();

  const refused = await flotilla(dir, env, 'commit', '--push');
  assert.equal(refused.code, 4, refused.err);
  assert.equal(
    refused.err,
    [
      'error: refusing a change that deletes or replaces objects that hold data:',
      '  - StatefulSet wander/wander-postgresql (app wander) replaced on dev-1, prod-eu, prod-us, staging-1: serviceName changes from wander-postgresql-hl to wander-postgresql-headless: Kubernetes cannot change this in place, so it would be deleted and re-created; claims whose template changed or was renamed start empty',
      'Nothing was written, committed or pushed. If this is intended, re-run with --allow-deletions.',
    ].join('\n'),
  );
  assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
  assert.equal(git(dir, 'status', '--porcelain'), '', 'nothing written');
  assert.equal(remote.remoteHead(), published, 'nothing pushed');

  const calls = (await helm.calls()).length;
  const allowed = await flotilla(dir, env, 'commit', '--push', '--allow-deletions');
  assert.equal(allowed.code, 0, allowed.err);
  assert.equal((await helm.calls()).length, calls, 'the second run renders from the cache: no helm process');
  assert.match(allowed.out, /^ {2}wander: Applications changed everywhere \(4 clusters\); objects \+8 ~12 -8$/m);
  const message = git(dir, 'log', '-1', '--format=%B');
  assert.match(message, /^flotilla: update wander \(dev, prod, staging\) on 4 clusters\n/);
  assert.match(message, /\nObjects: +8 added, 12 changed, 8 removed\n/);
  assert.match(
    message,
    /\nData at risk \(allowed with --allow-deletions\):\n {2}StatefulSet wander\/wander-postgresql \(app wander\) replaced on dev-1, prod-eu, prod-us, staging-1: serviceName changes/,
  );
  assert.doesNotMatch(message, /Helm charts not rendered/);
  assert.equal(remote.remoteHead(), git(dir, 'rev-parse', 'HEAD'));
});

test('a change to no chart runs no helm; a chart values change that replaces nothing is committed with its objects counted, field by field; a bigger claim template is refused', async (t) => {
  const { dir, env } = await chartFleet(t, 'values');
  const calls = (await helm.calls()).length;
  edit(dir, 'apps/wander.yaml', bumpWander);
  git(dir, 'commit', '--quiet', '-am', 'wander: frontend 1.5.1');
  const images = await flotilla(dir, env, 'commit');
  assert.equal(images.code, 0, images.err);
  assert.equal((await helm.calls()).length, calls, 'no chart input changed: helm did not run');
  assert.doesNotMatch(images.out, /Helm chart/);

  edit(dir, 'apps/wander.yaml', (s) => s.replace('existingSecretPasswordKey: redis-password', 'existingSecretPasswordKey: password'));
  git(dir, 'commit', '--quiet', '-am', 'wander: the Redis password under another key');
  const values = await flotilla(dir, env, 'commit');
  assert.equal(values.code, 0, values.err);
  assert.ok((await helm.calls()).length > calls, 'the changed chart was rendered');
  assert.match(values.out, /^ {2}wander: Applications changed everywhere \(4 clusters\); objects \+0 ~6 -0$/m);
  const message = `${git(dir, 'log', '-1', '--format=%B')}\n`;
  assert.match(message, /\nObjects: +0 added, 6 changed, 0 removed\n/);
  assert.doesNotMatch(message, /Data at risk|Helm charts not rendered/);
  // The master StatefulSet on every cluster, and prod's replicas too: changed in place, not replaced.
  const shown = await flotilla(dir, env, 'diff', 'HEAD~2', '--format', 'markdown');
  assert.match(
    shown.out,
    /- `StatefulSet wander\/wander-redis-master`\n {2}- `spec\.template\.spec\.containers\[redis\]\.env\[REDIS_PASSWORD\]\.valueFrom\.secretKeyRef\.key: redis-password → password`/,
  );

  // A bigger claim template (dev sets no size of its own): claim templates cannot change in place.
  edit(dir, 'apps/wander.yaml', (s) => s.replace('master:\n        persistence: { size: 1Gi }', 'master:\n        persistence: { size: 2Gi }'));
  git(dir, 'commit', '--quiet', '-am', 'wander: more room for Redis');
  const bigger = await flotilla(dir, env, 'commit');
  assert.equal(bigger.code, 4, bigger.err);
  assert.match(
    bigger.err,
    /^ {2}- StatefulSet wander\/wander-redis-master \(app wander\) replaced on dev-1: claim template redis-data: storage changes from 1Gi to 2Gi: Kubernetes cannot change this in place/m,
  );
});

test('a chart that cannot be rendered is not passed over: the guard refuses to vouch for it; --skip-charts commits and names it', async (t) => {
  const { dir, env } = await chartFleet(t, 'offline');
  edit(dir, 'apps/wander.yaml', bumpPostgresql);
  git(dir, 'commit', '--quiet', '-am', 'wander: postgresql 13');

  // An empty chart cache, offline: nothing can be rendered.
  const offline = await flotilla(dir, { ...env, FLOTILLA_CACHE_DIR: join(scratch, 'empty') }, 'commit', '--offline');
  assert.equal(offline.code, 4, offline.err);
  const reasons = offline.err.split('\n').filter((l) => l.startsWith('  - '));
  assert.equal(reasons.length, 4, offline.err);
  assert.match(
    reasons[0]!,
    /^ {2}- cannot tell whether wander-postgresql-dev-1 deletes or replaces objects that hold data: its chart could not be rendered: apps\/wander\.yaml:\d+:\d+ release\.dev\.charts\.postgresql: .*not in the chart cache/,
  );
  assert.match(offline.err, /without access to the chart repositories, --skip-charts delivers without comparing chart objects\./);
  assert.equal(git(dir, 'status', '--porcelain'), '', 'nothing written');

  const skipped = await flotilla(dir, env, 'commit', '--skip-charts');
  assert.equal(skipped.code, 0, skipped.err);
  const message = git(dir, 'log', '-1', '--format=%B');
  assert.match(message, /\nObjects: +0 added, 0 changed, 0 removed\n/, 'chart objects that were not rendered are not counted as unchanged either');
  assert.match(
    message,
    /\nHelm charts not rendered \(their objects are not counted above\):\n {2}wander-postgresql-dev-1: chart rendering turned off with --skip-charts\n/,
  );
  assert.doesNotMatch(message, /wander-redis-dev-1/, 'only the chart Applications whose inputs change are named');
  assert.match(
    skipped.out,
    /\nHelm charts not rendered \(objects not compared\):\n {2}wander-postgresql-dev-1: chart rendering turned off with --skip-charts\n/,
  );

  const usage = await flotilla(dir, env, 'commit', '--skip-charts', '--offline');
  assert.equal(usage.code, 2);
});

test('pr refuses the chart bump without --allow-deletions (GitHub not called); with it, the body opens with the risk and shows the chart objects field by field, secrets hidden', async (t) => {
  const { remote, dir: human, env: chartEnv } = await chartFleet(t, 'pr');
  const { gh, env } = await fakeGitHub(t, 'flotilla/update-main', chartEnv);
  edit(human, 'apps/wander.yaml', bumpPostgresql);
  git(human, 'commit', '--quiet', '-am', 'wander: postgresql 13');
  git(human, 'push', '--quiet', 'origin', 'main');
  const dir = remote.clone('ci');

  const { refused, body } = await prRefusedThenAllowed(remote, gh, dir, env);
  assert.match(refused.err, /^ {2}- StatefulSet wander\/wander-postgresql \(app wander\) replaced on dev-1, prod-eu, prod-us, staging-1: serviceName changes/m);
  assert.match(body, /\n- StatefulSet wander\/wander-postgresql \(app wander\) replaced on dev-1, prod-eu, prod-us, staging-1: serviceName changes/);
  assert.match(body, /\*\*objects:\*\* 8 added, 12 changed, 8 removed\./);
  assert.match(body, /<summary><b>wander<\/b> \(travel\) — Applications changed everywhere \(4 clusters\)<\/summary>/);
  for (const line of [
    '- `Application wander-postgresql-{cluster}`\n  - `spec.sources[0].targetRevision: 12.12.10 → 13.0.0`',
    '- removed `ConfigMap wander/wander-postgresql-configuration`',
    '- `Secret wander/wander-postgresql-svcbind`\n  - `data.database (added, value hidden)`',
    '- added `ServiceAccount wander/wander-postgresql`',
    '  - `spec.serviceName: wander-postgresql-hl → wander-postgresql-headless`',
  ])
    assert.ok(body.includes(line), `missing: ${line}\n${body}`);
  assert.ok(!body.includes(Buffer.from('wander').toString('base64')), 'a Secret value reached the PR body');
  assert.doesNotMatch(body, /Helm charts not rendered|not rendered\)/, 'every chart that changes was rendered');
  assert.deepEqual(gh.violations, []);
});

test('pr with a chart that cannot be rendered, allowed: the JSON diff names the failure on each side, as flotilla diff does', async (t) => {
  const { remote, dir: human, env: chartEnv } = await chartFleet(t, 'pr-offline');
  const { gh, env } = await fakeGitHub(t, 'flotilla/update-main', { ...chartEnv, FLOTILLA_CACHE_DIR: join(scratch, 'empty-pr') });
  edit(human, 'apps/wander.yaml', bumpPostgresql);
  git(human, 'commit', '--quiet', '-am', 'wander: postgresql 13');
  git(human, 'push', '--quiet', 'origin', 'main');
  const dir = remote.clone('ci');
  const jsonOut = join(scratch, 'pr-offline.json');
  const run = await flotilla(dir, env, 'pr', '--github-repo', 'acme/fleet', '--offline', '--allow-deletions', '--json-out', jsonOut);
  assert.equal(run.code, 0, run.err);
  const errors = (JSON.parse(readFileSync(jsonOut, 'utf8')) as { errors: string[] }).errors;
  for (const side of ['base', 'head'])
    assert.ok(
      errors.some((e) => e.startsWith(`${side}: wander-postgresql-dev-1: `) && e.includes('not in the chart cache')),
      `${side} failure of wander-postgresql-dev-1 in ${JSON.stringify(errors, null, 1)}`,
    );
  assert.ok(!errors.some((e) => e.includes('wander-redis')), 'only the chart Applications whose inputs change are rendered');
  assert.deepEqual(gh.violations, []);
});

test('promote --pr of a chart version that replaces a StatefulSet is refused like pr (exit 4, GitHub not called); --allow-deletions opens it with the risk', async (t) => {
  const { remote, dir: human, env: chartEnv } = await chartFleet(t, 'promote');
  const { gh, env } = await fakeGitHub(t, 'flotilla/promote-staging-wander', chartEnv);
  // postgresql 13 in dev only, delivered by a person who accepted the risk there.
  edit(human, 'apps/wander.yaml', (s) => s.replace('postgresql: 12.12.10', 'postgresql: 13.0.0'));
  git(human, 'commit', '--quiet', '-am', 'wander: postgresql 13 in dev');
  const dev = await flotilla(human, chartEnv, 'commit', '--push', '--allow-deletions');
  assert.equal(dev.code, 0, dev.err);
  const dir = remote.clone('release');
  const promote = ['promote', 'wander', '--to', 'staging', '--pr', '--github-repo', 'acme/fleet'];

  const refused = await flotilla(dir, env, ...promote);
  assert.equal(refused.code, 4, refused.err);
  assert.match(refused.err, /^ {2}- StatefulSet wander\/wander-postgresql \(app wander\) replaced on staging-1: serviceName changes/m);
  assert.equal(remote.remoteHead('flotilla/promote-staging-wander'), null, 'nothing pushed');
  assert.equal(gh.requests.length, 0, 'GitHub not called');

  const allowed = await flotilla(dir, env, ...promote, '--allow-deletions');
  assert.equal(allowed.code, 0, allowed.err);
  const [pull] = gh.state.repo('acme', 'fleet')!.pulls;
  assert.ok(pull);
  assert.match(pull.title, /promote wander to staging/);
  assert.ok(
    pull.labels.some((l) => l.name === 'flotilla/deletions'),
    'labelled as a change that deletes',
  );
  const body = pull.body ?? '';
  assert.ok(body.startsWith('## ⚠️ Data at risk\n'), body.slice(0, 300));
  assert.match(body, /\n- StatefulSet wander\/wander-postgresql \(app wander\) replaced on staging-1: serviceName changes/);
  assert.match(body, /\| wander \| `chart postgresql` \| dev \| 12\.12\.10 \| \*\*13\.0\.0\*\* \|/, 'then the promotion table');
  assert.ok(body.includes('- added `ServiceAccount wander/wander-postgresql`'), `the rendered diff shows the chart objects\n${body}`);
  assert.deepEqual(gh.violations, []);

  const usage = await flotilla(dir, env, 'promote', 'wander', '--to', 'staging', '--allow-deletions');
  assert.equal(usage.code, 2, 'applies only with --pr');
});
