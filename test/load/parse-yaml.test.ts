/**
 * parseConfigYaml: YAML hazards are refused with a position and field path;
 * the look-alikes that are fine (quoted strings, explicit core tags, brackets in
 * strings) are accepted, so the checks cannot turn into noise.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import { MAX_CONFIG_BYTES, parseConfigYaml } from '../../generator/load/parse-yaml.ts';
import { countYamlWork } from '../support/yaml-work.ts';

function errors(text: string): string[] {
  const result = parseConfigYaml('apps/x.yaml', text);
  return result.ok ? [] : result.diagnostics.map(formatDiagnostic);
}

describe('accepted', () => {
  const fine: Record<string, string> = {
    'quoted YAML 1.1 booleans and octal-looking strings': 'a: "on"\nb: \'no\'\nc: "0755"\nd: "1:30"\n',
    'real booleans, numbers and a zero': 'a: true\nb: false\nc: 0\nd: 10\ne: 0.5\nf: -1\n',
    'explicit core tags': 'a: !!str on\nb: !!int "3"\n',
    'brackets inside quoted strings and comments': `a: "${'['.repeat(200)}"\nb: '${'{'.repeat(200)}'\n# ${'['.repeat(200)}\nc: [x, "]"]\n`,
    'a document start marker': '---\na: 1\n',
    'an anchor without an alias': 'a: &x 1\n',
  };
  for (const [name, text] of Object.entries(fine)) {
    test(name, () => assert.deepEqual(errors(text), []));
  }

  test('keeps positions for the later stages', () => {
    const result = parseConfigYaml('apps/x.yaml', 'a:\n  b: 1\n');
    assert.ok(result.ok);
    assert.equal(result.parsed.lines.linePos(result.parsed.text.indexOf('b')).line, 2);
  });
});

describe('refused, with position and field path', () => {
  test('a duplicate key, at the second key', () => {
    assert.deepEqual(errors('a:\n  b: 1\n  c: 2\n  b: 3\n'), [
      'apps/x.yaml:4:3 a.b: duplicate key "b"; every key may appear only once in a mapping Remove one of the two entries (other tools would silently keep the second).',
    ]);
  });

  test('YAML 1.1 look-alikes in a list', () => {
    assert.deepEqual(errors('a: [yes, "no", 010]\n'), [
      'apps/x.yaml:1:5 a[0]: `yes` is ambiguous: YAML 1.1 tools read it as a boolean, YAML 1.2 as a string Write true/false for a boolean, or quote it ("yes") for a string.',
      'apps/x.yaml:1:16 a[2]: `010` is ambiguous: YAML 1.1 reads a leading zero as octal, YAML 1.2 as decimal Quote it ("010") for a string, write 0o10 for octal, or drop the leading zero.',
    ]);
  });

  test('a sexagesimal number', () => {
    assert.match(errors('t: 1:30\n')[0], /^apps\/x\.yaml:1:4 t: `1:30` is ambiguous: YAML 1\.1 reads it as a base-60 number/);
  });

  test('custom tags, at the tag', () => {
    assert.deepEqual(errors('a:\n  b: !Ref other\n  c: !!binary aGk=\n'), [
      'apps/x.yaml:2:6 a.b: custom tag !Ref is not accepted Remove the tag: config files hold plain YAML values only.',
      'apps/x.yaml:3:6 a.c: custom tag !!binary is not accepted Remove the tag: config files hold plain YAML values only.',
    ]);
  });

  test('a NUL byte, where it is', () => {
    assert.deepEqual(errors('a: 1\nb: x\u0000y\n'), ['apps/x.yaml:2:5 file contains a NUL byte; expected UTF-8 YAML text Save the file as plain UTF-8 text.']);
  });

  test('a scalar or a list at the top', () => {
    assert.deepEqual(errors('just text\n'), ['apps/x.yaml:1:1 expected a mapping of keys to values at the top of the file, found a single value']);
  });

  test('a file over the size limit, before parsing it', () => {
    assert.match(errors(`a: "${'x'.repeat(MAX_CONFIG_BYTES)}"\n`)[0], /^apps\/x\.yaml:1:1 file is \d+ bytes; config files are limited to 1048576 bytes/);
  });
});

describe('inputs built to exhaust the parser', () => {
  test('an alias bomb is refused in one line, without expanding a single alias', () => {
    // 10 levels of 10 aliases: 10^10 nodes if expanded.
    const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const { result, work } = countYamlWork(() => errors(`${levels.join('\n')}\n`));
    assert.deepEqual(result, [
      'apps/x.yaml:2:10 l1[0]: YAML aliases (*name) are not accepted (90 in this file) Write the value out: aliases hide what a reviewer sees and allow alias bombs.',
    ]);
    assert.equal(work.aliasesResolved, 0);
  });

  test('10k documents: only the first two are composed', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `a: ${i}\n`).join('---\n');
    const { result, work } = countYamlWork(() => errors(text));
    assert.deepEqual(result, [
      'apps/x.yaml:2:1 found a second YAML document; expected exactly one Put each app or cluster in its own file and remove the `---` separator.',
    ]);
    // The composer hands a document over when the next one starts: the third is begun, the other 9,997 never read.
    assert.ok(work.documents <= 3, `${work.documents} documents composed`);
  });

  test('deeply nested flow collections are refused before the parser recurses', () => {
    assert.deepEqual(errors(`a: ${'['.repeat(65)}${']'.repeat(65)}\n`), [
      'apps/x.yaml:1:68 collections are nested more than 64 levels deep Flatten the structure; no Flotilla config needs this depth.',
    ]);
    assert.deepEqual(errors(`a: ${'['.repeat(64)}${']'.repeat(64)}\n`), []);
  });

  test('nesting 100k flow levels, or 3,000 block levels in a second document, is refused before any parser runs', () => {
    const refused = 'collections are nested more than 64 levels deep Flatten the structure; no Flotilla config needs this depth.';
    for (const [text, at] of [
      [`a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, '1:68'],
      [`a: 1\n---\n${'- '.repeat(3000)}x\n`, '3:131'],
    ]) {
      const { result, work } = countYamlWork(() => errors(text!));
      assert.deepEqual(result, [`apps/x.yaml:${at} ${refused}`]);
      assert.equal(work.parses, 0);
    }
  });

  test('deeply nested block collections are refused too: compact sequences, complex keys, indentation', () => {
    const refused = 'collections are nested more than 64 levels deep Flatten the structure; no Flotilla config needs this depth.';
    assert.deepEqual(errors(`a:\n${'- '.repeat(65)}x\n`), [`apps/x.yaml:2:131 ${refused}`]);
    assert.deepEqual(errors(`a:\n${'- '.repeat(64)}x\n`), []);
    assert.deepEqual(errors(`${'? '.repeat(3000)}x\n`), [`apps/x.yaml:1:131 ${refused}`]);
    const indented = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    assert.deepEqual(errors(`${indented} 1\n`), [`apps/x.yaml:66:66 ${refused}`]);
    // Block and flow nesting add up.
    assert.deepEqual(errors(`a:\n${'- '.repeat(40)}${'['.repeat(30)}${']'.repeat(30)}\n`), [`apps/x.yaml:2:105 ${refused}`]);
  });

  test('nesting is measured in every document of a stream, before any parser runs', () => {
    const refused = 'collections are nested more than 64 levels deep Flatten the structure; no Flotilla config needs this depth.';
    assert.deepEqual(errors(`a: 1\n---\n${'- '.repeat(3000)}x\n`), [`apps/x.yaml:3:131 ${refused}`]);
    assert.deepEqual(errors(`a: 1\n---\n${'['.repeat(3000)}${']'.repeat(3000)}\n`), [`apps/x.yaml:3:65 ${refused}`]);
  });

  test('block scalars, quoted strings and comments do not count as nesting', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i + 2)}- [{ "x": '[' }] # [[[`).join('\n');
    assert.deepEqual(errors(`a: |\n${lines}\nb: "${'['.repeat(100)}"\nc: '${'{'.repeat(100)}' # ${'['.repeat(100)}\n`), []);
  });
});
