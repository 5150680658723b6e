/** What an Application deploys: Kustomize objects from the in-process render, Helm charts listed, foreign paths flagged. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreviewApplication } from '../../generator/appset/fleet-applications.ts';
import type { K8sObject } from '../../generator/model/object.ts';
import { manifestsOf } from '../../generator/preview/manifests.ts';

const cm = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'n' } });
const REPO = 'https://github.com/example-org/fleet.git';
const rendered = new Map([['overlays/dev/a', [cm('one'), cm('two')]]]);

function app(sources: PreviewApplication['sources']): PreviewApplication {
  return { name: 'a-dev-1', appSet: 't', project: 't', cluster: 'dev-1', server: 's', namespace: 'n', sources, sync: 'auto', object: cm('x') };
}

describe('manifestsOf', () => {
  it('takes a path source of the fleet repository from the rendered map (also written ./path/)', () => {
    for (const p of ['overlays/dev/a', './overlays/dev/a/']) {
      const m = manifestsOf(app([{ type: 'path', repoURL: REPO, revision: 'main', path: p }]), rendered, REPO);
      assert.deepEqual(
        m.objects.map((o) => o.metadata.name),
        ['one', 'two'],
      );
      assert.deepEqual(m.unrendered, []);
    }
  });

  it('lists Helm charts without rendering them, and flags paths Flotilla did not render', () => {
    const m = manifestsOf(
      app([
        {
          type: 'helm',
          repoURL: 'registry-1.docker.io/bitnamicharts',
          chart: 'redis',
          version: '17.17.1',
          valueFiles: ['$values/overlays/dev/a/redis.values.yaml'],
        },
        { type: 'ref', repoURL: REPO, revision: 'main', ref: 'values' },
        { type: 'path', repoURL: 'https://github.com/other/repo.git', revision: 'main', path: 'overlays/dev/a' },
        { type: 'path', repoURL: REPO, revision: 'main', path: 'overlays/dev/unknown' },
      ]),
      rendered,
      REPO,
    );
    assert.deepEqual(m.objects, []);
    assert.deepEqual(
      m.charts.map((c) => `${c.chart}@${c.version}`),
      ['redis@17.17.1'],
    );
    assert.deepEqual(m.unrendered, ['https://github.com/other/repo.git overlays/dev/a', `${REPO} overlays/dev/unknown`]);
  });
});
