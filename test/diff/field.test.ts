/** Per-field rendering: images by tag, quantities as quantities, text as a unified diff of its lines, secrets never. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPACT, renderField, splitImage } from '../../generator/diff/field.ts';
import { quantityRatio } from '../../generator/diff/quantity.ts';
import { parseQuantity } from '../../generator/model/quantity.ts';

describe('renderField', () => {
  it('shows an image change as repository: tag → tag', () => {
    const f = {
      path: 'spec.template.spec.containers[api].image',
      change: 'changed' as const,
      before: 'ghcr.io/wander/api:1.4.2',
      after: 'ghcr.io/wander/api:1.5.0',
    };
    assert.equal(renderField(f).text, 'spec.template.spec.containers[api].image: ghcr.io/wander/api: 1.4.2 → 1.5.0');
    const moved = { ...f, after: 'registry.example.com/wander/api:1.5.0' };
    assert.equal(renderField(moved).text, 'spec.template.spec.containers[api].image: ghcr.io/wander/api:1.4.2 → registry.example.com/wander/api:1.5.0');
  });

  it('splits registries with ports, digests and untagged images correctly', () => {
    assert.deepEqual(splitImage('localhost:5000/team/app:2.0'), { repository: 'localhost:5000/team/app', version: '2.0' });
    assert.deepEqual(splitImage('localhost:5000/team/app'), { repository: 'localhost:5000/team/app', version: '(no tag)' });
    assert.deepEqual(splitImage(`redis:7.2@sha256:${'ab'.repeat(32)}`), { repository: 'redis', version: '7.2@sha256:abababababab…' });
  });

  it('shows resource quantities with the factor they change by, and maps of them as quantities', () => {
    const path = 'spec.template.spec.containers[api].resources.limits.memory';
    assert.equal(renderField({ path, change: 'changed', before: '512Mi', after: '1Gi' }).text, `${path}: 512Mi → 1Gi (×2)`);
    assert.equal(
      renderField({ path: 'x.resources.requests.cpu', change: 'changed', before: '2', after: '500m' }).text,
      'x.resources.requests.cpu: 2 → 500m (×0.25)',
    );
    assert.equal(
      renderField({ path: 'x.resources.requests.cpu', change: 'changed', before: 1, after: '1000m' }).text,
      'x.resources.requests.cpu: 1 → 1000m (same quantity)',
    );
    assert.equal(
      renderField({ path: 'x.resources', change: 'added', after: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m', memory: '256Mi' } } }).text,
      'x.resources: added limits cpu 1, memory 1Gi; requests cpu 250m, memory 256Mi',
    );
    assert.equal(
      renderField({ path: 'spec.resources.requests', change: 'changed', before: { storage: '20Gi' }, after: { storage: '100Gi' } }).text,
      'spec.resources.requests: storage 20Gi → storage 100Gi',
    );
    assert.equal(
      renderField({ path: 'spec.resources.requests.storage', change: 'changed', before: '20Gi', after: '100Gi' }).text,
      'spec.resources.requests.storage: 20Gi → 100Gi (×5)',
    );
  });

  it('shows a config file as a unified diff of its lines, with context', () => {
    const before = 'a=1\nb=2\nc=3\nd=4\ne=5\nf=6\n';
    const after = 'a=1\nb=2\nc=30\nd=4\ne=5\nf=6\ng=7\n';
    const r = renderField({ path: 'data["app.properties"]', change: 'changed', before, after });
    assert.equal(r.text, 'data["app.properties"]: 6 lines → 7 lines');
    assert.deepEqual(r.lines, ['@@ -1,6 +1,7 @@', ' a=1', ' b=2', '-c=3', '+c=30', ' d=4', ' e=5', ' f=6', '+g=7']);
    const added = renderField({ path: 'data["x.conf"]', change: 'added', after: 'one\ntwo\n' });
    assert.deepEqual([added.text, added.lines], ['data["x.conf"]: added (2 lines)', ['+one', '+two']]);
  });

  it('compares a long single-line string as lines too, and caps long diffs', () => {
    const long = (c: string) => `${c.repeat(150)}`;
    const r = renderField({ path: 'metadata.annotations.x', change: 'changed', before: long('a'), after: long('b') });
    assert.deepEqual(r.lines, ['@@ -1,1 +1,1 @@', `-${long('a')}`, `+${long('b')}`]);
    const many = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const capped = renderField({ path: 'data.x', change: 'added', after: many }, COMPACT);
    assert.equal(capped.lines.length, COMPACT.maxDiffLines + 1);
    assert.equal(capped.lines.at(-1), `… ${40 - COMPACT.maxDiffLines} more lines`);
  });

  it('never renders a hidden value', () => {
    assert.deepEqual(renderField({ path: 'data.password', change: 'changed', hidden: true }), { text: 'data.password (changed, value hidden)', lines: [] });
  });

  it('keeps other values compact, truncated to the style', () => {
    assert.equal(renderField({ path: 'spec.replicas', change: 'changed', before: 2, after: 3 }).text, 'spec.replicas: 2 → 3');
    assert.equal(renderField({ path: 'metadata.labels.tier', change: 'removed', before: 'gold' }).text, 'metadata.labels.tier: removed (was gold)');
    const big = { a: 'x'.repeat(100) };
    assert.equal(renderField({ path: 'spec.x', change: 'added', after: big }, COMPACT).text.length, 'spec.x: added '.length + COMPACT.maxValue);
  });
});

describe('quantities', () => {
  it('parses decimal and binary suffixes and exponents', () => {
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('1Gi'), 2 ** 30);
    assert.equal(parseQuantity('1.5k'), 1500);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity(2), 2);
    assert.equal(parseQuantity('1Gb'), undefined);
    assert.equal(parseQuantity('fast'), undefined);
    assert.equal(quantityRatio('0', '1'), undefined);
  });
});
