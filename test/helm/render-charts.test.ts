/**
 * The chart renderer against real parts: fixture charts packaged by the real
 * `helm package`, served as a chart repository on loopback, pulled and
 * rendered by the real helm (through a wrapper that logs each invocation, so
 * "helm did not run" is counted, not timed).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { type ChartOutcome, ChartRenderer, type ChartRequest, type TemplateInputs } from '../../generator/helm/render-charts.ts';
import { type ChartRepo, countingHelm, helm, serveChartRepo } from '../support/chart-repo.ts';

let repo: ChartRepo;
let dir: string;
let counter: Awaited<ReturnType<typeof countingHelm>>;

before(async () => {
  repo = await serveChartRepo(['capabilities-0.1.0', 'postgresql-12.12.10', 'postgresql-13.0.0']);
  dir = await mkdtemp(path.join(tmpdir(), 'flotilla-helm-test-'));
  counter = await countingHelm(dir);
});
after(async () => {
  await repo.close();
  await rm(dir, { recursive: true, force: true });
});

const INPUTS: TemplateInputs = {
  releaseName: 'shop-capabilities',
  namespace: 'shop',
  kubeVersion: '1.31.4',
  apiVersions: ['monitoring.coreos.com/v1', 'monitoring.coreos.com/v1/ServiceMonitor'],
  values: [
    { name: 'overlays/prod/shop/capabilities.values.yaml', content: 'greeting: first\n' },
    { name: 'overlays/prod-us/shop/capabilities.values.yaml', content: 'greeting: last wins\n' },
  ],
  includeCrds: true,
  skipTests: false,
  skipSchemaValidation: false,
};

function renderer(cache: string, options: { offline?: boolean; env?: NodeJS.ProcessEnv } = {}): ChartRenderer {
  return new ChartRenderer({ cacheDir: cache, offline: options.offline, env: { FLOTILLA_HELM: counter.path, ...options.env } });
}

function request(chart: string, version: string, inputs: Partial<TemplateInputs> = {}, repoUrl = repo.url): ChartRequest {
  return { ref: { repo: repoUrl, chart, version }, inputs: { ...INPUTS, ...inputs } };
}

function objects(outcome: ChartOutcome | undefined) {
  assert.ok(outcome && 'objects' in outcome, outcome && 'error' in outcome ? outcome.error.message : 'no outcome');
  return outcome.objects;
}

function error(outcome: ChartOutcome | undefined) {
  assert.ok(outcome && 'error' in outcome, 'expected the chart to fail');
  return outcome.error;
}

describe('ChartRenderer', () => {
  it('renders exactly what helm template prints for the inputs Argo CD passes', async () => {
    const cache = path.join(dir, 'exact');
    const [outcome] = await renderer(cache).render([request('capabilities', '0.1.0')]);
    const home = await mkdtemp(path.join(dir, 'home-'));
    await helm(['pull', 'capabilities', '--repo', repo.url, '--version', '0.1.0', '--destination', home], home);
    for (const [i, v] of INPUTS.values.entries()) await writeFile(path.join(home, `v${i}.yaml`), v.content);
    const printed = await helm(
      [
        'template',
        path.join(home, 'capabilities-0.1.0.tgz'),
        '--name-template',
        'shop-capabilities',
        '--namespace',
        'shop',
        '--kube-version',
        '1.31.4',
        '--values',
        path.join(home, 'v0.yaml'),
        '--values',
        path.join(home, 'v1.yaml'),
        '--api-versions',
        'monitoring.coreos.com/v1',
        '--api-versions',
        'monitoring.coreos.com/v1/ServiceMonitor',
        '--include-crds',
      ],
      home,
    );
    // Argo CD reads helm's output as YAML 1.1 (go-yaml v2), drops empty documents and flattens lists.
    const expected = parseAllDocuments(printed, { version: '1.1' })
      .map((d) => d.toJS())
      .filter(Boolean)
      .flatMap((d) => (d.items ?? [d]) as unknown[]);
    assert.deepEqual(objects(outcome), expected);
    const report = objects(outcome).find((o) => o.kind === 'ConfigMap')!;
    assert.deepEqual(report.data, {
      release: 'shop-capabilities',
      namespace: 'shop',
      kubeVersion: 'v1.31.4',
      monitoring: 'true',
      greeting: 'last wins',
      enabled: true, // YAML 1.1, as Argo CD reads helm's output: an unquoted yes is a boolean
    });
    assert.deepEqual(
      objects(outcome)
        .map((o) => o.kind)
        .sort(),
      ['ClusterRole', 'ConfigMap', 'CustomResourceDefinition', 'Pod', 'ServiceAccount'],
    );
  });

  it('leaves out CRDs with skipCrds and test hooks with skipTests, as Argo CD does', async () => {
    const [outcome] = await renderer(path.join(dir, 'flags')).render([request('capabilities', '0.1.0', { includeCrds: false, skipTests: true })]);
    assert.deepEqual(
      objects(outcome)
        .map((o) => o.kind)
        .sort(),
      ['ClusterRole', 'ConfigMap', 'ServiceAccount'],
    );
  });

  it('pulls a chart once, renders each distinct input once, and a second run starts no helm at all', async () => {
    const cache = path.join(dir, 'warm');
    const first = renderer(cache);
    const requests = [request('postgresql', '12.12.10', { values: [{ name: 'v', content: 'auth: { existingSecret: db }\n' }] })];
    // The same inputs twice (two clusters of one environment) render once.
    const [a, b] = await first.render([...requests, ...requests]);
    assert.deepEqual(objects(a), objects(b));
    assert.deepEqual([first.pulls, first.templates], [1, 1]);
    const archives = repo.requests.filter((r) => r.endsWith('.tgz')).length;
    const calls = (await counter.calls()).length;

    const second = renderer(cache);
    const [again] = await second.render(requests);
    assert.deepEqual(objects(again), objects(a));
    assert.deepEqual([second.pulls, second.templates], [0, 0]);
    assert.equal((await counter.calls()).length, calls, 'helm ran again');
    assert.equal(repo.requests.filter((r) => r.endsWith('.tgz')).length, archives, 'the archive was downloaded again');

    // A different value renders again, from the cached archive.
    const third = renderer(cache);
    const [changed] = await third.render([request('postgresql', '12.12.10', { values: [{ name: 'v', content: 'auth: { existingSecret: other }\n' }] })]);
    assert.deepEqual([third.pulls, third.templates], [0, 1]);
    assert.notDeepEqual(objects(changed), objects(a));
  });

  it('renders offline from the cache, and names the charts the cache lacks', async () => {
    const cache = path.join(dir, 'offline');
    const values = [{ name: 'v', content: 'auth: { existingSecret: db }\n' }];
    await renderer(cache).render([request('postgresql', '12.12.10', { values })]);
    const requests = repo.requests.length;
    const offline = renderer(cache, { offline: true });
    const [cached, missing] = await offline.render([
      request('postgresql', '12.12.10', { values, kubeVersion: '1.30.0' }),
      request('postgresql', '13.0.0', { values }),
    ]);
    assert.equal(objects(cached).length, 5);
    assert.equal(error(missing).kind, 'not-cached');
    assert.equal(error(missing).message, `postgresql 13.0.0 from ${repo.url} is not in the chart cache (--offline)`);
    assert.equal(repo.requests.length, requests, 'offline reached the repository');
  });

  it('refuses an archive that does not match the repository index, when pulled and when cached', async () => {
    const cache = path.join(dir, 'digest');
    const values = [{ name: 'v', content: 'auth: { existingSecret: db }\n' }];
    const [ok] = await renderer(cache).render([request('postgresql', '12.12.10', { values })]);
    objects(ok);
    const [entry] = await readdir(path.join(cache, 'charts'));
    const archive = path.join(cache, 'charts', entry!, 'chart.tgz');
    await writeFile(archive, Buffer.concat([await readFile(archive), Buffer.from('tampered')]));
    const [refused] = await renderer(cache, { offline: true }).render([request('postgresql', '12.12.10', { values, kubeVersion: '1.29.0' })]);
    assert.equal(error(refused).kind, 'digest-mismatch');
    assert.match(
      error(refused).message,
      /does not match the digest the repository index gave \(sha256:[0-9a-f]{64}\); refusing it\. Delete .* to fetch it again\./,
    );

    const original = await readFile(path.join(repo.dir, 'postgresql-13.0.0.tgz'));
    await repo.tamper('postgresql-13.0.0.tgz', Buffer.concat([original, Buffer.from('x')]));
    try {
      const [served] = await renderer(path.join(dir, 'digest-pull')).render([request('postgresql', '13.0.0', { values })]);
      assert.equal(error(served).kind, 'digest-mismatch');
      assert.match(
        error(served).message,
        /^postgresql 13\.0\.0 from .*: the archive served \(sha256:\w+\) does not match the digest in the repository index \(sha256:\w+\); refusing it$/,
      );
      await assert.rejects(readdir(path.join(dir, 'digest-pull', 'charts')).then((d) => (d.length ? Promise.resolve() : Promise.reject())));
    } finally {
      await repo.tamper('postgresql-13.0.0.tgz', original);
    }
  });

  it('says which chart, version or repository is wrong', async () => {
    const r = renderer(path.join(dir, 'errors'));
    const [chart, version, unreachable] = await r.render([
      request('postgresq', '12.12.10'),
      request('postgresql', '12.12.99'),
      request('postgresql', '12.12.10', {}, 'http://127.0.0.1:9/charts'),
    ]);
    assert.equal(error(chart).kind, 'unknown-chart');
    assert.match(error(chart).message, /has no chart named "postgresq"\. Did you mean "postgresql"\?$/);
    assert.equal(error(version).kind, 'unknown-version');
    assert.match(error(version).message, /^chart postgresql has no version 12\.12\.99 in http:\/\/127\.0\.0\.1:\d+ \(newest: 13\.0\.0, 12\.12\.10\)$/);
    assert.equal(error(unreachable).kind, 'unreachable');
    assert.match(error(unreachable).message, /^chart repository http:\/\/127\.0\.0\.1:9\/charts cannot be reached/);
  });

  it('reports a template error with helm’s own message, values files by their names', async () => {
    const [outcome] = await renderer(path.join(dir, 'template')).render([
      request('postgresql', '12.12.10', { values: [{ name: 'overlays/dev/shop/db.values.yaml', content: 'auth: {}\n' }] }),
    ]);
    assert.equal(error(outcome).kind, 'template');
    assert.match(
      error(outcome).message,
      /^helm template of postgresql 12\.12\.10 from .* failed: .*auth\.existingSecret: name the Secret that holds the database password/,
    );
  });
});

describe('chart repository credentials', () => {
  let secured: ChartRepo;
  const auth = { username: 'ci', password: 's3cret-Pa55' };
  before(async () => {
    secured = await serveChartRepo(['postgresql-12.12.10'], { auth });
  });
  after(() => secured.close());

  it('come from the environment, and never reach output, argv or the cache', async () => {
    const cache = path.join(dir, 'auth');
    const values = [{ name: 'v', content: 'auth: { existingSecret: db }\n' }];
    const host = new URL(secured.url).host.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    const [refused] = await renderer(cache).render([request('postgresql', '12.12.10', { values }, secured.url)]);
    assert.equal(error(refused).kind, 'unauthorized');
    assert.match(error(refused).message, new RegExp(`set FLOTILLA_CHART_AUTH_${host}=username:password$`));

    const env = { [`FLOTILLA_CHART_AUTH_${host}`]: `${auth.username}:${auth.password}` };
    const [ok] = await renderer(cache, { env }).render([request('postgresql', '12.12.10', { values }, secured.url)]);
    assert.equal(objects(ok).length, 5);
    assert.ok(!JSON.stringify(objects(ok)).includes(auth.password));
    assert.ok(!(await counter.calls()).some((line) => line.includes(auth.password)), 'the password was on a helm command line');
    for (const file of await readdir(cache, { recursive: true })) {
      const content = await readFile(path.join(cache, file)).catch(() => Buffer.alloc(0));
      assert.ok(!content.includes(auth.password), `${file} holds the password`);
    }
    const leftovers = (await readdir('/dev/shm').catch(() => [] as string[])).filter((f) => f.startsWith('flotilla-helm-'));
    assert.deepEqual(leftovers, [], 'a private helm directory was left behind');
  });
});
