/**
 * The release section of an app: the version of every image and chart per
 * environment (and, where one differs, per cluster), written in one place.
 * Apps without one keep working as before; a release section makes versions
 * anywhere else an error with the fix; rejected versions warn where they run.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { loadFleet } from '../../generator/load/read-fleet.ts';
import { validateFleet } from '../../generator/validate/validate-fleet.ts';
import { makeFleet, removeFleet, runGenerate, snapshotTree } from './fleet-fixture.ts';

const roots: string[] = [];
after(() => Promise.all(roots.map(removeFleet)));

const SHOP = `team: web
namespace: shop
release:
  dev:
    images:
      ghcr.io/acme/web: 2.0.0
      busybox: "1.36"
    charts: { cache: 17.17.1 }
  prod:
    images:
      ghcr.io/acme/web: 1.9.0@sha256:${'a'.repeat(64)}
      busybox: "1.36"
    charts: { cache: 17.16.0 }
    clusters:
      prod-1:
        images: { ghcr.io/acme/web: sha256:${'b'.repeat(64)} }
components:
  web:
    initContainers:
      wait:
        image: busybox
        command: [sh, -c, "true"]
        runAsUser: 1000
    containers:
      web:
        image: ghcr.io/acme/web
        ports:
          http: 8080
charts:
  cache:
    repo: oci://registry-1.docker.io/bitnamicharts
    chart: redis
`;

async function fleetWith(files: Record<string, string>): Promise<string> {
  const root = await makeFleet({ files });
  roots.push(root);
  return root;
}

async function errorsOf(files: Record<string, string>): Promise<string[]> {
  const root = await fleetWith(files);
  const before = await snapshotTree(root);
  const run = await runGenerate(root);
  assert.equal(run.code, 1, run.err.join('\n'));
  assert.deepEqual(await snapshotTree(root), before, 'nothing written');
  return run.err.slice(0, run.err.indexOf(''));
}

describe('release section', () => {
  test('each environment and cluster variant takes its versions from it; the base keeps the repository alone', async () => {
    const root = await fleetWith({ 'apps/shop.yaml': SHOP });
    const fleet = validateFleet(await loadFleet(root));
    const shop = fleet.apps[0]!;
    const image = (env: 'dev' | 'prod') => shop.envBodies.get(env)!.components.web.containers.web.image;
    assert.equal(image('dev'), 'ghcr.io/acme/web:2.0.0');
    assert.equal(image('prod'), `ghcr.io/acme/web:1.9.0@sha256:${'a'.repeat(64)}`);
    assert.equal(shop.envBodies.get('dev')!.components.web.initContainers!.wait.image, 'busybox:1.36');
    assert.equal(shop.envBodies.get('prod')!.charts!.cache.version, '17.16.0');
    assert.deepEqual([...shop.clusterBodies.keys()], ['prod-1'], 'a cluster with its own versions gets its own variant');
    assert.equal(shop.clusterBodies.get('prod-1')!.components.web.containers.web.image, `ghcr.io/acme/web@sha256:${'b'.repeat(64)}`);
    assert.equal(shop.clusterBodies.get('prod-1')!.charts!.cache.version, '17.16.0', 'what the cluster does not set comes from its environment');
    assert.equal(shop.spec.components.web.containers.web.image, 'ghcr.io/acme/web');
    assert.deepEqual(fleet.warnings, []);
    const run = await runGenerate(root, ['--quiet']);
    assert.deepEqual(run.err, []);
    assert.equal(run.code, 0);
  });

  test('an app without a release section is read as before (versions written with the images)', async () => {
    const root = await fleetWith({});
    const fleet = validateFleet(await loadFleet(root));
    assert.equal(fleet.apps[0]!.envBodies.get('prod')!.components.web.containers.web.image, 'nginx:1.27');
  });

  test('versions written outside the release, and missing ones, are errors that say where they belong', async () => {
    const shop = SHOP.replace('image: ghcr.io/acme/web\n', 'image: ghcr.io/acme/web:2.0.0\n')
      .replace('    chart: redis\n', '    chart: redis\n    version: 17.17.1\n')
      .replace('      busybox: "1.36"\n    charts: { cache: 17.16.0 }', '    charts: { cache: 17.16.0 }');
    assert.deepEqual(await errorsOf({ 'apps/shop.yaml': shop }), [
      'apps/shop.yaml:10:5 release.prod.images: no version for image busybox (components.web.initContainers.wait.image) in environment prod Add "busybox: <version>" under release.prod.images.',
      'apps/shop.yaml:25:16 components.web.containers.web.image: image "ghcr.io/acme/web:2.0.0" carries a version; in an app with a release section, versions are written only under release Write image: ghcr.io/acme/web here, and its version for each environment under release.<environment>.images.',
      'apps/shop.yaml:32:14 charts.cache.version: chart cache carries a version; in an app with a release section, chart versions are written only under release Remove version here, and write the version for each environment under release.<environment>.charts.',
    ]);
  });

  test('the release has exactly the environments the app runs in, and cluster entries only for their clusters', async () => {
    const shop = SHOP.replace('  prod:\n    images:', '  prd:\n    images:').replace('      prod-1:\n', '      dev-1:\n');
    assert.deepEqual(await errorsOf({ 'apps/shop.yaml': shop }), [
      'apps/shop.yaml:3:1 release: release.prod is missing: the app runs in environment prod, so its versions there must be written Add release.prod with the images and charts prod runs.',
      'apps/shop.yaml:9:3 release.prd: unknown environment "prd" Did you mean "prod"?',
    ]);
    const misplaced = SHOP.replace('      prod-1:\n', '      dev-1:\n');
    assert.deepEqual(await errorsOf({ 'apps/shop.yaml': misplaced }), [
      'apps/shop.yaml:15:7 release.prod.clusters.dev-1: cluster dev-1 belongs to environment dev, not prod Move it under release.dev.clusters.',
    ]);
  });

  test('an entry no container or chart uses is an error (versions would show it running)', async () => {
    const shop = SHOP.replace(
      '      busybox: "1.36"\n    charts: { cache: 17.17.1 }',
      '      busybox: "1.36"\n      ghcr.io/acme/old: 1.0.0\n    charts: { cache: 17.17.1 }',
    );
    assert.deepEqual(await errorsOf({ 'apps/shop.yaml': shop }), [
      'apps/shop.yaml:8:7 release.dev.images["ghcr.io/acme/old"]: image ghcr.io/acme/old is not used by any container in environment dev Remove it: flotilla versions would show it as running where it does not.',
    ]);
  });

  test('a version YAML reads as a number, or of the wrong form, says how to write it', async () => {
    const shop = SHOP.replace('busybox: "1.36"\n    charts: { cache: 17.17.1 }', 'busybox: 1.10\n    charts: { cache: 17.17.1 }').replace(
      'ghcr.io/acme/web: 2.0.0',
      'ghcr.io/acme/web: ":latest"',
    );
    assert.deepEqual(await errorsOf({ 'apps/shop.yaml': shop }), [
      'apps/shop.yaml:6:25 release.dev.images["ghcr.io/acme/web"]: expected an image tag (1.4.2), a tag and digest (1.4.2@sha256:<64 hex>) or a digest (sha256:<64 hex>), found the string ":latest"',
      'apps/shop.yaml:7:16 release.dev.images.busybox: expected an image version string such as "1.4.2", found the number 1.10 Quote it ("1.10"): unquoted, YAML reads it as the number 1.1.',
    ]);
  });

  test('a rejected version that still runs is a warning at the line that sets it; an entry for an unknown image too', async () => {
    const shop = `${SHOP}rejected:
  - { image: ghcr.io/acme/web, version: 2.0.0, reason: corrupts carts on checkout }
  - { chart: cache, version: 17.16.0, reason: memory leak under load }
  - { image: ghcr.io/acme/wbe, version: 1.0.0, reason: typo in the name }
`;
    const root = await fleetWith({ 'apps/shop.yaml': shop });
    const run = await runGenerate(root);
    assert.equal(run.code, 0, run.err.join('\n'));
    assert.deepEqual(run.err, [
      'apps/shop.yaml:6:25 warning: release.dev.images["ghcr.io/acme/web"]: image ghcr.io/acme/web 2.0.0 is rejected (corrupts carts on checkout) and still runs in dev Roll it back: flotilla rollback shop --env dev',
      'apps/shop.yaml:13:22 warning: release.prod.charts.cache: chart cache 17.16.0 is rejected (memory leak under load) and still runs in prod Roll it back: flotilla rollback shop --env prod',
      'apps/shop.yaml:36:14 warning: rejected[2].image: ghcr.io/acme/wbe is not an image of this app, so rejecting a version of it stops nothing Correct the name (as in release.<env>), or remove the entry.',
    ]);
  });
});
