/** What preview gives helm for each chart Application: Argo CD's inputs, worked out from the Application and the fleet. */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { previewApplications } from '../../generator/appset/fleet-applications.ts';
import { chartReleasesOf } from '../../generator/helm/chart-releases.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { copyFleet, flotilla, removeDir } from '../support/temp-fleet.ts';

let dir: string;
before(async () => {
  dir = await copyFleet();
  const prodUs = path.join(dir, 'clusters/prod-us.yaml');
  await writeFile(
    prodUs,
    `${await readFile(prodUs, 'utf8')}kubernetesVersion: "v1.31"\napiVersions: [monitoring.coreos.com/v1, monitoring.coreos.com/v1/ServiceMonitor]\n`,
  );
});
after(() => removeDir(dir));

describe('chartReleasesOf', () => {
  it('gives helm the release, namespace, values files, Kubernetes and API versions Argo CD would', async () => {
    const built = await buildFleet(dir);
    const apps = new Map(previewApplications(built.output.argocdObjects).applications.map((a) => [a.name, a]));
    const [us] = chartReleasesOf(apps.get('wander-postgresql-prod-us')!, built);
    const values = built.output.files.find((f) => f.path === 'overlays/prod-us/wander/postgresql.values.yaml')!;
    assert.deepEqual(us!.request, {
      ref: { repo: 'registry-1.docker.io/bitnamicharts', chart: 'postgresql', version: '12.12.10' },
      inputs: {
        releaseName: 'wander-postgresql',
        namespace: 'wander',
        kubeVersion: '1.31.0',
        apiVersions: ['monitoring.coreos.com/v1', 'monitoring.coreos.com/v1/ServiceMonitor'],
        values: [{ name: 'overlays/prod-us/wander/postgresql.values.yaml', content: values.content }],
        includeCrds: true,
        skipTests: false,
        skipSchemaValidation: false,
      },
    });
    assert.match(us!.declared('version'), /^apps\/wander\.yaml:\d+:\d+ release\.prod\.charts\.postgresql$/, 'the version is written in the release section');
    const [eu] = chartReleasesOf(apps.get('wander-postgresql-prod-eu')!, built);
    assert.equal(eu!.request!.inputs.kubeVersion, '1.35.0'); // the default
    assert.deepEqual(eu!.request!.inputs.apiVersions, []);
    assert.notEqual(eu!.fingerprint, us!.fingerprint);
    assert.deepEqual(chartReleasesOf(apps.get('wander-prod-eu')!, built), []);
  });

  it('names Application fields it cannot reproduce instead of ignoring them', async () => {
    const built = await buildFleet(dir);
    const app = previewApplications(built.output.argocdObjects).applications.find((a) => a.name === 'wander-redis-dev-1')!;
    const helm = app.sources[0]!;
    assert.equal(helm.type, 'helm');
    const odd = { ...app, sources: [{ ...helm, unsupported: ['parameters'] }, ...app.sources.slice(1)] };
    const [release] = chartReleasesOf(odd, built);
    assert.equal(release!.request, undefined);
    assert.equal(release!.problem, 'helm.parameters of the Application cannot be previewed');
  });
});

describe('cluster kubernetesVersion', () => {
  it('must be a quoted version: an unquoted 1.30 is the number 1.3', async () => {
    const prodEu = path.join(dir, 'clusters/prod-eu.yaml');
    const original = await readFile(prodEu, 'utf8');
    await writeFile(prodEu, `${original}kubernetesVersion: 1.30\n`);
    try {
      const r = await flotilla(dir, 'generate', '--check');
      assert.equal(r.code, 1);
      assert.match(
        r.err,
        /clusters\/prod-eu\.yaml:\d+:\d+ kubernetesVersion: expected a Kubernetes version string such as "1\.33" \(quote it: unquoted, YAML reads 1\.30 as the number 1\.3\)/,
      );
    } finally {
      await writeFile(prodEu, original);
    }
  });
});
