/**
 * validateFleet on valid fleets: the example fleet, and the features fleet
 * (test/fixtures/config/features/), which uses every config feature once.
 * Checks that each feature is accepted and resolved per environment and cluster.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadFleet } from '../../generator/load/read-fleet.ts';
import { type ValidApp, type ValidatedFleet, validateFleet } from '../../generator/validate/validate-fleet.ts';
import { plain } from '../support/plain.ts';
import { EXAMPLE_ROOT, FIXTURES, makeFleet, removeFleet } from './fleet-fixture.ts';

const FEATURES = path.join(FIXTURES, 'config/features');

async function validate(root: string): Promise<ValidatedFleet> {
  return validateFleet(await loadFleet(root));
}

function app(fleet: ValidatedFleet, name: string): ValidApp {
  const found = fleet.apps.find((a) => a.name === name);
  assert.ok(found, `app ${name}`);
  return found;
}

describe('the example fleet', () => {
  let fleet: ValidatedFleet;
  before(async () => {
    fleet = await validate(EXAMPLE_ROOT);
  });

  test('loads and validates; the only warnings are the reasoned security opt-outs', () => {
    assert.deepEqual(
      fleet.apps.map((a) => a.name),
      ['kairoflow', 'matomo', 'wander'],
    );
    assert.deepEqual(
      fleet.clusters.map((c) => c.name),
      ['dev-1', 'prod-eu', 'prod-us', 'staging-1'],
    );
    assert.equal(fleet.warnings.length, 4);
    for (const w of fleet.warnings) assert.match(w.message, /^security opt-out /);
  });

  test('variants follow deployTo, environment overrides and the cluster file override', () => {
    assert.deepEqual([...app(fleet, 'kairoflow').envBodies.keys()], ['staging', 'prod']);
    const wander = app(fleet, 'wander');
    assert.equal(wander.envBodies.get('dev')!.components.frontend.replicas, 1);
    assert.deepEqual(wander.envBodies.get('prod')!.components.api.autoscaling, { min: 3, max: 20, cpu: 70 });
    assert.deepEqual([...wander.clusterBodies.keys()], ['prod-us']);
    const us = wander.clusterBodies.get('prod-us')!.components.api;
    assert.equal(us.autoscaling!.max, 30);
    assert.equal(us.containers.api.env!.REGION, 'us-east-1');
    assert.equal(us.containers.api.resources!.limits!.cpu, '2', 'the prod override is still under the cluster one');
  });
});

describe('the features fleet', () => {
  let fleet: ValidatedFleet;
  let store: ValidApp;
  before(async () => {
    fleet = await validate(FEATURES);
    store = app(fleet, 'store');
  });

  test('deployTo limits the environments; without it an app runs in every one', () => {
    assert.deepEqual([...app(fleet, 'blog').envBodies.keys()], ['prod']);
    assert.deepEqual([...store.envBodies.keys()], ['dev', 'staging', 'prod']);
  });

  test('environment overrides: mappings merge, lists replace, null removes', () => {
    const dev = store.envBodies.get('dev')!;
    const web = dev.components.web;
    assert.equal(web.replicas, 1);
    assert.equal(web.containers.web.env!.LOG_LEVEL, 'debug');
    assert.deepEqual(web.containers.web.env!.POD_NAME, { fieldPath: 'metadata.name' }, 'untouched env entries stay');
    assert.deepEqual(Object.keys(dev.routes!).sort(), ['api', 'web'], 'admin: null removed the route in dev');
    assert.deepEqual(Object.keys(store.envBodies.get('prod')!.routes!).sort(), ['admin', 'api', 'web']);
    assert.deepEqual(store.envBodies.get('staging')!.components.web.talksTo, ['db']);
    assert.equal(store.envBodies.get('prod')!.components.web.talksTo!.length, 4);
    assert.equal(store.envBodies.get('prod')!.pvcs!.uploads.size, '50Gi');
    assert.equal(store.spec.pvcs!.uploads.size, '5Gi', 'the base is not changed by an override');
  });

  test('cluster overrides come from the app file and the cluster file; the cluster file wins', () => {
    assert.deepEqual([...store.clusterBodies.keys()].sort(), ['prod-eu', 'prod-us']);
    const eu = store.clusterBodies.get('prod-eu')!.components.web;
    assert.equal(eu.containers.web.env!.REGION, 'eu-west-1');
    assert.equal(eu.replicas, 3, 'the prod environment override still applies');
    const us = store.clusterBodies.get('prod-us')!;
    assert.equal(us.components.web.replicas, 6);
    assert.equal(us.components.web.containers.web.env!.REGION, 'us-east-1');
    assert.equal(us.pvcs!.uploads.size, '50Gi');
  });

  test('file-based ConfigMap data is inlined in every variant', () => {
    const content = readFileSync(path.join(FEATURES, 'apps/store/app.ini'), 'utf8');
    for (const body of [store.spec, ...store.envBodies.values(), ...store.clusterBodies.values()]) {
      assert.equal(body.configMaps!['store-config'].data['app.ini'], content);
      assert.equal(body.configMaps!['store-config'].data.FEATURE_FLAGS, 'search,checkout');
    }
  });

  test('every workload kind, with Deployment as the default', () => {
    const kinds = Object.fromEntries(Object.entries(store.spec.components).map(([name, c]) => [name, c.kind]));
    assert.deepEqual(kinds, { web: 'Deployment', db: 'StatefulSet', report: 'CronJob', migrate: 'Job' });
    assert.equal(store.spec.components.report.schedule, '0 6 * * *');
    assert.deepEqual(plain(store.spec.components.db.claimTemplates), { data: { size: '10Gi', accessMode: 'ReadWriteOnce' } });
  });

  test('probes of the three kinds', () => {
    const probes = store.spec.components.web.containers.web.probes!;
    assert.deepEqual(probes.readiness, { http: { path: '/ready', port: 'http' }, periodSeconds: 5 });
    assert.deepEqual(probes.liveness, { tcp: 'http', initialDelaySeconds: 10 });
    assert.deepEqual(probes.startup, { exec: ['cat', '/tmp/started'], failureThreshold: 30 });
  });

  test('env values: literal, ConfigMap, secret, service (own app and another app), fieldPath', () => {
    assert.deepEqual(plain(store.spec.components.web.containers.web.env), {
      LOG_LEVEL: 'info',
      APP_CONFIG: { configMap: 'store-config', key: 'app.ini' },
      DATABASE_PASSWORD: { secret: 'store-db', key: 'password' },
      DATABASE_HOST: { service: 'db' },
      SEARCH_URL: { service: 'api', app: 'search', port: 'http' },
      POD_NAME: { fieldPath: 'metadata.name' },
    });
  });

  test('secrets of the three sources, with defaults', () => {
    const secrets = store.spec.secrets!;
    assert.deepEqual(plain(secrets['store-db'].externalSecret), {
      store: 'vault',
      storeKind: 'ClusterSecretStore',
      refreshInterval: '1h',
      data: { password: { key: 'store/db', property: 'password' } },
    });
    assert.ok(secrets['store-tls'].sealed);
    assert.equal(secrets.registry.existing, true);
    assert.equal(secrets.registry.type, 'kubernetes.io/dockerconfigjson');
  });

  test('routes of the three kinds; the kind defaults to the platform setting, TLS to on', () => {
    const routes = store.spec.routes!;
    assert.deepEqual(Object.fromEntries(Object.entries(routes).map(([n, r]) => [n, [r.kind, r.tls]])), {
      web: [undefined, true],
      admin: ['IngressRoute', false],
      api: ['HTTPRoute', true],
    });
  });

  test('charts and raw resources', () => {
    assert.deepEqual(plain(store.spec.charts!.redis), {
      repo: 'oci://registry-1.docker.io/bitnamicharts',
      chart: 'redis',
      version: '17.17.1',
      values: { architecture: 'standalone', auth: { existingSecret: 'store-db' } },
    });
    assert.deepEqual(
      store.spec.resources!.map((r) => `${r.apiVersion} ${r.kind} ${r.metadata.name}`),
      ['policy/v1 PodDisruptionBudget store-db', 'rbac.authorization.k8s.io/v1 ClusterRole store-node-reader'],
    );
  });

  test('a security opt-out is accepted with its reason and surfaced as a warning', () => {
    assert.deepEqual(
      fleet.warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.path}`),
      ['apps/store.yaml:36:35 components.web.containers.web.securityOptOut.writableRootFilesystem'],
    );
  });
});

test('a security opt-out written in an override is surfaced for review too, once', async () => {
  const root = await makeFleet({
    files: {
      'apps/shop.yaml': `team: web
namespace: shop
components:
  web:
    containers:
      web:
        image: nginx:1.27
environments:
  prod:
    components:
      web:
        containers:
          web:
            securityOptOut:
              runAsRoot: The legacy image needs root in production.
`,
      'clusters/prod-2.yaml':
        'environment: prod\nserver: https://prod-2.k8s.example.com\nregion: us-east-1\napps:\n  shop:\n    components:\n      web: { replicas: 2 }\n',
    },
  });
  try {
    const fleet = await validate(root);
    assert.deepEqual(
      fleet.warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.path}`),
      ['apps/shop.yaml:15:26 environments.prod.components.web.containers.web.securityOptOut.runAsRoot'],
    );
  } finally {
    await removeFleet(root);
  }
});

describe('the Argo CD a fleet declares', () => {
  const fleetYaml = readFileSync(path.join(FIXTURES, 'config/minimal/fleet.yaml'), 'utf8');
  async function warningsWith(argocd: string): Promise<string[]> {
    const root = await makeFleet({ files: { 'fleet.yaml': `${fleetYaml}argocd:\n${argocd}` } });
    try {
      return (await validate(root)).warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.path}: ${w.message}`);
    } finally {
      await removeFleet(root);
    }
  }

  test('a current release with annotation tracking passes silently', async () => {
    assert.deepEqual(await warningsWith('  version: "3.5"\n  resourceTracking: annotation+label\n'), []);
  });

  test('a release older than 3.0 set to annotation tracking is accepted with a warning', async () => {
    assert.deepEqual(await warningsWith('  version: "2.14"\n  resourceTracking: annotation\n'), [
      "fleet.yaml:21:12 argocd.version: Argo CD 2.14 is older than 3.0, the oldest release Flotilla's output is checked against (preview evaluates ApplicationSets as v3.5.1)",
    ]);
  });

  test('a release newer than the one preview evaluates as is named', async () => {
    assert.deepEqual(await warningsWith('  version: v3.7.0\n'), [
      'fleet.yaml:21:12 argocd.version: Argo CD v3.7.0 is newer than v3.5.1, the release preview and diff evaluate ApplicationSets as; what they show may differ where that release changed ApplicationSets',
    ]);
  });
});
