/**
 * The fast path may only ever say "same as `yaml`" or "don't know": on every
 * config file we have (the example fleet, every bad-input fixture, a synthetic
 * fleet) and on hand-picked YAML corners, it either declines or returns exactly
 * what the precise path returns, and it never accepts a file the precise path refuses.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fg from 'fast-glob';
import { parseDocument } from 'yaml';
import { fastParse } from '../../generator/load/fast-parse.ts';
import { parseConfigYaml } from '../../generator/load/parse-yaml.ts';
import { planFleet, SIZES } from '../../scripts/synthetic-fleet.ts';
import { plain } from '../support/plain.ts';

const REPO = new URL('../..', import.meta.url).pathname;

/** Reading with and without the fast path gives the same values, or the same diagnostics. */
function assertAgrees(label: string, text: string): 'fast' | 'declined' {
  const precise = parseConfigYaml(label, text, { fastPath: false });
  const both = parseConfigYaml(label, text);
  assert.deepEqual(both.diagnostics, precise.diagnostics, `${label}: diagnostics differ`);
  assert.equal(both.ok, precise.ok, `${label}: one path accepts what the other refuses`);
  if (both.ok && precise.ok) assert.deepEqual(both.parsed.value, precise.parsed.value, `${label}: values differ`);
  const fast = fastParse(text);
  if (fast !== undefined && precise.ok) assert.deepEqual(fast, toPlain(text), `${label}: fast path differs from yaml`);
  return fast === undefined ? 'declined' : 'fast';
}

function toPlain(text: string): unknown {
  return parseDocument(text, { uniqueKeys: true, strict: true }).toJS({ maxAliasCount: 0 });
}

describe('fast config parsing', () => {
  it('reads every example fleet file on the fast path, with the same values as yaml', () => {
    const files = fg.sync(['fleet.yaml', 'apps/*.yaml', 'clusters/*.yaml'], { cwd: REPO });
    assert.ok(files.length >= 8);
    for (const f of files) assert.equal(assertAgrees(f, readFileSync(REPO + f, 'utf8')), 'fast', f);
  });

  it('reads a synthetic fleet on the fast path, with the same values as yaml', () => {
    const { files } = planFleet(SIZES.S, 7);
    for (const [name, text] of files) assert.equal(assertAgrees(name, text), 'fast', name);
  });

  it('never accepts a bad-input fixture file that yaml reads differently or refuses', () => {
    const files = fg.sync(['test/fixtures/**/*.yaml'], { cwd: REPO, followSymbolicLinks: false });
    assert.ok(files.length > 50);
    let declined = 0;
    for (const f of files) if (assertAgrees(f, readFileSync(REPO + f, 'utf8')) === 'declined') declined++;
    assert.ok(declined > 10, 'the hazard fixtures must be declined');
  });

  const corners: Record<string, string> = {
    'anchor and alias': 'a: &x 1\nb: *x\n',
    'explicit tag': 'a: !!str 1\n',
    'custom tag': 'a: !Ref x\n',
    'duplicate key': 'a: 1\na: 2\n',
    'two documents': 'a: 1\n---\nb: 2\n',
    'yaml 1.1 boolean': 'a: yes\n',
    'yaml 1.1 octal': 'mode: 0644\n',
    sexagesimal: 'a: 1:30\n',
    'octal 1.2': 'a: 0o17\n',
    hex: 'a: 0x1F\n',
    infinity: 'a: .inf\n',
    underscore: 'a: 1_000\n',
    'binary prefix': 'a: 0b101\n',
    'null key': 'null: 1\n',
    'tilde key': '~: 1\n',
    'proto key': '__proto__: {a: 1}\n',
    'merge key': 'a: {x: 1}\nb:\n  <<: {y: 2}\n',
    'multi-line plain': 'a: one\n  two\n',
    'quoted yes': 'a: "yes"\n',
    'plain exp float': 'a: 1e3\nb: -1.5\nc: .5\nd: 1.\n',
    'booleans and nulls': 'a: true\nb: False\nc: ~\nd:\ne: NULL\n',
    'flow collections': 'a: [1, "two", {b: c}]\n',
    'block scalars': 'a: |\n  x\n  y\nb: >-\n  folded\n  text\n',
    'comments everywhere': '# head\na: # after key\n  # before value\n  b: 1 # trailing\n',
    'cron schedule': 'schedule: "0 3 * * *"\nother: 0 3 * * *\n',
    'timestamp-like': 'a: 2001-12-14\n',
    'top-level list': '- a\n- b\n',
    'scalar only': 'just text\n',
    empty: '',
    tabs: 'a:\n\tb: 1\n',
    'compact nested': 'a: b: c\n',
    'windows newlines': 'a: 1\r\nb: two\r\n',
    bom: '\ufeffa: 1\n',
    'long int': 'a: 123456789012345678901234567890\n',
    'signed ints': 'a: +1\nb: -0\nc: 007\n',
  };
  for (const [label, text] of Object.entries(corners)) {
    it(`agrees with yaml on ${label}`, () => {
      assertAgrees(label, text);
    });
  }

  it('declines what needs the precise path', () => {
    for (const label of [
      'anchor and alias',
      'explicit tag',
      'custom tag',
      'duplicate key',
      'two documents',
      'yaml 1.1 boolean',
      'yaml 1.1 octal',
      'null key',
      'proto key',
      'top-level list',
    ]) {
      assert.equal(fastParse(corners[label]), undefined, label);
    }
  });

  it('the document with positions is still there on demand', () => {
    const result = parseConfigYaml('apps/x.yaml', 'a:\n  b: 1\n');
    assert.ok(result.ok);
    assert.deepEqual(plain(result.parsed.value), { a: { b: 1 } });
    assert.equal(result.parsed.lines.linePos(result.parsed.doc.getIn(['a', 'b'], true) ? 7 : 0).line, 2);
  });
});
