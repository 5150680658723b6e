/** The container schema's boundaries: the values just inside are accepted, just outside refused. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Container } from '../../../generator/validate/schema/container.ts';

const accepts = (container: unknown) => Container.safeParse(container).success;
const base = { image: 'nginx:1.27', ports: { http: 8080 } };

test('a security opt-out needs a reason of at least 12 characters', () => {
  assert.equal(accepts({ ...base, securityOptOut: { runAsRoot: 'x'.repeat(11) } }), false);
  assert.equal(accepts({ ...base, securityOptOut: { runAsRoot: 'x'.repeat(12) } }), true);
  assert.equal(accepts({ ...base, securityOptOut: { capabilities: { NET_ADMIN: 'short' } } }), false);
  assert.equal(accepts({ ...base, securityOptOut: { capabilities: { NET_ADMIN: 'Routes VPN traffic for the pod.' } } }), true);
});

test('ports are numbers (TCP) or { port, protocol } for UDP and SCTP', () => {
  assert.equal(accepts({ ...base, ports: { turn: { port: 3478, protocol: 'UDP' }, sctp: { port: 9899, protocol: 'SCTP' } } }), true);
  assert.equal(accepts({ ...base, ports: { turn: { port: 3478, protocol: 'QUIC' } } }), false);
  assert.equal(accepts({ ...base, ports: { turn: { port: 0, protocol: 'UDP' } } }), false);
});

test('ports from 1 to 65535, whole numbers only', () => {
  for (const port of [1, 65535]) assert.equal(accepts({ ...base, ports: { http: port } }), true, String(port));
  for (const port of [0, 65536, 80.5, '80']) assert.equal(accepts({ ...base, ports: { http: port } }), false, String(port));
});

test('a probe is exactly one of http, tcp, exec or grpc', () => {
  assert.equal(accepts({ ...base, probes: { readiness: { tcp: 'http' } } }), true);
  assert.equal(accepts({ ...base, probes: { readiness: { grpc: { port: 'http' } } } }), true);
  assert.equal(accepts({ ...base, probes: { readiness: { grpc: { port: 'http' }, tcp: 'http' } } }), false);
  assert.equal(accepts({ ...base, probes: { readiness: { exec: ['true'] } } }), true);
  assert.equal(accepts({ ...base, probes: { readiness: { tcp: 'http', exec: ['true'] } } }), false);
  assert.equal(accepts({ ...base, probes: { readiness: { periodSeconds: 5 } } }), false);
});

test('env: a literal string or exactly one reference, with a key for ConfigMaps and secrets', () => {
  assert.equal(accepts({ ...base, env: { A: 'x', B: { fieldPath: 'status.podIP' }, C: { service: 'db', port: 'pg' } } }), true);
  assert.equal(accepts({ ...base, env: { A: { secret: 'db' } } }), false);
  assert.equal(accepts({ ...base, env: { A: { secret: 'db', key: 'k', configMap: 'c' } } }), false);
  assert.equal(accepts({ ...base, env: { A: 5 } }), false);
});

test('image references may carry upper-case tags, as registries allow', () => {
  assert.equal(accepts({ ...base, image: 'ghcr.io/org/app:v1.2-RC1' }), true);
  assert.equal(accepts({ ...base, image: '-bad' }), false);
});
