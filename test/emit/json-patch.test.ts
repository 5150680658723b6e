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

  it('gives the operations of the plain definition, in the same order: every key of either object, sorted, compared in turn', () => {
    fc.assert(
      fc.property(json, json, (a, b) => assert.deepEqual(diffToPatch(a, b), plainDiff(a, b, ''))),
      { numRuns: 300, seed: 7 },
    );
    // Near-equal pairs, where most subtrees are equal and the walk must find the one change deep down.
    fc.assert(
      fc.property(json, fc.string(), (a, s) => {
        const b = structuredClone(a);
        const nested = Object.values(b).find((v) => typeof v === 'object' && v !== null && !Array.isArray(v)) as Record<string, unknown> | undefined;
        (nested ?? b).zz = s;
        assert.deepEqual(diffToPatch(a, b), plainDiff(a, b, ''));
      }),
      { numRuns: 200, seed: 9 },
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

/** The diff written as plainly as it can be, for the test above to hold the fast one to. */
function plainDiff(from: unknown, to: unknown, path: string): unknown[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((key) => {
      const p = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!Object.hasOwn(to, key)) return [{ op: 'remove', path: p }];
      if (!Object.hasOwn(from, key)) return [{ op: 'add', path: p, value: to[key] }];
      return plainDiff(from[key], to[key], p);
    });
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) return from.flatMap((v, i) => plainDiff(v, to[i], `${path}/${i}`));
  return from === to ? [] : [{ op: 'replace', path, value: to }];
}
