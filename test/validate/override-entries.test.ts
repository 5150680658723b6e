// Named entries in overrides: a name that exists nowhere below the override is
// a typo unless marked $new: true; a new entry must be whole. Unit cases on
// checkOverrideEntries, then a marked component through the whole pipeline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFleet } from '../../generator/pipeline.ts';
import { checkOverrideEntries } from '../../generator/validate/override-entries.ts';
import { makeFleet, removeFleet } from './fleet-fixture.ts';

const BODY = {
  components: { web: { containers: { web: { image: 'nginx:1.27' } }, volumes: { cache: { emptyDir: {} } } } },
  routes: { shop: { host: 'shop', paths: { '/': 'web' } } },
};

test('existing names pass; their fields are left to the schema', () => {
  const override = { components: { web: { replicas: 3, containers: { web: { image: 'nginx:1.28', env: { NEW_VAR: 'x' } } } } } };
  assert.deepEqual(checkOverrideEntries(BODY, override), { override, problems: [] });
});

test('an unknown name at any level of the table is reported and dropped', () => {
  const result = checkOverrideEntries(BODY, {
    components: { web: { containers: { wbe: { image: 'x' } }, volumes: { cahce: { emptyDir: {} } } }, wbe: { replicas: 2 } },
    routes: { admin: { host: 'admin', paths: { '/': 'web' } } },
  });
  assert.deepEqual(
    result.problems.map((p) => [p.path.join('.'), p.kind, p.what, p.existing]),
    [
      ['components.wbe', 'unknown', 'component', ['web']],
      ['components.web.containers.wbe', 'unknown', 'container', ['web']],
      ['components.web.volumes.cahce', 'unknown', 'volume', ['cache']],
      ['routes.admin', 'unknown', 'route', ['shop']],
    ],
  );
  assert.deepEqual(result.override, { components: { web: { containers: {}, volumes: {} } }, routes: {} });
});

test('$new: true admits a new entry (and everything inside it), and is removed before merging', () => {
  const worker = { $new: true, containers: { worker: { image: 'ghcr.io/example/worker:1.0.0' } } };
  const result = checkOverrideEntries(BODY, { components: { worker } });
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.override, { components: { worker: { containers: { worker: { image: 'ghcr.io/example/worker:1.0.0' } } } } });
  assert.equal(worker.$new, true, 'the config value itself is not modified');
});

test('$new on an existing entry, or not true, is reported; removals (null) are left to merge.ts', () => {
  const result = checkOverrideEntries(BODY, { components: { web: { $new: true }, extra: { $new: 'yes' } }, routes: { shop: null } });
  assert.deepEqual(
    result.problems.map((p) => [p.path.join('.'), p.kind]),
    [
      ['components.extra.$new', 'not-new'],
      ['components.web.$new', 'not-new'],
    ],
  );
});

test('names are data: __proto__ and constructor are entries like any other', () => {
  const override = JSON.parse('{"components":{"__proto__":{"replicas":2},"constructor":{"replicas":2}}}');
  const result = checkOverrideEntries(BODY, override);
  assert.deepEqual(
    result.problems.map((p) => p.name),
    ['__proto__', 'constructor'],
  );
});

test('a component added in one environment with $new renders there only', async (t) => {
  const root = await makeFleet({
    files: {
      'apps/shop.yaml': `team: web
namespace: shop
components:
  web:
    containers:
      web:
        image: nginx:1.27
        ports: { http: 8080 }
environments:
  dev:
    components:
      debug:
        $new: true
        containers:
          debug:
            image: busybox:1.37
            command: [sleep, infinity]
`,
    },
  });
  t.after(() => removeFleet(root));
  const built = await buildFleet(root);
  const names = (path: string) =>
    built.output.rendered
      .get(path)!
      .filter((o) => o.kind === 'Deployment')
      .map((o) => o.metadata.name);
  assert.deepEqual(names('overlays/dev/shop'), ['shop-debug', 'shop-web']);
  assert.deepEqual(names('overlays/prod/shop'), ['shop-web']);
});
