/** What a file with schema errors still lets the rules see: its valid part, or nothing when that would invent errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asDataTree } from '../../generator/model/dict.ts';
import { recoverValid } from '../../generator/validate/recover.ts';
import { App } from '../../generator/validate/schema/app.ts';
import { plain } from '../support/plain.ts';

function recover(data: Record<string, unknown>) {
  const input = asDataTree(structuredClone(data));
  const result = App.safeParse(input);
  assert.equal(result.success, false, 'the input has schema errors');
  return recoverValid(App, input, result.error!);
}

const container = { image: 'nginx:1.27', ports: { http: 8080 } };

test('unknown fields go (a typo of a known field is read as that field), invalid leaves of fixed fields go', () => {
  const recovered = recover({
    team: 'web',
    namespace: 'shop',
    descripton: 'typo',
    components: { web: { replcias: 2, spread: 'yes please', containers: { web: container } } },
  });
  assert.ok(recovered);
  assert.deepEqual(plain(recovered.data), {
    team: 'web',
    namespace: 'shop',
    description: 'typo',
    components: { web: { replicas: 2, containers: { web: container } } },
  });
  assert.equal(recovered.spec.components.web.replicas, 2);
});

test('nothing is recovered where leaving something out would make references to it errors of their own', () => {
  assert.equal(recover({ team: 'web', namespace: 'shop', components: { Web: { containers: { web: container } } } }), undefined, 'an invalid name');
  assert.equal(
    recover({ team: 'web', namespace: 'shop', components: { web: { containers: { web: { ports: { http: 8080 } } } } } }),
    undefined,
    'a missing required field',
  );
  assert.equal(
    recover({ team: 'web', namespace: 'shop', components: { web: { containers: { web: { ...container, ports: { http: 'x' } } } } } }),
    undefined,
    'a map entry',
  );
  assert.equal(
    recover({ team: 'web', namespace: 'shop', components: { web: { containers: { web: container }, volumes: { data: { pvc: 'a', emptyDir: {} } } } } }),
    undefined,
    'a malformed entry',
  );
});
