// External services declared once in fleet.yaml, through the whole pipeline: an
// app that names one gets it in its plan (and only the ones it names, so a new
// fleet entry leaves every other app's plan as it was), its env value resolves
// to the host, and its network policy allows exactly that egress.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { K8sObject } from '../../generator/model/object.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { MINIMAL_FLEET, makeFleet, removeFleet } from '../validate/fleet-fixture.ts';

const FLEET = `${readFileSync(path.join(MINIMAL_FLEET, 'fleet.yaml'), 'utf8')}externalServices:
  smtp:
    host: smtp.mailrelay.example.com
    ports: { submission: 587 }
    cidr: [198.51.100.0/24]
  ledger-db:
    host: ledger-rw
    namespace: databases
    ports: { postgres: 5432 }
    pods: { cnpg.io/cluster: ledger }
`;

const SHOP = `team: web
namespace: shop
components:
  web:
    containers:
      web:
        image: nginx:1.27
        ports: { http: 8080 }
        env:
          DB: { service: ledger-db, port: postgres }
`;

const REPORTS = `team: web
namespace: reports
components:
  mailer:
    containers:
      mailer:
        image: ghcr.io/example/mailer:1.0.0
    talksTo: [{ external: smtp, port: submission }]
`;

test('fleet-wide external services: resolved for the apps that name them, egress allowed to exactly them', async (t) => {
  const root = await makeFleet({ files: { 'fleet.yaml': FLEET, 'apps/shop.yaml': SHOP, 'apps/reports.yaml': REPORTS } });
  t.after(() => removeFleet(root));
  const built = await buildFleet(root);
  const shopPlan = built.plan.apps.find((a) => a.name === 'shop')!;
  const reportsPlan = built.plan.apps.find((a) => a.name === 'reports')!;
  assert.deepEqual(Object.keys(shopPlan.envVariants.get('prod')!.body.externalServices ?? {}), ['ledger-db']);
  assert.deepEqual(Object.keys(reportsPlan.envVariants.get('prod')!.body.externalServices ?? {}), ['smtp']);

  const shop = built.output.rendered.get('overlays/prod/shop')!;
  const web = shop.find((o) => o.kind === 'Deployment') as any;
  assert.deepEqual(web.spec.template.spec.containers[0].env, [{ name: 'DB', value: 'ledger-rw.databases.svc.cluster.local:5432' }]);
  assert.deepEqual(policy(shop, 'shop-web').egress, [
    {
      to: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'databases' } }, podSelector: { matchLabels: { 'cnpg.io/cluster': 'ledger' } } },
      ],
      ports: [{ protocol: 'TCP', port: 5432 }],
    },
  ]);
  const reports = built.output.rendered.get('overlays/prod/reports')!;
  assert.deepEqual(policy(reports, 'reports-mailer').egress, [{ to: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [{ protocol: 'TCP', port: 587 }] }]);
});

test('a fleet entry no app names changes no app plan', async (t) => {
  const more = `${FLEET}  unused:\n    host: unused.example.com\n    ports: { https: 443 }\n`;
  const a = await makeFleet({ files: { 'fleet.yaml': FLEET, 'apps/shop.yaml': SHOP } });
  const b = await makeFleet({ files: { 'fleet.yaml': more, 'apps/shop.yaml': SHOP } });
  t.after(() => Promise.all([removeFleet(a), removeFleet(b)]));
  const [before, after] = [await buildFleet(a), await buildFleet(b)];
  const bodies = (plan: typeof before.plan) => JSON.stringify(plan.apps.map((app) => [app.base.body, [...app.envVariants.values()].map((v) => v.body)]));
  assert.equal(bodies(after.plan), bodies(before.plan));
});

function policy(objects: K8sObject[], name: string): any {
  const o = objects.find((x) => x.kind === 'NetworkPolicy' && x.metadata.name === name);
  assert.ok(o, `NetworkPolicy ${name}`);
  return o.spec;
}
