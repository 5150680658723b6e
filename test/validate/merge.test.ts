/** Override semantics, the same at every layer: mappings merge key by key, lists and scalars replace, null removes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeOverride, uselessRemovals } from '../../generator/validate/merge.ts';
import { plain } from '../support/plain.ts';

test('mappings merge key by key, at any depth', () => {
  const base = { a: { b: 1, c: { d: 2, e: 3 } }, f: 4 };
  assert.deepEqual(plain(mergeOverride(base, { a: { c: { e: 30 } } })), { a: { b: 1, c: { d: 2, e: 30 } }, f: 4 });
});

test('lists and scalars replace, whatever their length or type', () => {
  assert.deepEqual(plain(mergeOverride({ l: [1, 2, 3], s: 'x' }, { l: [9], s: 5 })), { l: [9], s: 5 });
  assert.deepEqual(plain(mergeOverride({ m: { k: 1 } }, { m: [1] })), { m: [1] });
  assert.deepEqual(plain(mergeOverride({ l: [1] }, { l: { k: 1 } })), { l: { k: 1 } });
});

test('null removes the key; a key the base lacks is added', () => {
  assert.deepEqual(plain(mergeOverride({ routes: { web: { host: 'a' }, admin: { host: 'b' } } }, { routes: { admin: null, api: { host: 'c' } } })), {
    routes: { web: { host: 'a' }, api: { host: 'c' } },
  });
  assert.deepEqual(plain(mergeOverride({ a: 1 }, { missing: null })), { a: 1 });
});

test('no override keeps the base; the base is never modified', () => {
  const base = { a: { b: [1] } };
  const copy = structuredClone(base);
  assert.equal(mergeOverride(base, undefined), base);
  mergeOverride(base, { a: { b: [2], c: null } });
  assert.deepEqual(base, copy);
});

test('a null that removes nothing in any base is found, with the keys that do exist', () => {
  const body = { routes: { admin: {}, web: {} }, pvcs: { data: {} } };
  const envMerged = { routes: { web: {} }, pvcs: { data: {} } };
  assert.deepEqual(uselessRemovals([body], { routes: { admn: null, web: { host: 'x' } } }), [{ path: ['routes', 'admn'], siblings: ['admin', 'web'] }]);
  assert.deepEqual(uselessRemovals([body], { charts: null }), [{ path: ['charts'], siblings: ['routes', 'pvcs'] }]);
  // Removed by the environment already, but named in the app body: a harmless repeat, not a typo.
  assert.deepEqual(uselessRemovals([envMerged, body], { routes: { admin: null } }), []);
  assert.deepEqual(uselessRemovals([body], { routes: { admin: null } }), []);
});
