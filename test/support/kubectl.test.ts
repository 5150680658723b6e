// Proves the installed kubectl's kustomize really applies the two features the
// generator leans on in overlays: JSON6902 patches and the `labels:` transformer.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { kubectlPath, kustomizeBuild } from './kubectl.ts';

let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'flotilla-kustomize-'));
  await mkdir(join(root, 'base'));
  await mkdir(join(root, 'overlay'));
  await writeFile(
    join(root, 'base', 'kustomization.yaml'),
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n',
  );
  await writeFile(
    join(root, 'base', 'deployment.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  replicas: 1',
      '  selector:',
      '    matchLabels:',
      '      app: web',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: web',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: matomo:5.1.0',
      '',
    ].join('\n'),
  );
  await writeFile(
    join(root, 'overlay', 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'namespace: matomo',
      'resources:',
      '  - ../base',
      'labels:',
      '  - pairs:',
      '      flotilla.dev/env: prod',
      '    includeSelectors: false',
      '    includeTemplates: true',
      'patches:',
      '  - target:',
      '      group: apps',
      '      version: v1',
      '      kind: Deployment',
      '      name: web',
      '    patch: |-',
      '      - op: replace',
      '        path: /spec/replicas',
      '        value: 3',
      '      - op: add',
      '        path: /spec/template/spec/containers/0/env',
      '        value:',
      '          - name: TZ',
      '            value: UTC',
      '',
    ].join('\n'),
  );
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('kubectlPath points at the installed binary', () => {
  assert.match(kubectlPath(), /\.tools\/bin\/kubectl$/);
});

test('kustomizeBuild applies a JSON6902 patch and the labels transformer', async () => {
  const objects = await kustomizeBuild(join(root, 'overlay'));
  assert.deepEqual(objects, [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'matomo', labels: { 'flotilla.dev/env': 'prod' } },
      spec: {
        replicas: 3,
        // includeSelectors: false keeps the immutable selector untouched.
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web', 'flotilla.dev/env': 'prod' } },
          spec: {
            containers: [{ name: 'web', image: 'matomo:5.1.0', env: [{ name: 'TZ', value: 'UTC' }] }],
          },
        },
      },
    },
  ]);
});

test("kustomizeBuild reports kustomize's stderr on failure", async () => {
  await assert.rejects(kustomizeBuild(join(root, 'does-not-exist')), /kubectl kustomize .*does-not-exist failed: .+/);
});
