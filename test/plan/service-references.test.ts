// `{ service: <component>, app: <app> }` env references through the whole
// pipeline: the host honours service.name, the reference opens the network
// path the default-deny policy would otherwise close (in both apps' policies),
// and an explicit talksTo is not duplicated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { K8sObject } from '../../generator/model/object.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { makeFleet, removeFleet } from '../validate/fleet-fixture.ts';

const SHOP = `team: web
namespace: shop
components:
  web:
    containers:
      web:
        image: nginx:1.27
        ports: { http: 8080 }
        env:
          DB_HOST: { service: db, port: pg }
          CACHE_HOST: { service: cache }
    talksTo: [cache]
  db:
    kind: StatefulSet
    containers:
      db:
        image: postgres:17
        ports: { pg: 5432 }
    service: { name: postgres, headless: true }
  cache:
    containers:
      cache:
        image: redis:7
        ports: { redis: 6379 }
`;

const BILLING = `team: web
namespace: billing
components:
  worker:
    containers:
      worker:
        image: ghcr.io/example/billing:1.0.0
        env:
          SHOP_URL: { service: web, app: shop, port: http }
`;

function policy(objects: K8sObject[], name: string): any {
  const o = objects.find((x) => x.kind === 'NetworkPolicy' && x.metadata.name === name);
  assert.ok(o, `NetworkPolicy ${name}`);
  return o.spec;
}

test('service references: service.name in the host, and the network path opened in both apps', async (t) => {
  const root = await makeFleet({ files: { 'apps/shop.yaml': SHOP, 'apps/billing.yaml': BILLING } });
  t.after(() => removeFleet(root));
  const built = await buildFleet(root);
  const shop = built.output.rendered.get('overlays/prod/shop')!;
  const billing = built.output.rendered.get('overlays/prod/billing')!;

  const web = shop.find((o) => o.kind === 'Deployment' && o.metadata.name === 'shop-web') as any;
  const env = Object.fromEntries(web.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
  assert.equal(env.DB_HOST, 'postgres.shop.svc.cluster.local:5432', 'service.name, not shop-db');
  assert.ok(shop.some((o) => o.kind === 'Service' && o.metadata.name === 'postgres'));

  const webPolicy = policy(shop, 'shop-web');
  const egressTo = webPolicy.egress.map((r: any) => r.to[0].podSelector.matchLabels['app.kubernetes.io/name']);
  assert.deepEqual(egressTo.sort(), ['cache', 'db'], 'db implied by the reference; cache declared once, not twice');
  assert.deepEqual(
    policy(shop, 'shop-db').ingress.map((r: any) => r.from[0].podSelector.matchLabels['app.kubernetes.io/name']),
    ['web'],
  );
  // Across namespaces: egress from billing, ingress into shop's web.
  const out = policy(billing, 'billing-worker').egress;
  assert.deepEqual(out, [
    {
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/name': 'web' } },
        },
      ],
      ports: [{ port: 'http', protocol: 'TCP' }],
    },
  ]);
  const inbound = policy(shop, 'shop-web').ingress.map((r: any) => r.from[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name']);
  assert.ok(inbound.includes('billing'), JSON.stringify(policy(shop, 'shop-web').ingress));
});
