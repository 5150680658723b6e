/**
 * Grouping on hand-made fleets: a change the same on every cluster is one
 * item with one where; what differs per cluster is its own group; a change
 * identical in several apps (names and values abstracted over the app) is
 * shown once for all of them; the per-Application detail stays complete.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffFleets } from '../../generator/diff/fleet-diff.ts';
import { SHARED_MIN_APPS, templated } from '../../generator/diff/group.ts';
import type { K8sObject } from '../../generator/model/object.ts';
import { ALL, appOn, configMap, deployment, side } from './sides.ts';

/** One array per app and variant, as a real build shares one overlay between clusters. */
function shared(make: () => K8sObject[]): () => K8sObject[] {
  const objects = make();
  return () => objects;
}

describe('grouping', () => {
  it('shows an image bump on every cluster once, with where it applies', () => {
    const diff = diffFleets(
      side(
        appOn(
          'shop',
          ALL,
          shared(() => [deployment('shop')]),
        ),
      ),
      side(
        appOn(
          'shop',
          ALL,
          shared(() => [deployment('shop', { image: 'registry.example.com/shop/web:1.1.0' })]),
        ),
      ),
    );
    assert.equal(diff.applications.length, 7, 'the per-Application detail is all there');
    assert.equal(diff.apps.length, 1);
    const [group] = diff.apps[0]!.groups;
    assert.equal(diff.apps[0]!.groups.length, 1);
    assert.equal(group!.where.text, 'everywhere (7 clusters)');
    assert.deepEqual(
      group!.items.map((i) => [i.object.name, i.field?.path, i.field?.before, i.field?.after]),
      [['shop-web', 'spec.template.spec.containers[web].image', 'registry.example.com/shop/web:1.0.0', 'registry.example.com/shop/web:1.1.0']],
    );
    assert.deepEqual(diff.summary.byKind, [{ kind: 'Deployment', added: 0, changed: 7, removed: 0 }]);
  });

  it('says what all clusters share once, and what one cluster does differently on its own', () => {
    const base = [deployment('shop')];
    const bumped = [deployment('shop', { replicas: 3 })];
    const prod2 = [deployment('shop', { replicas: 3, env: { REGION: 'eu-west-1' } })];
    const diff = diffFleets(side(appOn('shop', ALL, () => base)), side(appOn('shop', ALL, (c) => (c === 'prod-2' ? prod2 : c === 'dev-3' ? base : bumped))));
    assert.deepEqual(
      diff.apps[0]!.groups.map((g) => [g.where.text, g.items.map((i) => `${i.field!.path}: ${JSON.stringify(i.field!.after)}`)]),
      [
        ['dev: all but dev-3; prod: all 4 clusters', ['spec.replicas: 3']],
        ['prod: prod-2', ['spec.template.spec.containers[web].env[REGION]: {"name":"REGION","value":"eu-west-1"}']],
      ],
    );
    assert.equal(diff.apps[0]!.applications.changed!.text, 'dev: all but dev-3; prod: all 4 clusters');
  });

  it(`lifts a change made identically in ${SHARED_MIN_APPS} or more apps out of them, with the app's name as {app}`, () => {
    const apps = ['billing', 'search', 'orders'];
    const ingress = (app: string, cls: string): K8sObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: `${app}-web`, namespace: app },
      spec: { ingressClassName: cls, rules: [{ host: `${app}.example.com` }] },
    });
    const before = side(
      ...apps.map((a) =>
        appOn(
          a,
          ALL,
          shared(() => [ingress(a, 'nginx')]),
        ),
      ),
      appOn(
        'geo',
        ['prod-1'],
        shared(() => [ingress('geo', 'nginx')]),
      ),
    );
    const after = side(
      ...apps.map((a) =>
        appOn(
          a,
          ALL,
          shared(() => [ingress(a, 'traefik')]),
        ),
      ),
      appOn(
        'geo',
        ['prod-1'],
        shared(() => [ingress('geo', 'traefik'), configMap('geo', { a: 'b' })]),
      ),
    );
    const diff = diffFleets(before, after);
    assert.equal(diff.shared.length, 1);
    const [g] = diff.shared;
    assert.deepEqual(g!.apps, ['billing', 'geo', 'orders', 'search']);
    assert.equal(g!.where.text, 'everywhere (7 clusters)');
    assert.equal(g!.applications, 22);
    assert.deepEqual(
      g!.items.map((i) => [i.object.kind, i.object.namespace, i.object.name, i.field?.path, i.field?.before, i.field?.after]),
      [['Ingress', '{app}', '{app}-web', 'spec.ingressClassName', 'nginx', 'traefik']],
    );
    const geo = diff.apps.find((a) => a.app === 'geo')!;
    assert.equal(geo.sharedItems, 1);
    assert.deepEqual(
      geo.groups.flatMap((x) => x.items.map((i) => `${i.change} ${i.object.kind}`)),
      ['added ConfigMap'],
    );
    assert.deepEqual(
      diff.apps.filter((a) => a.groups.length === 0).map((a) => a.app),
      ['billing', 'orders', 'search'],
    );
  });

  it(`keeps a change found in fewer than ${SHARED_MIN_APPS} apps with each app`, () => {
    const apps = ['billing', 'search'];
    const diff = diffFleets(
      side(
        ...apps.map((a) =>
          appOn(
            a,
            ALL,
            shared(() => [deployment(a)]),
          ),
        ),
      ),
      side(
        ...apps.map((a) =>
          appOn(
            a,
            ALL,
            shared(() => [deployment(a, { replicas: 5 })]),
          ),
        ),
      ),
    );
    assert.deepEqual(diff.shared, []);
    assert.deepEqual(
      diff.apps.map((a) => a.groups.length),
      [1, 1],
    );
  });

  it('abstracts only whole words of an app name of three letters or more', () => {
    assert.equal(
      templated('["shop","shop-web","shopping","eshop","shop.example.com"]', 'shop'),
      '["{app}","{app}-web","shopping","eshop","{app}.example.com"]',
    );
    assert.equal(templated('["db","db-0"]', 'db'), '["db","db-0"]');
  });

  it('counts created and deleted Applications by where and by object kind', () => {
    const diff = diffFleets(
      side(
        appOn(
          'shop',
          ['dev-1', 'dev-2'],
          shared(() => [deployment('shop')]),
        ),
      ),
      side(
        appOn(
          'shop',
          ['dev-1', 'prod-1', 'prod-2'],
          shared(() => [deployment('shop'), configMap('shop', { a: 'b' })]),
        ),
      ),
    );
    const shop = diff.apps[0]!;
    assert.equal(shop.applications.added!.text, 'prod: prod-1, prod-2');
    assert.equal(shop.applications.removed!.text, 'dev: dev-2');
    assert.equal(shop.applications.changed!.text, 'dev: dev-1');
    assert.deepEqual({ ...shop.created }, { ConfigMap: 2, Deployment: 2 });
    assert.deepEqual({ ...shop.deleted }, { Deployment: 1 });
    assert.deepEqual(diff.summary.applications, { added: 2, removed: 1, changed: 1, unchanged: 0 });
    assert.deepEqual(diff.summary.objects, { added: 5, changed: 0, removed: 1 });
  });

  it('compares each distinct pair of object arrays once, however many Applications share it', () => {
    const before = [deployment('shop')];
    const after = [deployment('shop', { replicas: 4 })];
    const diff = diffFleets(side(appOn('shop', ALL, () => before)), side(appOn('shop', ALL, () => after)));
    const results = new Set(diff.applications.map((a) => a.objects));
    assert.equal(results.size, 1);
  });
});
