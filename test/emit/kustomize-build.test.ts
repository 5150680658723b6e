/**
 * End to end with the real kustomize (kubectl v1.35, installed by npm): every
 * generated kustomization builds, and each overlay yields exactly the objects
 * Flotilla believes it rendered (emit's `rendered` map, which preview uses).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type K8sObject, objectKey } from '../../generator/model/object.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { kustomizeBuild } from '../support/kubectl.ts';
import { copyFleet, flotilla, REPO_ROOT, readTree, removeDir } from '../support/temp-fleet.ts';

const SCENARIOS = path.join(REPO_ROOT, 'test/fixtures/scenarios');
/** The example fleet and every golden scenario (each folder of test/fixtures/scenarios). */
const FLEETS = [
  REPO_ROOT,
  ...readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(SCENARIOS, d.name))
    .sort(),
];

function byKey(objects: K8sObject[]): Map<string, unknown> {
  // JSON round trip: compare data, not object identity or key order.
  return new Map(objects.map((o) => [objectKey(o), JSON.parse(JSON.stringify(o))]));
}

describe('real kustomize builds every generated kustomization', () => {
  for (const fleet of FLEETS) {
    it(`${path.relative(REPO_ROOT, fleet) || 'example fleet'}`, async () => {
      const dir = await copyFleet(fleet);
      try {
        assert.equal((await flotilla(dir, 'generate', '--quiet')).code, 0);
        const { output } = await buildFleet(dir);
        const kustomizations = [...(await readTree(dir)).keys()].filter((f) => f.endsWith('/kustomization.yaml')).map((f) => path.dirname(f));
        assert.ok(kustomizations.length > 0);
        let compared = 0;
        for (const k of kustomizations) {
          const built = await kustomizeBuild(path.join(dir, k));
          const expected = output.rendered.get(k);
          if (k.startsWith('base/')) {
            assert.ok(built.length > 0, `${k} builds to nothing`);
            continue;
          }
          assert.ok(expected, `${k} is not a source path Flotilla knows`);
          const actual = byKey(built as K8sObject[]);
          const want = byKey(expected);
          assert.deepEqual([...actual.keys()].sort(), [...want.keys()].sort(), `${k}: object set`);
          for (const [key, obj] of want) assert.deepEqual(actual.get(key), obj, `${k}: ${key}`);
          compared++;
        }
        assert.equal(compared, output.rendered.size, 'every rendered source path has a kustomization');
        assert.ok(existsSync(path.join(dir, 'argocd/bootstrap.yaml')));
      } finally {
        await removeDir(dir);
      }
    });
  }
});
