/**
 * The output layout: few files (a base is its kustomization and one resources
 * file; an overlay is its kustomization with inline patches, plus one file for
 * the objects only it has and its chart values), and real kustomize builds
 * every overlay to exactly the objects Flotilla renders — the objects preview
 * and diff show — on a synthetic fleet with the shapes real fleets have.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type K8sObject, objectKey } from '../../generator/model/object.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { writeFleet as writeSyntheticFleet } from '../../scripts/synthetic-fleet.ts';
import { writeFleet } from '../support/arbitrary-fleet.ts';
import { kustomizeBuild } from '../support/kubectl.ts';
import { flotilla, readTree, removeDir } from '../support/temp-fleet.ts';

const SMALL = { apps: 6, environments: 3, clusters: 5, overrideClusters: 2, teams: 2 };

function byKey(objects: object[]): Map<string, unknown> {
  return new Map(objects.map((o) => [objectKey(o as K8sObject), JSON.parse(JSON.stringify(o))]));
}

/** Builds every overlay Flotilla rendered with the real kustomize, two at a time, and compares object by object. */
async function assertKustomizeAgrees(dir: string, rendered: Map<string, K8sObject[]>): Promise<void> {
  const paths = [...rendered.keys()];
  for (let i = 0; i < paths.length; i += 2) {
    await Promise.all(
      paths.slice(i, i + 2).map(async (p) => {
        const real = byKey(await kustomizeBuild(path.join(dir, p)));
        const mine = byKey(rendered.get(p)!);
        assert.deepEqual([...real.keys()].sort(), [...mine.keys()].sort(), `${p}: object set`);
        for (const [key, object] of mine) assert.deepEqual(real.get(key), object, `${p}: ${key}`);
      }),
    );
  }
}

describe('output layout', () => {
  it('a synthetic fleet: few files per folder, and kustomize builds every overlay to the rendered objects', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-layout-'));
    try {
      const fleet = await writeSyntheticFleet(dir, SMALL, 5);
      const run = await flotilla(dir, 'generate', '--quiet');
      assert.equal(run.code, 0, run.err);
      const tree = await readTree(dir);
      const folders = new Map<string, string[]>();
      for (const file of tree.keys()) {
        if (file.startsWith('argocd/')) continue;
        const d = path.posix.dirname(file);
        folders.set(d, [...(folders.get(d) ?? []), path.posix.basename(file)]);
      }
      for (const [folder, files] of folders) {
        const other = files.filter((f) => f !== 'kustomization.yaml' && f !== 'resources.yaml' && !f.endsWith('.values.yaml'));
        assert.deepEqual(other, [], `${folder} holds only its kustomization, one resources file and chart values`);
        assert.ok(files.includes('kustomization.yaml'), `${folder} has a kustomization`);
      }
      const appEnvs = fleet.apps.reduce((n, a) => n + a.environments.length, 0);
      const kustomizeFiles = [...tree.keys()].filter((f) => !f.startsWith('argocd/') && !f.endsWith('.values.yaml')).length;
      assert.ok(kustomizeFiles <= 3 * appEnvs, `${kustomizeFiles} Kustomize files for ${appEnvs} apps × environments`);
      assert.ok(
        [...folders.keys()].some((f) => /^overlays\/[^/]+-k\d+\//.test(f)),
        'the fleet has cluster overlays',
      );

      const { output } = await buildFleet(dir);
      await assertKustomizeAgrees(dir, output.rendered);
    } finally {
      await removeDir(dir);
    }
  });

  // kustomize trims the text of an inline patch: a last value that is a block scalar ending in a
  // line break would lose it. Such a patch is written as JSON; a file-per-patch layout never had this.
  it('an inline patch whose last value ends with a line break keeps it', async () => {
    const dir = await writeFleet({
      'fleet.yaml': {
        repo: { url: 'https://github.com/example-org/fleet.git' },
        environments: [{ name: 'dev', issuer: 'letsencrypt-staging', baseDomain: 'dev.example.com' }],
        teams: { team: {} },
      },
      'clusters/c-one.yaml': { environment: 'dev', server: 'https://c-one.example.com', region: 'eu-west-1' },
      'apps/web.yaml': {
        team: 'team',
        namespace: 'web',
        components: { web: { containers: { web: { image: 'nginx:1.27', runAsUser: 101, env: { NOTE: 'plain' } } } } },
        environments: { dev: { components: { web: { containers: { web: { env: { NOTE: 'line one\nline two\n' } } } } } } },
      },
    });
    try {
      const run = await flotilla(dir, 'generate', '--quiet');
      assert.equal(run.code, 0, run.err);
      const kustomization = (await readTree(dir)).get('overlays/dev/web/kustomization.yaml')!;
      assert.match(kustomization, /"value": "line one\\nline two\\n"/);
      const { output } = await buildFleet(dir);
      await assertKustomizeAgrees(dir, output.rendered);
    } finally {
      await removeDir(dir);
    }
  });
});
