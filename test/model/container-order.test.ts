/** The container order dependsOn asks for: after what each depends on, else as written. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderContainers } from '../../generator/model/container-order.ts';

test('a container comes after the ones it depends on; the others keep the written order', () => {
  const found = orderContainers(
    new Map<string, string | string[] | undefined>([
      ['schema', 'wait-for-db'],
      ['wait-for-db', undefined],
      ['log-shipper', ['schema']],
      ['warm-cache', undefined],
    ]),
  );
  assert.deepEqual(found, { order: ['wait-for-db', 'schema', 'log-shipper', 'warm-cache'] });
});

test('without dependsOn the order is the written one', () => {
  assert.deepEqual(
    orderContainers(
      new Map([
        ['b', undefined],
        ['a', undefined],
      ]),
    ),
    { order: ['b', 'a'] },
  );
});

test('a cycle is reported with its path, from the first container written in it', () => {
  const found = orderContainers(
    new Map<string, string | string[] | undefined>([
      ['a', undefined],
      ['b', ['c']],
      ['c', 'd'],
      ['d', ['b']],
    ]),
  );
  assert.deepEqual(found, { cycle: ['b', 'c', 'd', 'b'] });
});

test('a container that depends on itself is a cycle', () => {
  assert.deepEqual(orderContainers(new Map([['a', 'a']])), { cycle: ['a', 'a'] });
});

test('an unknown name is reported with the container and the index in its list', () => {
  const found = orderContainers(
    new Map<string, string | string[] | undefined>([
      ['a', undefined],
      ['b', ['a', 'x']],
    ]),
  );
  assert.deepEqual(found, { unknown: { container: 'b', index: 1, name: 'x' } });
});

test('names are data: constructor and __proto__ are ordinary container names', () => {
  const found = orderContainers(
    new Map<string, string | string[] | undefined>([
      ['__proto__', 'constructor'],
      ['constructor', undefined],
    ]),
  );
  assert.deepEqual(found, { order: ['constructor', '__proto__'] });
});
