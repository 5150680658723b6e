/**
 * The config editor changes exactly the values it is asked to, byte for byte:
 * comments, key order, block scalars, flow maps, quoting styles and CRLF line
 * breaks everywhere else stay as they were.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { YamlFileEditor } from '../../generator/promote/yaml-edit.ts';
import { REPO_ROOT } from '../support/temp-fleet.ts';

const APP = [
  '# yaml-language-server: $schema=../generator/schemas/app.schema.json',
  'team: web   # the owners',
  'namespace: shop',
  'description: >-',
  '  A folded block scalar',
  '  that must stay folded.',
  '',
  'release:',
  '  dev:',
  '    images:',
  '      ghcr.io/acme/web: 2.0.0   # tried in dev first',
  "      busybox: '1.36'",
  '    charts: { cache: "17.17.1", queue: 3.1.0 }',
  '  prod:',
  '    # prod moves last',
  '    images: { ghcr.io/acme/web: 1.9.0, busybox: "1.36" }',
  '    charts:',
  '      cache: 17.16.0',
  '      queue: 3.0.0',
  '    clusters:',
  '      prod-us:',
  '        images:',
  '          ghcr.io/acme/web: 1.9.1-hotfix',
  'components:',
  '  web:',
  '    containers:',
  '      web:',
  '        image: ghcr.io/acme/web',
  '        command: [sh, -c, "echo \'hi\'"]',
  '        env:',
  '          SCRIPT: |',
  '            set -e',
  '              indented: kept',
  '          EMPTY: ""',
  '',
];

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Lines that differ between a and b, by index (both must have the same number of lines). */
function changedLines(a: string, b: string): number[] {
  const [x, y] = [lines(a), lines(b)];
  assert.equal(x.length, y.length, 'same number of lines');
  return x.flatMap((l, i) => (l === y[i] ? [] : [i + 1]));
}

describe('YamlFileEditor', () => {
  for (const eol of ['\n', '\r\n']) {
    test(`changes only the edited values (${eol === '\n' ? 'LF' : 'CRLF'}), in the quoting style they had`, () => {
      const text = APP.join(eol);
      const edit = new YamlFileEditor('apps/shop.yaml', text);
      edit.set(['release', 'prod', 'images', 'ghcr.io/acme/web'], '2.0.0');
      edit.set(['release', 'prod', 'images', 'busybox'], '1.37');
      edit.set(['release', 'prod', 'charts', 'cache'], '17.17.1');
      edit.set(['release', 'prod', 'charts', 'queue'], '3.10');
      edit.set(['release', 'dev', 'images', 'busybox'], '1.37');
      const out = edit.toString();
      assert.deepEqual(changedLines(text, out), [12, 16, 18, 19]);
      const after = lines(out);
      assert.equal(after[11], "      busybox: '1.37'", 'single quotes stay');
      assert.equal(after[15], '    images: { ghcr.io/acme/web: 2.0.0, busybox: "1.37" }', 'flow map, double quotes stay');
      assert.equal(after[17], '      cache: 17.17.1', 'plain stays plain where it reads back as the same string');
      assert.equal(after[18], '      queue: "3.10"', 'plain 3.10 would be the number 3.1: quoted');
      if (eol === '\r\n') assert.equal(out.split('\r\n').length, text.split('\r\n').length, 'every line break is still CRLF');
      assert.equal(parse(out).release.prod.charts.queue, '3.10');
    });
  }

  test('adds keys in the style of their mapping and removes them, keeping the comments above', () => {
    const text = APP.join('\r\n');
    const edit = new YamlFileEditor('apps/shop.yaml', text);
    edit.set(['release', 'prod', 'pinned'], 'held at 1.9.0: checkout bug #231', { first: true });
    edit.set(['release', 'prod', 'images', 'ghcr.io/acme/worker'], '1.0.0');
    edit.set(['release', 'dev', 'charts', 'search'], '8.0.0');
    edit.delete(['release', 'prod', 'clusters', 'prod-us', 'images', 'ghcr.io/acme/web'], 2);
    const out = edit.toString();
    assert.equal(
      out,
      APP.join('\r\n')
        .replace('    charts: { cache: "17.17.1", queue: 3.1.0 }', '    charts: { cache: "17.17.1", queue: 3.1.0, search: 8.0.0 }')
        .replace('    # prod moves last\r\n', '    # prod moves last\r\n    pinned: "held at 1.9.0: checkout bug #231"\r\n')
        .replace('busybox: "1.36" }', 'busybox: "1.36", ghcr.io/acme/worker: 1.0.0 }')
        .replace('    clusters:\r\n      prod-us:\r\n        images:\r\n          ghcr.io/acme/web: 1.9.1-hotfix\r\n', ''),
    );
  });

  test('a file without a final line break gets a new last key on its own line', () => {
    const edit = new YamlFileEditor('apps/x.yaml', 'release:\n  dev:\n    images:\n      a: "1"');
    edit.set(['release', 'dev', 'images', 'b'], '2');
    assert.equal(edit.toString(), 'release:\n  dev:\n    images:\n      a: "1"\n      b: "2"');
  });

  test('an anchor on an edited value stays', () => {
    const edit = new YamlFileEditor('apps/x.yaml', 'release:\n  dev:\n    images: { a: &v 1.0.0 }\n');
    edit.set(['release', 'dev', 'images', 'a'], '1.1.0');
    assert.equal(edit.toString(), 'release:\n  dev:\n    images: { a: &v 1.1.0 }\n');
  });

  test('every release value of the example fleet, set to any version, changes that one line and nothing else', () => {
    const files = ['apps/wander.yaml', 'apps/matomo.yaml', 'apps/kairoflow.yaml'].map((f) => [f, readFileSync(path.join(REPO_ROOT, f), 'utf8')] as const);
    const targets = files.flatMap(([file, text]) => {
      const release = parse(text).release as Record<string, { images?: Record<string, string>; charts?: Record<string, string> }>;
      return Object.entries(release).flatMap(([env, r]) =>
        (['images', 'charts'] as const).flatMap((kind) => Object.keys(r[kind] ?? {}).map((name) => ({ file, text, path: ['release', env, kind, name] }))),
      );
    });
    const version = fc.oneof(
      fc.constantFrom('1.10', '2.0', 'on', '0755', '1e3', 'latest', `1.0.0@sha256:${'c'.repeat(64)}`, `sha256:${'d'.repeat(64)}`),
      fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}(-[a-z0-9]{1,5})?$/),
    );
    fc.assert(
      fc.property(fc.constantFrom(...targets), version, ({ file, text, path: at }, v) => {
        const edit = new YamlFileEditor(file, text);
        edit.set(at, v);
        const out = edit.toString();
        const changed = changedLines(text, out);
        assert.ok(changed.length <= 1, `${file}: ${changed.length} lines changed`);
        let value: any = parse(out);
        for (const key of at) value = value[key];
        assert.equal(value, v);
      }),
      { numRuns: 60, seed: 13 },
    );
  });
});
