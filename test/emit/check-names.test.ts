// Name limits on the objects Flotilla writes: each kind's limit, label values,
// and where the error points (what declared a generated object, or the raw
// resource's own name).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkNameLimits } from '../../generator/emit/check-names.ts';
import type { ObjectOrigin } from '../../generator/emit/check-objects.ts';
import type { K8sObject } from '../../generator/model/object.ts';

const origin = (raw: K8sObject[] = []): ObjectOrigin => ({
  locate: (path) => ({ file: 'apps/x.yaml', line: 1, column: 1, path: path.join('.') }),
  resourceIndex: (o) => {
    const i = raw.indexOf(o);
    return i < 0 ? undefined : i;
  },
});

const object = (kind: string, name: string, labels: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, namespace: 'x', labels: { 'app.kubernetes.io/part-of': 'x', ...labels } },
});

const problems = (objects: K8sObject[], raw: K8sObject[] = []) => checkNameLimits(objects, origin(raw)).map((d) => `${d.path}: ${d.message}`);

test('each kind has its limit: a name at the limit passes, one character more fails', () => {
  const web = { 'app.kubernetes.io/component': 'web' };
  const jobs = { 'app.kubernetes.io/component': 'jobs' };
  assert.deepEqual(
    problems([object('Service', `x-${'a'.repeat(61)}`, web), object('StatefulSet', `x-${'b'.repeat(50)}`, jobs), object('ConfigMap', `x-${'c'.repeat(251)}`)]),
    [],
  );
  assert.deepEqual(
    problems([object('Service', `x-${'a'.repeat(62)}`, web), object('CronJob', `x-${'b'.repeat(51)}`, jobs), object('ConfigMap', `x-${'c'.repeat(252)}`)]),
    [
      `components.web: Service name "x-${'a'.repeat(62)}" is 64 characters, more than 63: a Service name is a DNS-1035 label (at most 63 characters, starting with a letter)`,
      `components.jobs: CronJob name "x-${'b'.repeat(51)}" is 53 characters, more than 52: the Jobs it creates are named <name>-<11 characters>, and a Job name must fit in a 63-character label`,
      `configMaps.x-${'c'.repeat(252)}: ConfigMap name "x-${'c'.repeat(252)}" is 254 characters, more than 253: an object name is a DNS-1123 subdomain (at most 253 characters)`,
    ],
  );
});

test('a Service name must start with a letter; a label value holds 63 characters', () => {
  assert.deepEqual(problems([object('Service', '1st', { 'app.kubernetes.io/component': '1st' })]), [
    'components.1st: Service name "1st" starts with a digit: a Service name is a DNS-1035 label (at most 63 characters, starting with a letter)',
  ]);
  assert.deepEqual(problems([object('Deployment', 'x-web', { 'app.kubernetes.io/component': 'web', team: 't'.repeat(64) })]), [
    `components.web: Deployment x-web: the object label team is 64 characters, over the 63 a label value holds`,
  ]);
});

test('a raw resource is located at its own name', () => {
  const raw = object('StatefulSet', `x-${'d'.repeat(60)}`);
  assert.deepEqual(
    checkNameLimits([raw], origin([raw])).map((d) => d.path),
    ['resources.0.metadata.name'],
  );
});
