/** The three renderings of a FleetDiff (terminal text, Markdown, JSON) on a small hand-made change. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffFleets } from '../../generator/diff/fleet-diff.ts';
import { renderDiffJson } from '../../generator/diff/format-json.ts';
import { byteLength, code, fence, renderDiffMarkdown } from '../../generator/diff/format-markdown.ts';
import { renderDiffText, wantsColor } from '../../generator/diff/format-text.ts';
import type { K8sObject } from '../../generator/model/object.ts';
import { ALL, appOn, configMap, deployment, side } from './sides.ts';

const secret = (value: string): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'shop' }, data: { password: value } });
const beforeObjects = [configMap('shop', { 'app.properties': 'a=1\nb=2\n' }), deployment('shop'), secret('b2xk')];
const afterObjects = [
  configMap('shop', { 'app.properties': 'a=1\nb=3\n' }),
  deployment('shop', { image: 'registry.example.com/shop/web:1.1.0' }),
  secret('bmV3'),
];
const prod1 = [
  configMap('shop', { 'app.properties': 'a=1\nb=3\n' }),
  deployment('shop', { image: 'registry.example.com/shop/web:1.1.0', replicas: 5 }),
  secret('bmV3'),
];
const DIFF = diffFleets(
  side(
    appOn('shop', ALL, () => beforeObjects),
    appOn('gone', ['dev-1', 'dev-2'], () => [deployment('gone')]),
  ),
  side(
    appOn('shop', ALL, (c) => (c === 'prod-1' ? prod1 : afterObjects)),
    appOn('new', ['prod-1', 'prod-2', 'prod-3', 'prod-4'], () => [deployment('new')]),
  ),
);

describe('text', () => {
  const text = renderDiffText(DIFF);
  it('starts with the counts and objects by kind, then what to review first', () => {
    assert.match(
      text,
      /^Apps: 1 changed, 1 added, 1 removed, 0 unchanged; Applications: 7 changed, 4 added, 2 removed, 0 unchanged; objects: 4 added, 21 changed, 2 removed\.\n/,
    );
    assert.match(text, /^ {2}Deployment: \+4 ~7 -2$/m);
    assert.match(
      text,
      /^Review first:\n {2}! Applications deleted: gone: Application no longer generated: what it deployed stays until it is deleted — dev: all but dev-3$/m,
    );
  });

  it('shows each change once with where it applies, and what one cluster does differently on its own', () => {
    assert.match(
      text,
      /^~ shop \(team-shop\): Applications changed everywhere \(7 clusters\)\n {2}everywhere \(7 clusters\):\n {4}~ ConfigMap shop\/shop-settings\n {8}data\["app\.properties"\]: 2 lines → 2 lines\n {10}@@ -1,2 \+1,2 @@\n {10} a=1\n {10}-b=2\n {10}\+b=3\n {4}~ Deployment shop\/shop-web\n {8}spec\.template\.spec\.containers\[web\]\.image: registry\.example\.com\/shop\/web: 1\.0\.0 → 1\.1\.0\n {4}~ Secret shop\/creds\n {8}data\.password \(changed, value hidden\)\n {2}prod: prod-1:\n {4}~ Deployment shop\/shop-web\n {8}spec\.replicas: 2 → 5$/m,
    );
    assert.match(text, /^\+ new \(team-new\): Applications new on prod: all 4 clusters with 4 objects \(4 Deployment\)$/m);
    assert.match(text, /^- gone \(team-gone\): Applications deleted on dev: all but dev-3, with 2 objects \(2 Deployment\)$/m);
  });

  it('never shows a secret value', () => {
    for (const out of [text, renderDiffMarkdown(DIFF), renderDiffJson(DIFF)]) assert.ok(!/b2xk|bmV3/.test(out));
  });

  it('is coloured only when asked, and asked only on a terminal without NO_COLOR', () => {
    assert.ok(!text.includes('\u001b['));
    assert.match(renderDiffText(DIFF, { color: true }), /\u001b\[33m~\u001b\[0m \u001b\[1mshop\u001b\[0m/);
    assert.equal(wantsColor(true, {}), true);
    assert.equal(wantsColor(false, {}), false);
    assert.equal(wantsColor(true, { NO_COLOR: '1' }), false);
    assert.equal(wantsColor(true, { NO_COLOR: '' }), true);
  });

  it('says so when nothing changes', () => {
    assert.equal(
      renderDiffText(diffFleets(side(appOn('shop', ALL, () => beforeObjects)), side(appOn('shop', ALL, () => beforeObjects)))),
      'No rendered changes (7 Applications unchanged).',
    );
  });
});

describe('markdown', () => {
  const md = renderDiffMarkdown(DIFF, { title: 'Rendered changes', fullDiff: '[the JSON diff](https://example.com/run/1)' });
  it('starts with the counts, a table of kinds and where the full diff is', () => {
    assert.match(md, /^### Rendered changes\n\n\*\*Apps:\*\* 1 changed, 1 added, 1 removed, 0 unchanged; \*\*Applications:\*\* 7 changed/);
    assert.match(md, /^Full detail \(every Application, every field\): \[the JSON diff\]\(https:\/\/example\.com\/run\/1\)\.$/m);
    assert.match(md, /^\| Kind \| Added \| Changed \| Removed \|\n\|---\|--:\|--:\|--:\|\n\| ConfigMap \| 0 \| 7 \| 0 \|$/m);
    assert.ok(md.indexOf('#### Review first') < md.indexOf('#### Per app'));
  });

  it('has one section per app, changes grouped by where, line diffs in diff blocks', () => {
    assert.match(md, /<details open><summary><b>shop<\/b> \(team-shop\) — Applications changed everywhere \(7 clusters\)<\/summary>/);
    assert.match(
      md,
      /\*\*everywhere \(7 clusters\)\*\*\n\n- `ConfigMap shop\/shop-settings`\n {2}- `data\["app\.properties"\]: 2 lines → 2 lines`\n {4}```diff\n {4}@@ -1,2 \+1,2 @@\n {4} a=1\n {4}-b=2\n {4}\+b=3\n {4}```\n/,
    );
    assert.match(md, /- `spec\.template\.spec\.containers\[web\]\.image: registry\.example\.com\/shop\/web: 1\.0\.0 → 1\.1\.0`/);
    assert.match(md, /\*\*prod: prod-1\*\*\n\n- `Deployment shop\/shop-web`\n {2}- `spec\.replicas: 2 → 5`/);
  });

  it('gets coarser before it leaves anything out, and says where the rest is', () => {
    const full = renderDiffMarkdown(DIFF);
    const small = renderDiffMarkdown(DIFF, { maxBytes: 1000 });
    assert.ok(byteLength(small) <= 1000 && byteLength(full) > 1000, `${byteLength(small)} ${byteLength(full)}`);
    assert.match(small, /^- \*\*shop\*\* \(team-shop\): Applications changed everywhere \(7 clusters\); objects 0 added, 21 changed, 0 removed$/m);
    const tiny = renderDiffMarkdown(DIFF, { maxBytes: 700, fullDiff: '[the JSON diff](https://example.com/run/1)' });
    assert.ok(byteLength(tiny) <= 700, `${byteLength(tiny)}`);
    assert.match(tiny, /#### Review first\n\n- Applications deleted: \*\*gone\*\*/, 'what to review first stays');
    assert.ok(!tiny.includes('#### Per app'));
    assert.match(tiny, /_3 sections left out to stay within GitHub's size limit; \[the JSON diff\]\(https:\/\/example\.com\/run\/1\)\._\n$/);
  });

  it('keeps a value with backticks inside its code', () => {
    assert.equal(code('a `b` c'), '`` a `b` c ``');
    assert.equal(fence(['x ``` y'], 'diff'), '````diff\nx ``` y\n````');
  });
});

describe('json', () => {
  it('is the whole model, grouped and per Application, with a version', () => {
    const parsed = JSON.parse(renderDiffJson(DIFF));
    assert.equal(parsed.version, 2);
    assert.deepEqual(Object.keys(parsed), ['version', 'summary', 'review', 'shared', 'apps', 'projects', 'errors', 'applications']);
    assert.equal(parsed.applications.length, 13);
    assert.deepEqual(parsed.apps[2].groups[1].where, { text: 'prod: prod-1', clusters: 1, environments: [{ name: 'prod', clusters: ['prod-1'], of: 4 }] });
  });
});
