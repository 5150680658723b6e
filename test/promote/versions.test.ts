/**
 * `flotilla versions` reads what runs where from the config, for apps with a
 * release section and without one: a cluster that runs another version of an
 * image, set in the release or by a cluster override, shows on its row.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { readFleetReleases } from '../../generator/promote/fleet-releases.ts';
import { versionsJson, versionsMarkdown, versionsText } from '../../generator/promote/format-versions.ts';
import { versionRows } from '../../generator/promote/versions.ts';
import { makeFleet, removeFleet } from '../validate/fleet-fixture.ts';

const roots: string[] = [];
after(() => Promise.all(roots.map(removeFleet)));

test('a cluster override of an image shows on that cluster, with or without a release section', async () => {
  const root = await makeFleet({
    files: {
      // Without a release section: the prod-1 cluster file overrides the image.
      'clusters/prod-1.yaml':
        'environment: prod\nserver: https://prod-1.k8s.example.com\nregion: eu-west-1\napps:\n  shop:\n    components:\n      web:\n        containers:\n          web:\n            image: nginx:1.27.1-hotfix\n',
      'apps/cart.yaml': `team: web
namespace: cart
release:
  dev:
    images: { ghcr.io/acme/cart: 2.0.0 }
  prod:
    images: { ghcr.io/acme/cart: 1.0.0 }
    pinned: held for the sale
    clusters:
      prod-1: { images: { ghcr.io/acme/cart: 1.0.1 } }
rejected:
  - { image: ghcr.io/acme/cart, version: 2.0.0, reason: loses carts }
components:
  web:
    containers:
      web:
        image: ghcr.io/acme/cart
`,
    },
  });
  roots.push(root);
  const rows = versionRows(await readFleetReleases(root), null);
  const row = (app: string, env: string) => rows.find((r) => r.app === app && r.environment === env)!;
  assert.deepEqual(
    rows.map((r) => [r.app, r.environment, r.cluster, r.name, r.version, r.setIn]),
    [
      ['cart', 'dev', 'dev-1', 'ghcr.io/acme/cart', '2.0.0', 'release'],
      ['cart', 'prod', 'prod-1', 'ghcr.io/acme/cart', '1.0.1', 'cluster'],
      ['shop', 'dev', 'dev-1', 'nginx', '1.27', 'config'],
      ['shop', 'prod', 'prod-1', 'nginx', '1.27.1-hotfix', 'config'],
    ],
  );
  assert.equal(row('cart', 'dev').rejected, 'loses carts');
  assert.equal(row('cart', 'prod').pinned, 'held for the sale');
  assert.deepEqual(row('cart', 'prod').pending, { environment: 'dev', version: '2.0.0', rejected: true });
  assert.equal(row('shop', 'prod').clusterOverride, true);
  const text = versionsText(rows);
  assert.match(text, /prod +prod-1 +nginx +1\.27\.1-hotfix +cluster override \(in the config\); no release section/);
  assert.match(text, /dev +dev-1 +ghcr\.io\/acme\/cart +2\.0\.0 +REJECTED \(loses carts\)/);
  assert.match(
    text,
    /prod +prod-1 +ghcr\.io\/acme\/cart +1\.0\.1 +pinned \(held for the sale\); pending promotion: dev has 2\.0\.0 \(rejected\); cluster override/,
  );
  assert.match(versionsMarkdown(rows), /\| cart \| dev \| dev-1 \| `ghcr\.io\/acme\/cart` \| ⛔ \*\*2\.0\.0\*\* \|/);
  assert.equal(JSON.parse(versionsJson(rows)).rows.length, 4);
});
