import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { toYaml } from '../../generator/emit/serialize.ts';

describe('deterministic YAML', () => {
  it('puts apiVersion, kind, metadata first and sorts the rest by code point', () => {
    const text = toYaml({ spec: { b: 1, a: 2, B: 3 }, metadata: { name: 'x' }, kind: 'K', apiVersion: 'v1' });
    assert.equal(text, 'apiVersion: v1\nkind: K\nmetadata:\n  name: x\nspec:\n  B: 3\n  a: 2\n  b: 1\n');
  });

  it('quotes strings that YAML 1.1 tools would read as booleans, octals or base-60 numbers', () => {
    const values = ['on', 'off', 'yes', 'no', 'y', 'N', 'true', '0755', '1.10', '12:30', '~', ''];
    const text = toYaml({ values });
    for (const v of values) assert.ok(text.includes(`"${v}"`), `${v} must be quoted:\n${text}`);
    assert.deepEqual(parse(text, { version: '1.1' }).values, values, 'a YAML 1.1 reader gets the same strings back');
  });

  it('never folds long lines', () => {
    const long = 'x '.repeat(200).trim();
    assert.equal(toYaml({ long }).split('\n').length, 2);
  });

  it('is independent of key insertion order', () => {
    assert.equal(toYaml({ a: 1, b: { c: 1, d: 2 } }), toYaml({ b: { d: 2, c: 1 }, a: 1 }));
  });
});
