/**
 * What a promotion takes from the source environment, and the refusals
 * decided before anything is written: a source that runs two versions, an
 * app without a release section (with the section to add), unknown names.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FleetConfigError } from '../../generator/diagnostics.ts';
import { deliverLocally } from '../../generator/promote/deliver-release.ts';
import { readFleetReleases } from '../../generator/promote/fleet-releases.ts';
import { planPromotion } from '../../generator/promote/plan-promotion.ts';
import { promotionChange } from '../../generator/promote/promote.ts';
import { makeFleet, removeFleet, snapshotTree } from '../validate/fleet-fixture.ts';

const roots: string[] = [];
after(() => Promise.all(roots.map(removeFleet)));

function shop(release: string): string {
  return `team: web
namespace: shop
release:
${release}components:
  web:
    containers:
      web:
        image: ghcr.io/acme/web
        ports: { http: 8080 }
  worker:
    containers:
      worker:
        image: ghcr.io/acme/worker
`;
}

async function fleet(files: Record<string, string>) {
  const root = await makeFleet({ files });
  roots.push(root);
  return readFleetReleases(root);
}

describe('planPromotion', () => {
  test("takes the source's versions, replaces the target cluster's own ones, and notes keys the other side lacks", async () => {
    const f = await fleet({
      'apps/shop.yaml': `${shop(`  dev:
    images: { ghcr.io/acme/web: 2.0.0, ghcr.io/acme/worker: 2.0.0 }
  prod:
    images: { ghcr.io/acme/web: 1.0.0, ghcr.io/acme/worker: 2.0.0 }
    clusters:
      prod-1: { images: { ghcr.io/acme/worker: 1.9.9-hotfix } }
`)}`,
    });
    const plan = planPromotion(f, { apps: ['shop'], to: 'prod' });
    assert.deepEqual(plan.promotions[0]!.changes, [{ id: 'image:ghcr.io/acme/web', from: '1.0.0', to: '2.0.0' }]);
    assert.deepEqual(plan.promotions[0]!.clusterResets, [{ cluster: 'prod-1', id: 'image:ghcr.io/acme/worker', was: '1.9.9-hotfix' }]);
    assert.equal(plan.promotions[0]!.from, 'dev');
  });

  test('refuses a source environment whose clusters run different versions', async () => {
    const f = await fleet({
      'apps/shop.yaml': shop(`  dev:
    images: { ghcr.io/acme/web: 2.0.0, ghcr.io/acme/worker: 2.0.0 }
    clusters:
      dev-1: { images: { ghcr.io/acme/web: 2.1.0-rc.1 } }
  prod:
    images: { ghcr.io/acme/web: 1.0.0, ghcr.io/acme/worker: 2.0.0 }
`),
    });
    assert.throws(
      () => planPromotion(f, { apps: ['shop'], to: 'prod' }),
      /shop: dev does not run one version: cluster dev-1 runs ghcr\.io\/acme\/web 2\.1\.0-rc\.1 \(release\.dev\.clusters\.dev-1\), the rest 2\.0\.0/,
    );
  });

  test('an app without a release section is refused with the section to add, from the versions it runs', async () => {
    const f = await fleet({});
    assert.throws(
      () => planPromotion(f, { apps: ['shop'], to: 'prod' }),
      (e: Error) => {
        assert.match(e.message, /apps\/shop\.yaml has no release section/);
        assert.match(e.message, /release:\n {8}dev:\n {10}images:\n {12}nginx: "1\.27"\n {8}prod:\n {10}images:\n {12}nginx: "1\.27"/);
        return true;
      },
    );
  });

  test('unknown names say what exists', async () => {
    const f = await fleet({});
    assert.throws(() => planPromotion(f, { apps: ['shpo'], to: 'prod' }), /unknown app "shpo". Did you mean "shop"\?/);
    assert.throws(() => planPromotion(f, { apps: ['shop'], to: 'prd' }), /unknown environment "prd" for --to. Did you mean "prod"\?/);
    assert.throws(() => planPromotion(f, { apps: ['shop'], from: 'prod', to: 'dev' }), /--from prod must come before --to dev/);
  });

  test('a file with an alias is refused by the loader before any edit, and nothing is written', async () => {
    const root = await makeFleet({
      files: {
        'apps/shop.yaml': shop(`  dev:
    images: { ghcr.io/acme/web: &v 2.0.0, ghcr.io/acme/worker: *v }
  prod:
    images: { ghcr.io/acme/web: 1.0.0, ghcr.io/acme/worker: 1.0.0 }
`),
      },
    });
    roots.push(root);
    const before = await snapshotTree(root);
    await assert.rejects(deliverLocally(root, 'write', promotionChange({ apps: ['shop'], to: 'prod' }).compute), (e: unknown) => {
      assert.ok(e instanceof FleetConfigError);
      assert.match(e.diagnostics.map((d) => d.message).join('\n'), /YAML aliases \(\*name\) are not accepted/);
      return true;
    });
    assert.deepEqual(await snapshotTree(root), before);
  });
});
