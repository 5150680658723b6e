/**
 * Charts from an OCI registry: the real distribution registry on loopback,
 * charts pushed by the real `helm push`, pulled by the real helm over plain
 * HTTP (loopback only) and rendered; also behind the registry's htpasswd
 * authentication, with credentials from the environment. Skipped where the
 * registry is not installed, except in CI, which installs it (.ci/run).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ChartRenderer, type TemplateInputs } from '../../generator/helm/render-charts.ts';
import { countingHelm } from '../support/chart-repo.ts';
import { type OciRegistry, REGISTRY_BINARY, startOciRegistry } from '../support/oci-registry.ts';

const skip = !REGISTRY_BINARY && !process.env.CI ? 'no docker-registry here (apt-get install docker-registry; CI installs it)' : false;

const INPUTS: TemplateInputs = {
  releaseName: 'wander-postgresql',
  namespace: 'wander',
  kubeVersion: '1.33.0',
  apiVersions: [],
  values: [{ name: 'overlays/dev/wander/postgresql.values.yaml', content: 'auth: { existingSecret: wander-db }\n' }],
  includeCrds: true,
  skipTests: false,
  skipSchemaValidation: false,
};

describe('charts from an OCI registry', { skip }, () => {
  let registry: OciRegistry;
  let dir: string;
  let counter: Awaited<ReturnType<typeof countingHelm>>;
  before(async () => {
    registry = await startOciRegistry(['postgresql-12.12.10']);
    dir = await mkdtemp(path.join(tmpdir(), 'flotilla-oci-test-'));
    counter = await countingHelm(dir);
  });
  after(async () => {
    await registry?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const renderer = (offline = false) => new ChartRenderer({ cacheDir: path.join(dir, 'cache'), offline, env: { FLOTILLA_HELM: counter.path } });

  it('pulls with helm pull oci://, renders, and serves the next run from the cache', async () => {
    const first = renderer();
    const [outcome] = await first.render([{ ref: { repo: registry.repo, chart: 'postgresql', version: '12.12.10' }, inputs: INPUTS }]);
    assert.ok('objects' in outcome!, 'error' in outcome! ? outcome.error.message : '');
    assert.deepEqual(
      outcome.objects.map((o) => `${o.kind} ${o.metadata.name}`),
      [
        'Secret wander-postgresql-svcbind',
        'ConfigMap wander-postgresql-configuration',
        'Service wander-postgresql',
        'Service wander-postgresql-hl',
        'StatefulSet wander-postgresql',
      ],
    );
    assert.ok((await counter.calls()).some((c) => c.startsWith(`pull oci://${registry.repo}/postgresql --version 12.12.10 --plain-http`)));
    const calls = (await counter.calls()).length;
    const [again] = await renderer(true).render([{ ref: { repo: registry.repo, chart: 'postgresql', version: '12.12.10' }, inputs: INPUTS }]);
    assert.deepEqual(again, outcome);
    assert.equal((await counter.calls()).length, calls);
  });

  it('names a version the registry does not have', async () => {
    const [outcome] = await renderer().render([{ ref: { repo: registry.repo, chart: 'postgresql', version: '9.9.9' }, inputs: INPUTS }]);
    assert.ok('error' in outcome!);
    assert.equal(outcome.error.kind, 'unknown-version');
    assert.match(
      outcome.error.message,
      new RegExp(`^postgresql 9\\.9\\.9 from ${registry.repo.replace(/\./g, '\\.')}: no such chart or version in the registry`),
    );
  });
});

describe('charts from an OCI registry that asks for credentials', { skip }, () => {
  const auth = { username: 'ci', password: 'oci-S3cret-9f2b' };
  let registry: OciRegistry;
  let dir: string;
  let counter: Awaited<ReturnType<typeof countingHelm>>;
  before(async () => {
    registry = await startOciRegistry(['postgresql-12.12.10'], { auth });
    dir = await mkdtemp(path.join(tmpdir(), 'flotilla-oci-auth-test-'));
    counter = await countingHelm(dir);
  });
  after(async () => {
    await registry?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('come from the environment, and never reach output, argv, the cache or a file left behind', async () => {
    const cache = path.join(dir, 'cache');
    const ref = { repo: registry.repo, chart: 'postgresql', version: '12.12.10' };
    const variable = `FLOTILLA_CHART_AUTH_${registry.repo
      .split('/')[0]!
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '_')}`;
    const renderer = (env: Record<string, string>) => new ChartRenderer({ cacheDir: cache, offline: false, env: { FLOTILLA_HELM: counter.path, ...env } });

    const [refused] = await renderer({}).render([{ ref, inputs: INPUTS }]);
    assert.ok('error' in refused!);
    assert.equal(refused.error.kind, 'unauthorized', refused.error.message);
    assert.match(refused.error.message, new RegExp(`set ${variable}=username:password$`));

    const [wrong] = await renderer({ [variable]: `${auth.username}:not-the-password` }).render([{ ref, inputs: INPUTS }]);
    assert.ok('error' in wrong!);
    assert.equal(wrong.error.kind, 'unauthorized', wrong.error.message);
    assert.match(wrong.error.message, new RegExp(`check the credentials in ${variable}=username:password$`));
    assert.ok(!wrong.error.message.includes('not-the-password'));

    const [ok] = await renderer({ [variable]: `${auth.username}:${auth.password}` }).render([{ ref, inputs: INPUTS }]);
    assert.ok('objects' in ok!, 'error' in ok! ? ok.error.message : '');
    assert.equal(ok.objects.length, 5);
    assert.ok(!JSON.stringify(ok).includes(auth.password));
    const calls = await counter.calls();
    assert.ok(calls.some((c) => c.startsWith(`pull oci://${registry.repo}/postgresql --version 12.12.10 --plain-http`)));
    assert.ok(!calls.some((line) => line.includes(auth.password)), 'the password was on a helm command line');
    for (const file of await readdir(cache, { recursive: true })) {
      const content = await readFile(path.join(cache, file)).catch(() => Buffer.alloc(0));
      assert.ok(
        !content.includes(auth.password) && !content.includes(Buffer.from(`${auth.username}:${auth.password}`).toString('base64')),
        `${file} holds the password`,
      );
    }
    const leftovers = (await readdir('/dev/shm').catch(() => [] as string[])).filter((f) => f.startsWith('flotilla-helm-'));
    assert.deepEqual(leftovers, [], 'a private helm directory (with the registry config) was left behind');
  });
});
