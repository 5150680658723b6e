/**
 * The in-process renderer and the real pipeline agree: for every Application
 * preview lists, the objects preview renders equal what the real `kubectl
 * kustomize` builds from the generated overlay — on the example fleet and on
 * generated fleets.
 *
 * Normalisations (each one something kustomize legitimately does):
 * - object order: kustomize sorts its output, so objects are compared as sets keyed by kind/namespace/name;
 * - key order inside objects: irrelevant to deep equality;
 * - fields holding `undefined` in memory do not exist in YAML: preview's objects go through a JSON round trip.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { previewApplications } from '../../generator/appset/fleet-applications.ts';
import { type K8sObject, objectKey } from '../../generator/model/object.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { manifestsOf } from '../../generator/preview/manifests.ts';
import { arbitraryFleet, writeFleet } from '../support/arbitrary-fleet.ts';
import { kustomizeBuild } from '../support/kubectl.ts';
import { copyFleet, flotilla, removeDir } from '../support/temp-fleet.ts';

interface Build {
  application: string;
  path: string;
  objects: K8sObject[];
}

/** Generates into `dir` with the real CLI, then pairs each Application's kustomize path with preview's objects. */
async function previewBuilds(dir: string): Promise<Build[]> {
  const run = await flotilla(dir, 'generate', '--quiet');
  assert.equal(run.code, 0, run.err);
  const built = await buildFleet(dir);
  const { applications, errors } = previewApplications(built.output.argocdObjects);
  assert.deepEqual(errors, []);
  return applications.flatMap((a) => {
    const m = manifestsOf(a, built.output.rendered, built.plan.repoUrl);
    assert.deepEqual(m.unrendered, [], a.name);
    return m.paths.map((p) => ({ application: a.name, path: p, objects: m.objects }));
  });
}

function byKey(objects: object[]): Map<string, unknown> {
  return new Map(objects.map((o) => [objectKey(o as K8sObject), JSON.parse(JSON.stringify(o))]));
}

async function assertAgreement(dir: string): Promise<number> {
  const builds = await previewBuilds(dir);
  // Two kustomize processes at a time: CI has two cores.
  for (let i = 0; i < builds.length; i += 2) {
    await Promise.all(
      builds.slice(i, i + 2).map(async (b) => {
        const real = byKey(await kustomizeBuild(path.join(dir, b.path)));
        const mine = byKey(b.objects);
        assert.deepEqual([...mine.keys()].sort(), [...real.keys()].sort(), `${b.application} (${b.path}): object sets differ`);
        for (const [key, object] of mine) {
          assert.deepEqual(object, real.get(key), `${b.application} (${b.path}): ${key} differs`);
        }
      }),
    );
  }
  return builds.length;
}

describe('preview agrees with kubectl kustomize', () => {
  it('for every Application of the example fleet', async () => {
    const dir = await copyFleet();
    try {
      const count = await assertAgreement(dir);
      assert.ok(count >= 10, `expected the example fleet's kustomize Applications, got ${count}`);
    } finally {
      await removeDir(dir);
    }
  });

  it('for generated fleets', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryFleet, async (files) => {
        const dir = await writeFleet(files);
        try {
          await assertAgreement(dir);
        } finally {
          await removeDir(dir);
        }
      }),
      // No shrinking: each run is several kustomize builds; the seed reproduces a failure.
      { numRuns: 4, seed: 1701, endOnFailure: true },
    );
  });

  // Regression: a cluster overlay once lacked the environment `labels` transformer, so objects only it adds missed the label.
  it('for an object only a cluster overlay adds', async () => {
    const dir = await writeFleet({
      'fleet.yaml': {
        repo: { url: 'https://github.com/example-org/fleet.git' },
        environments: [{ name: 'dev', issuer: 'letsencrypt-staging', baseDomain: 'dev.example.com' }],
        teams: { team: {} },
      },
      'clusters/c-one.yaml': { environment: 'dev', server: 'https://c-one.example.com', region: 'eu-west-1' },
      // Two replicas on c-one only: its PodDisruptionBudget exists only in overlays/c-one/web.
      'apps/web.yaml': {
        team: 'team',
        namespace: 'web',
        components: { web: { replicas: 1, containers: { web: { image: 'nginx:1.27', runAsUser: 101 } } } },
        clusters: { 'c-one': { components: { web: { replicas: 2 } } } },
      },
    });
    try {
      await assertAgreement(dir);
    } finally {
      await removeDir(dir);
    }
  });
});
