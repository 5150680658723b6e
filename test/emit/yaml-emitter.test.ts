import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { toYaml, toYamlWithYamlPackage, YAML_OPTIONS } from '../../generator/emit/serialize.ts';
import { emitYaml } from '../../generator/emit/yaml-emitter.ts';
import { HEADER_MARK } from '../../generator/model/names.ts';
import { type BuiltFleet, buildFleet } from '../../generator/pipeline.ts';
import { fleetView } from '../../generator/plan/fleet-view.ts';
import { renderApp } from '../../generator/render/render-app.ts';
import { SIZES, writeFleet } from '../../scripts/synthetic-fleet.ts';

const REPO = path.resolve(import.meta.dirname, '../..');

/** The fast emitter either declines (undefined) or writes exactly what `yaml` writes. */
function assertSameAsYaml(value: unknown, label = ''): void {
  const fast = emitYaml(value);
  if (fast !== undefined) assert.equal(fast, toYamlWithYamlPackage(value), `${label}\n${JSON.stringify(value)?.slice(0, 400)}`);
}

describe('fast YAML emitter', () => {
  it('writes what yaml writes for scalars of every style', () => {
    const strings = [
      'plain',
      'on',
      'Off',
      'YES',
      'y',
      'n',
      '~',
      'null',
      'NULL',
      '',
      ' lead',
      'trail ',
      'a: b',
      'a:b',
      'a #b',
      'a#b',
      '#x',
      '- x',
      '-',
      '-x',
      '?',
      '? x',
      ':x',
      'x:',
      '0755',
      '0o17',
      '0x1F',
      '0b101',
      '1_000',
      '12:30',
      '190:20:30',
      '1.10',
      '.5',
      '1e3',
      '1E+3',
      '.inf',
      '-.Inf',
      '.NaN',
      '2001-12-14',
      '2001-12-14t21:59:43.10-05:00',
      '<<',
      '=',
      'say "hi"',
      "it's",
      `both ' and "`,
      '*alias',
      '&anchor',
      '!tag',
      '%x',
      '@x',
      '`x',
      '|x',
      '>x',
      '[x',
      ']x',
      '{x',
      '}x',
      ',x',
      'x,y',
      'a\tb',
      '\tx',
      'x\t',
      'üñï',
      '😀',
      'a\\b',
      '{{ dig "clusterPaths" .cluster.name .app.path .app }}',
      '$values/{{ .chart.valuesFile }}',
      'Host(`x.example.com`) && PathPrefix(`/api`)',
      '---',
      '--- x',
      '...',
      'x---',
    ];
    for (const s of strings) {
      assertSameAsYaml({ value: s }, `value ${JSON.stringify(s)}`);
      assertSameAsYaml({ [s]: 1 }, `key ${JSON.stringify(s)}`);
      assertSameAsYaml([s], `item ${JSON.stringify(s)}`);
    }
    for (const n of [0, -0, 1, -1, 8080, 1.5, -2.25, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity])
      assertSameAsYaml({ n, list: [n] }, String(n));
    assertSameAsYaml({ t: true, f: false, z: null, list: [true, null] });
  });

  it('writes what yaml writes for multi-line strings (ConfigMap files)', () => {
    const texts = [
      'a\nb',
      'a\nb\n',
      'a\nb\n\n',
      'a\n\nb\n',
      '\na\n',
      '\n\na',
      '  indented\nx\n',
      'x\n  indented\n',
      'a\nb  ',
      'a  \nb\n',
      'a\n ',
      '\n',
      '\n\n',
      'server {\n    listen 8080;\n    # comment\n}\n',
      'key: value\n- item\n',
      '---\ndoc\n',
      '...\n',
      'tab\tinside\nx',
    ];
    for (const t of texts) {
      assertSameAsYaml({ data: { 'file.conf': t } }, JSON.stringify(t));
      assertSameAsYaml({ list: [t, { nested: [t] }] }, JSON.stringify(t));
    }
  });

  it('writes what yaml writes for nesting, empty collections and key order', () => {
    assertSameAsYaml({ spec: { b: [], a: {}, c: [[1, [2, {}]], [], [{ x: [] }]], name: 'n', kind: 'K' }, metadata: { labels: {} }, apiVersion: 'v1' });
    assertSameAsYaml([
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'remove', path: '/a~1b' },
    ]);
    assertSameAsYaml({ a: undefined, b: { c: undefined } });
    assertSameAsYaml({});
    assertSameAsYaml([]);
  });

  it('declines what it does not cover, and toYaml still writes it', () => {
    for (const value of [
      { bell: 'a\u0007b' },
      { keep: 'a\n\n\n' },
      { lone: '\ud800' },
      { ws: 'a\n  ' },
      { list: [undefined] },
      'top-level scalar',
      { cr: 'a\r\nb' },
    ]) {
      assert.equal(emitYaml(value), undefined, JSON.stringify(value));
      assert.equal(toYaml(value), toYamlWithYamlPackage(value));
    }
  });

  it('matches yaml on random documents', () => {
    const tricky = fc.constantFrom(
      ...' \t\n:#-?,[]{}&*!|>\'"%@`~.0123456789eExXoObB+_yYnNtTfF<=/\\é😀'.split(''),
      'on',
      'null',
      '---',
      '...',
      '0x',
      '1.',
      ': ',
      ' #',
    );
    const text = fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 6 }).map((parts) => parts.join(''));
    const leaf = fc.oneof(text, fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(text, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.oneof(fc.array(tree, { maxLength: 4 }), fc.dictionary(text, tree, { maxKeys: 5 })), (value) => assertSameAsYaml(value)),
      { numRuns: 2000 },
    );
  });
});

describe('fast YAML emitter on every object of generated fleets', () => {
  const fleets: { label: string; root: string; built?: BuiltFleet }[] = [];
  before(async () => {
    const example = await mkdtemp(path.join(os.tmpdir(), 'flotilla-emitter-example-'));
    for (const entry of ['fleet.yaml', 'apps', 'clusters']) await cp(path.join(REPO, entry), path.join(example, entry), { recursive: true });
    const synthetic = await mkdtemp(path.join(os.tmpdir(), 'flotilla-emitter-synthetic-'));
    await writeFleet(synthetic, SIZES.S, 7);
    fleets.push({ label: 'example fleet', root: example }, { label: 'synthetic S fleet', root: synthetic });
    for (const f of fleets) f.built = await buildFleet(f.root);
  });
  after(async () => {
    for (const f of fleets) await rm(f.root, { recursive: true, force: true });
  });

  it('writes every rendered object (base, overlays, Argo CD) exactly as yaml does', () => {
    for (const { label, built } of fleets) {
      const { plan, output } = built!;
      const objects = [...output.argocdObjects, ...[...output.rendered.values()].flat(), ...plan.apps.flatMap((a) => renderApp(fleetView(plan), a, a.base))];
      assert.ok(objects.length > 100, `${label}: ${objects.length} objects`);
      let declined = 0;
      for (const o of objects) {
        assertSameAsYaml(o, `${label}: ${o.kind} ${o.metadata.name}`);
        if (emitYaml(o) === undefined) declined++;
      }
      assert.ok(declined < objects.length / 100, `${label}: the fast path should cover nearly every object, declined ${declined}`);
    }
  });

  it('writes every generated file (patches, kustomizations, chart values) as yaml would from the same data', () => {
    for (const { label, built } of fleets) {
      for (const file of built!.output.files) {
        assert.ok(file.content.startsWith(HEADER_MARK), file.path);
        const body = file.content.slice(file.content.indexOf('\n') + 1);
        const docs = parseAllDocuments(body, { schema: YAML_OPTIONS.schema }) as unknown as { toJS(): unknown }[];
        const values = docs.map((d) => d.toJS());
        const reference = values.map((v) => toYamlWithYamlPackage(v)).join('---\n');
        assert.equal(body, reference, `${label}: ${file.path} is not what yaml writes for its own content`);
        for (const v of values) assertSameAsYaml(v, `${label}: ${file.path}`);
      }
    }
  });
});
