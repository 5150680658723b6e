/** dataHash: equal data hashes equal, and anything a computation could tell apart hashes apart. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dict } from '../../generator/model/dict.ts';
import { dataHash } from '../../generator/model/hash.ts';

test('equal data hashes equal, however it is stored', () => {
  const holey = [1, 2, 3];
  holey.length = 4;
  holey.length = 3;
  assert.equal(dataHash([1, 2, 3]), dataHash(holey));
  assert.equal(dataHash({ a: [1, { b: 'x' }] }), dataHash(JSON.parse('{"a":[1,{"b":"x"}]}')));
  assert.equal(dataHash(dict([['a', 1]])), dataHash({ a: 1 }), 'a prototype-free map is data like any object');
  const shared = { x: 1 };
  assert.equal(dataHash([shared, shared]), dataHash([{ x: 1 }, { x: 1 }]));
});

test('what a computation can tell apart hashes apart', () => {
  const distinct: [string, unknown][] = [
    ['absent key', {}],
    ['undefined value', { a: undefined }],
    ['null value', { a: null }],
    ['string "undefined"', { a: 'undefined' }],
    ['string "null"', { a: 'null' }],
    ['number', { a: 1 }],
    ['the string of a tagged form', { a: '\u0000undefined' }],
    ['numeric string', { a: '1' }],
    ['NaN', { a: Number.NaN }],
    ['Infinity', { a: Number.POSITIVE_INFINITY }],
    ['-Infinity', { a: Number.NEGATIVE_INFINITY }],
    ['-0', { a: -0 }],
    ['0', { a: 0 }],
    ['true', { a: true }],
    ['"true"', { a: 'true' }],
    ['array', { a: [1] }],
    ['Set', { a: new Set([1]) }],
    ['Map', { a: new Map([['1', 1]]) }],
    ['object', { a: { 1: 1 } }],
    ['array with a hole', { a: [undefined] }],
    ['empty array', { a: [] }],
    ['keys in another order', { b: 1, a: 1 }],
    ['same keys', { a: 1, b: 1 }],
    ['a string with a separator', { a: 'x",b:"y' }],
    ['__proto__ as an own key', JSON.parse('{"__proto__": 1}')],
    ['a key named proto', { proto: 1 }],
  ];
  const seen = new Map<string, string>();
  for (const [what, value] of distinct) {
    const hash = dataHash(value);
    assert.equal(seen.get(hash), undefined, `${what} hashes as ${seen.get(hash)}`);
    seen.set(hash, what);
  }
});

test('functions, symbols and bigints are refused, not skipped', () => {
  assert.throws(() => dataHash({ f: () => 1 }), /cannot be hashed/);
  assert.throws(() => dataHash([Symbol('s')]), /cannot be hashed/);
  assert.throws(() => dataHash({ n: 1n }), /BigInt/);
  assert.throws(() => dataHash(new Map([['k', () => 1]])), /cannot be hashed/);
});
