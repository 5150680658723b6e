/**
 * Names are data: every kind of name a person chooses in a fleet, set to
 * `constructor`, `__proto__`, `toString` and `hasOwnProperty` (the names a
 * plain JavaScript object already "has"). Where the name is valid for its
 * kind, `generate` must succeed, the name must reach the generated files,
 * and every overlay must build with the real kustomize to exactly the objects
 * Flotilla rendered. Where it is not valid (a Kubernetes object name is a
 * DNS-1123 label, so `__proto__` is not one), the error is the one any other
 * invalid name gets, at the name, and nothing is written.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { K8sObject } from '../../generator/model/object.ts';
import { objectKey } from '../../generator/model/object.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { kustomizeBuild } from '../support/kubectl.ts';
import { readTree } from '../support/temp-fleet.ts';
import { removeFleet, runGenerate, snapshotTree } from '../validate/fleet-fixture.ts';

const HOSTILE = ['constructor', '__proto__', 'toString', 'hasOwnProperty'] as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const LABEL_KEY = /^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ANYTHING = /^/;

/** Kinds of name that collide with others set to the same name, so each gets a run of its own. */
const SOLO = new Set(['external service', 'fleet external service']);

/** Files that hold rendered objects: each base's and overlay's resources. */
const OBJECTS = /(^|\/)resources\.yaml$/;

interface NameKind {
  kind: string;
  /** Which strings are valid names of this kind. */
  valid: RegExp;
  /** What the generated files must contain (path pattern, text) when the name is `v`. */
  output: (v: string) => [RegExp, string | RegExp];
}

const KINDS: NameKind[] = [
  { kind: 'app', valid: DNS_LABEL, output: (v) => [new RegExp(`^base/${v}/kustomization\\.yaml$`), 'kind: Kustomization'] },
  { kind: 'component', valid: DNS_LABEL, output: (v) => [OBJECTS, `app.kubernetes.io/component: ${v}\n`] },
  { kind: 'container', valid: DNS_LABEL, output: (v) => [OBJECTS, `containers:\n        - name: ${v}\n`] },
  { kind: 'port', valid: DNS_LABEL, output: (v) => [OBJECTS, `name: ${v}\n      port: 8080`] },
  { kind: 'secret', valid: DNS_LABEL, output: (v) => [OBJECTS, `target:\n    name: ${v}\n`] },
  { kind: 'secret key', valid: CONFIG_KEY, output: (v) => [OBJECTS, `secretKey: ${v}\n`] },
  { kind: 'configMap', valid: DNS_LABEL, output: (v) => [OBJECTS, `name: ${v}-`] },
  { kind: 'configMap key', valid: CONFIG_KEY, output: (v) => [OBJECTS, `\n  ${v}: value of the key\n`] },
  { kind: 'env var', valid: ENV_NAME, output: (v) => [OBJECTS, `- name: ${v}\n              value: debug`] },
  { kind: 'pvc', valid: DNS_LABEL, output: (v) => [OBJECTS, `name: ${v}\n`] },
  { kind: 'claim template', valid: DNS_LABEL, output: (v) => [OBJECTS, `volumeClaimTemplates:\n    - metadata:\n        name: ${v}\n`] },
  { kind: 'volume', valid: DNS_LABEL, output: (v) => [OBJECTS, `- name: ${v}\n          persistentVolumeClaim:`] },
  { kind: 'service account', valid: DNS_LABEL, output: (v) => [OBJECTS, `serviceAccountName: ${v}\n`] },
  { kind: 'route', valid: DNS_LABEL, output: (v) => [OBJECTS, new RegExp(`kind: Ingress\\nmetadata:\\n  name: (.*-)?${v}\\n`)] },
  { kind: 'chart', valid: DNS_LABEL, output: (v) => [new RegExp(`/${v}\\.values\\.yaml$`), ''] },
  { kind: 'chart values key', valid: ANYTHING, output: (v) => [/\.values\.yaml$/, `${v}:\n  ${v}: 1\n`] },
  { kind: 'environment', valid: DNS_LABEL, output: (v) => [/^overlays\/.*\/kustomization\.yaml$/, `flotilla.dev/environment: ${v}\n`] },
  { kind: 'team', valid: DNS_LABEL, output: (v) => [/^argocd\/projects\//, `flotilla.dev/team: ${v}\n`] },
  { kind: 'label key', valid: LABEL_KEY, output: (v) => [OBJECTS, `\n        ${v}: labelled\n`] },
  { kind: 'annotation key', valid: ANYTHING, output: (v) => [OBJECTS, `\n    ${v}: noted\n`] },
  { kind: 'raw resource field', valid: ANYTHING, output: (v) => [OBJECTS, `\n  ${v}:\n    ${v}: 3\n`] },
  { kind: 'cluster', valid: DNS_LABEL, output: (v) => [new RegExp(`^overlays/${v}/`), ''] },
  { kind: 'role', valid: DNS_LABEL, output: (v) => [OBJECTS, new RegExp(`kind: Role\\nmetadata:\\n  name: (.*-)?${v}\\n`)] },
  { kind: 'patch', valid: DNS_LABEL, output: () => [OBJECTS, 'patched: true'] },
  { kind: 'external service', valid: DNS_LABEL, output: () => [OBJECTS, 'value: broker.messaging.svc.cluster.local:5672\n'] },
  { kind: 'fleet external service', valid: DNS_LABEL, output: () => [OBJECTS, 'value: smtp.example.com:587\n'] },
  { kind: 'recording rule', valid: /^[a-zA-Z_:][a-zA-Z0-9_:]*$/, output: (v) => [OBJECTS, `record: ${v}\n`] },
];

/** The example files with the names of the `hostile` kinds set to `v`. */
function fleetFiles(v: string, hostile: ReadonlySet<string>): Record<string, string> {
  const n = (kind: string, otherwise: string) => (hostile.has(kind) ? v : otherwise);
  const app = n('app', 'shop');
  const env = n('environment', 'dev');
  const cluster = n('cluster', 'dev-1');
  const k = (kind: string, otherwise: string) => JSON.stringify(n(kind, otherwise));
  return {
    'fleet.yaml': `repo:
  url: https://github.com/example-org/fleet.git
defaults:
  ingressKind: Ingress
  ingressClass: nginx
  ingressNamespace: ingress-nginx
environments:
  - name: ${env}
    baseDomain: dev.example.com
    issuer: letsencrypt-staging
  - name: prod
    baseDomain: example.com
    issuer: letsencrypt-prod
    production: true
teams:
  ${k('team', 'web')}:
    description: The web shop
externalServices:
  ${n('fleet external service', 'mail')}:
    host: smtp.example.com
    ports: { smtp: 587 }
`,
    [`clusters/${cluster}.yaml`]: `environment: ${env}
server: https://dev-1.k8s.example.com
region: eu-west-1
labels: { ${k('label key', 'tier')}: gold }
apps:
  ${app}:
    components:
      ${n('component', 'web')}:
        replicas: 2
`,
    'clusters/prod-1.yaml': `environment: prod
server: https://prod-1.k8s.example.com
region: eu-west-1
`,
    [`apps/${app}.yaml`]: `team: ${k('team', 'web')}
namespace: shop
components:
  ${n('component', 'web')}:
    serviceAccount: ${n('service account', 'runner')}
    podLabels: { ${k('label key', 'tier')}: labelled }
    containers:
      ${n('container', 'web')}:
        image: nginx:1.27
        ports: { ${n('port', 'http')}: 8080 }
        env:
          ${k('env var', 'LOG_LEVEL')}: debug
          PASSWORD: { secret: ${n('secret', 'creds')}, key: ${k('secret key', 'password')} }
          SETTING: { configMap: ${n('configMap', 'cfg')}, key: ${k('configMap key', 'setting')} }
          QUEUE: { service: ${n('external service', 'queue')}, port: amqp }
          MAIL: { service: ${n('fleet external service', 'mail')}, port: smtp }
        mounts:
          ${n('volume', 'data')}: /data
          config: /config
    volumes:
      ${n('volume', 'data')}: { pvc: ${n('pvc', 'data')} }
      config: { configMap: ${n('configMap', 'cfg')} }
    talksTo: [{ chart: ${n('chart', 'cache')} }, { external: ${n('external service', 'queue')} }, { external: ${n('fleet external service', 'mail')} }]
    recordingRules:
      ${k('recording rule', 'shop:up:sum')}: { expr: sum(up) }
  db:
    kind: StatefulSet
    containers:
      db:
        image: postgres:16
        ports: { pg: 5432 }
        mounts: { ${n('claim template', 'pgdata')}: /var/lib/postgresql }
    volumes:
      ${n('claim template', 'pgdata')}: { claimTemplate: true }
    claimTemplates:
      ${n('claim template', 'pgdata')}: { size: 1Gi }
configMaps:
  ${n('configMap', 'cfg')}:
    data:
      ${k('configMap key', 'setting')}: value of the key
      other: kept
secrets:
  ${n('secret', 'creds')}:
    externalSecret:
      store: vault
      data:
        ${k('secret key', 'password')}: { key: shop/db, property: password }
pvcs:
  ${n('pvc', 'data')}: { size: 1Gi, accessMode: ReadWriteMany }
serviceAccounts:
  ${n('service account', 'runner')}: {}
roles:
  ${n('role', 'leases')}:
    rules: [{ apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get] }]
    serviceAccounts: [${n('service account', 'runner')}]
externalServices:
  ${n('external service', 'queue')}:
    host: broker
    namespace: messaging
    ports: { amqp: 5672 }
patches:
  ${n('patch', 'extra')}:
    target: { kind: Widget, name: gadget }
    merge: { spec: { patched: true } }
routes:
  ${n('route', 'web')}:
    host: shop
    paths: { /: ${n('component', 'web')} }
charts:
  ${n('chart', 'cache')}:
    repo: https://charts.example.com
    chart: redis
    version: 1.0.0
    values:
      ${k('chart values key', 'replicaCount')}: { ${k('chart values key', 'replicaCount')}: 1 }
resources:
  - apiVersion: example.com/v1
    kind: Widget
    metadata:
      name: gadget
      annotations: { ${k('annotation key', 'note')}: noted, other: kept }
    spec:
      ${k('raw resource field', 'size')}: { ${k('raw resource field', 'size')}: 3 }
environments:
  ${env}:
    configMaps:
      ${n('configMap', 'cfg')}:
        data:
          other: null
    components:
      ${n('component', 'web')}:
        podLabels: { ${k('label key', 'tier')}: null, env: ${env} }
clusters:
  ${cluster}:
    resources:
      - apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: gadget
          annotations: { other: kept }
        spec: {}
`,
  };
}

const roots: string[] = [];

async function writeFleet(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'flotilla-names-'));
  roots.push(root);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}
after(async () => {
  for (const root of roots) await removeFleet(root);
});

/** Objects compared as data (JSON keeps an own `__proto__` key as a key). */
function asData(objects: readonly object[]): Map<string, unknown> {
  return new Map(objects.map((o) => [objectKey(o as K8sObject), JSON.parse(JSON.stringify(o))]));
}

async function generatesWithNames(v: string, kinds: NameKind[]): Promise<void> {
  const root = await writeFleet(fleetFiles(v, new Set(kinds.map((k) => k.kind))));
  const run = await runGenerate(root, ['--quiet']);
  assert.deepEqual(run.err, [], `generate with ${v} as ${kinds.map((k) => k.kind).join(', ')}`);
  assert.equal(run.code, 0);
  const files = await readTree(root);
  for (const { kind, output } of kinds) {
    const [file, text] = output(v);
    const hits = [...files].filter(([f, content]) => file.test(f) && (typeof text === 'string' ? content.includes(text) : text.test(content)));
    assert.ok(hits.length > 0, `${kind} ${v}: no generated file matching ${file} contains ${JSON.stringify(text)}`);
  }
  const { output } = await buildFleet(root);
  for (const [dir, rendered] of output.rendered) {
    const built = asData(await kustomizeBuild(path.join(root, dir)));
    assert.deepEqual(built, asData(rendered), `${dir}: kustomize builds what Flotilla rendered`);
  }
  assert.equal((await runGenerate(root, ['--check', '--quiet'])).code, 0, 'the output is up to date after one run');
}

describe('names are data: constructor, __proto__, toString, hasOwnProperty as every kind of name', () => {
  for (const v of HOSTILE) {
    const valid = KINDS.filter((k) => k.valid.test(v));
    // A cluster may not share its environment's name (both are folders under overlays/),
    // nor a chart its app's (their Applications would collide): those go in runs of their own.
    // An external service may not share a component's name, nor the fleet's an app's ({ service: x } would be ambiguous): runs of their own.
    const shared = valid.filter((k) => !SOLO.has(k.kind));
    const apart = shared.filter((k) => k.kind !== 'cluster' && k.kind !== 'chart');
    if (apart.length) test(`${v} as ${apart.map((k) => k.kind).join(', ')}: generated and built`, () => generatesWithNames(v, apart));
    if (valid.some((k) => k.kind === 'cluster'))
      test(`${v} as cluster: generated and built`, () =>
        generatesWithNames(
          v,
          shared.filter((k) => k.kind !== 'environment' && k.kind !== 'chart'),
        ));
    const chart = shared.filter((k) => k.kind === 'chart' || (k.kind !== 'app' && k.kind !== 'cluster' && k.kind !== 'environment'));
    for (const solo of valid.filter((k) => SOLO.has(k.kind))) test(`${v} as ${solo.kind}: generated and built`, () => generatesWithNames(v, [solo]));
    if (valid.some((k) => k.kind === 'chart')) test(`${v} as ${chart.map((k) => k.kind).join(', ')}: generated and built`, () => generatesWithNames(v, chart));
    for (const { kind } of KINDS.filter((k) => !k.valid.test(v))) {
      test(`${v} as ${kind}: refused like any invalid name, nothing written`, async () => {
        const root = await writeFleet(fleetFiles(v, new Set([kind])));
        const before = await snapshotTree(root);
        const run = await runGenerate(root);
        const errors = run.err.filter((line) => /^\S+:\d+:\d+ /.test(line));
        assert.equal(run.code, 1, run.err.join('\n'));
        assert.ok(errors.length >= 1, run.err.join('\n'));
        for (const line of errors) assert.match(line, new RegExp(`${v}|not a valid`), line);
        assert.ok(
          errors.some((line) => line.includes(`"${v}"`)),
          `some error quotes the name: ${errors.join('\n')}`,
        );
        assert.deepEqual(await snapshotTree(root), before);
      });
    }
  }
});
