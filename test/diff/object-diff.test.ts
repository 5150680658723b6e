/** Field-level object diffs: readable paths, named lists matched by name, and Secret values never carried. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffObjects } from '../../generator/diff/object-diff.ts';
import type { K8sObject } from '../../generator/model/object.ts';

const deployment = (over: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'web:1',
            args: ['--a'],
            env: [
              { name: 'A', value: '1' },
              { name: 'C', value: '3' },
            ],
          },
        ],
      },
    },
    ...over,
  },
});

function withContainer(patch: Record<string, unknown>): K8sObject {
  const d = deployment();
  Object.assign((d.spec as any).template.spec.containers[0], patch);
  return d;
}

describe('diffObjects', () => {
  it('reports a scalar change with its path', () => {
    assert.deepEqual(diffObjects(deployment(), deployment({ replicas: 3 })), [{ path: 'spec.replicas', change: 'changed', before: 2, after: 3 }]);
  });

  it('matches named list items by name: an insertion is one added item, not a shift', () => {
    const after = withContainer({
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
        { name: 'C', value: '3' },
      ],
    });
    assert.deepEqual(diffObjects(deployment(), after), [
      { path: 'spec.template.spec.containers[web].env[B]', change: 'added', after: { name: 'B', value: '2' } },
    ]);
  });

  it('shows a list of plain values whole when its length changes, and quotes keys that are not identifiers', () => {
    const after = withContainer({ args: ['--a', '--b'] });
    after.metadata.labels = { 'app.kubernetes.io/name': 'web', tier: 'gold' };
    assert.deepEqual(diffObjects(deployment(), after), [
      { path: 'metadata.labels.tier', change: 'added', after: 'gold' },
      { path: 'spec.template.spec.containers[web].args', change: 'changed', before: ['--a'], after: ['--a', '--b'] },
    ]);
  });

  it('reports removed fields with their old value', () => {
    const after = deployment();
    delete (after.spec as any).replicas;
    assert.deepEqual(diffObjects(deployment(), after), [{ path: 'spec.replicas', change: 'removed', before: 2 }]);
  });

  it('is empty for equal objects', () => {
    assert.deepEqual(diffObjects(deployment(), deployment()), []);
  });
});

describe('Secret values are never carried', () => {
  const secret = (data?: Record<string, string>, stringData?: Record<string, string>): K8sObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'n' },
    ...(data ? { data } : {}),
    ...(stringData ? { stringData } : {}),
    type: 'Opaque',
  });
  const VALUES = ['c2VjcmV0LW9uZQ==', 'c2VjcmV0LXR3bw==', 'plain-text-secret', 'another-secret'];

  function assertNoValues(result: unknown): void {
    const text = JSON.stringify(result);
    for (const v of VALUES) assert.ok(!text.includes(v), `leaked ${v}`);
    assert.ok(!text.includes('flotilla-hidden'), 'leaked a masking token');
  }

  it('a changed, added or removed data key is hidden', () => {
    const result = diffObjects(secret({ password: VALUES[0], gone: VALUES[2] }), secret({ password: VALUES[1], added: VALUES[3] }));
    assert.deepEqual(result, [
      { path: 'data.added', change: 'added', hidden: true },
      { path: 'data.gone', change: 'removed', hidden: true },
      { path: 'data.password', change: 'changed', hidden: true },
    ]);
    assertNoValues(result);
  });

  it('data or stringData appearing whole is hidden too', () => {
    const result = diffObjects(secret(), secret({ password: VALUES[0] }, { token: VALUES[2] }));
    assert.deepEqual(result, [
      { path: 'data', change: 'added', hidden: true },
      { path: 'stringData', change: 'added', hidden: true },
    ]);
    assertNoValues(result);
  });

  it('an unchanged secret value is no change', () => {
    assert.deepEqual(diffObjects(secret({ password: VALUES[0] }), secret({ password: VALUES[0] })), []);
  });

  it('SealedSecret ciphertext and template data are hidden, even inside a whole new spec', () => {
    const sealed = (spec?: Record<string, unknown>): K8sObject => ({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 's', namespace: 'n' },
      ...(spec ? { spec } : {}),
    });
    const changed = diffObjects(sealed({ encryptedData: { k: VALUES[0] } }), sealed({ encryptedData: { k: VALUES[1] } }));
    assert.deepEqual(changed, [{ path: 'spec.encryptedData.k', change: 'changed', hidden: true }]);
    const whole = diffObjects(sealed(), sealed({ encryptedData: { k: VALUES[0] }, template: { data: { cfg: VALUES[2] }, type: 'Opaque' } }));
    assert.deepEqual(whole, [
      { path: 'spec', change: 'added', after: { encryptedData: { k: '(value hidden)' }, template: { data: { cfg: '(value hidden)' }, type: 'Opaque' } } },
    ]);
    assertNoValues([changed, whole]);
  });
});
