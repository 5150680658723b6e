import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyPatch, diffToPatch } from '../../generator/emit/json-patch.ts';

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('a/b', 'x~y', 'app.kubernetes.io/name', '__proto__', 'constructor', 'toString')), tie('value'), {
    maxKeys: 5,
    noNullPrototype: true,
  }),
})).object;

describe('JSON patch diff', () => {
  it('applying diff(a, b) to a gives b, for any two objects (keys with "/" and "~", and keys named like Object.prototype members, included)', () => {
    fc.assert(
      fc.property(json, json, (a, b) => assert.deepEqual(applyPatch(a, diffToPatch(a, b)), b)),
      { numRuns: 300, seed: 42 },
    );
  });

  it('names exactly what changed', () => {
    const ops = diffToPatch(
      { spec: { replicas: 2, template: { x: 1 } }, metadata: { labels: { 'a/b': '1' } } },
      { spec: { replicas: 3, template: { x: 1 } }, metadata: { labels: {} } },
    );
    assert.deepEqual(ops, [
      { op: 'remove', path: '/metadata/labels/a~1b' },
      { op: 'replace', path: '/spec/replicas', value: 3 },
    ]);
  });

  it('is empty for equal objects', () => {
    assert.deepEqual(diffToPatch({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), []);
  });
});
