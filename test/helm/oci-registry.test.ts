/**
 * Charts from an OCI registry: the real distribution registry on loopback,
 * charts pushed by the real `helm push`, pulled by the real helm over plain
 * HTTP (loopback only) and rendered. Skipped where the registry is not
 * installed, except in CI, which installs it (.ci/run).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
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
