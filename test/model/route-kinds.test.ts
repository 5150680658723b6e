/** The route kinds table: every row renders to a kind whose official schema Flotilla checks output against. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKnownKind } from '../../generator/emit/validate-objects.ts';
import { INGRESS_KIND_NAMES, ROUTE_KIND_NAMES, routeBackends, routeKind, routeKindOf } from '../../generator/model/route-kinds.ts';

test('every route kind has a row, and its apiVersion/kind has a schema in the output checks', () => {
  for (const name of ROUTE_KIND_NAMES) {
    const row = routeKind(name);
    assert.equal(row.kind, name);
    assert.ok(isKnownKind(row.apiVersion, row.kind), `${row.apiVersion}/${row.kind} has no schema`);
    assert.equal(routeKindOf({ apiVersion: row.apiVersion, kind: row.kind }), row);
  }
});

test('a cluster may default to the HTTP kinds only, and those take paths', () => {
  for (const name of INGRESS_KIND_NAMES) assert.equal(routeKind(name).backends, 'paths');
  assert.deepEqual(
    ROUTE_KIND_NAMES.filter((k) => routeKind(k).backends === 'one'),
    ['GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'],
  );
});

test('an object of the same kind under another apiVersion is not a route Flotilla renders', () => {
  assert.equal(routeKindOf({ apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'TLSRoute' }), undefined);
});

test('the backends of a route: each path prefix, or the one backend', () => {
  assert.deepEqual(routeBackends({ paths: { '/': 'web', '/api': { component: 'api', port: 'http' } } }), [
    { at: ['paths', '/'], prefix: '/', component: 'web', short: true },
    { at: ['paths', '/api'], prefix: '/api', component: 'api', port: 'http', short: false },
  ]);
  assert.deepEqual(routeBackends({ backend: { component: 'turn', port: 'turn-udp' } }), [
    { at: ['backend'], prefix: undefined, component: 'turn', port: 'turn-udp', short: false },
  ]);
});
