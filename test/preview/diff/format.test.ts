/** The three renderings of a FleetDiff: terminal text (colour on request), pull-request Markdown, JSON. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDiffJson } from '../../../generator/preview/diff/format-json.ts';
import { renderDiffMarkdown } from '../../../generator/preview/diff/format-markdown.ts';
import { renderDiffText, wantsColor } from '../../../generator/preview/diff/format-text.ts';
import type { ApplicationDiff, FleetDiff } from '../../../generator/preview/diff/model.ts';

function app(name: string, over: Partial<ApplicationDiff> = {}): ApplicationDiff {
  return {
    name,
    appSet: 'shop',
    project: 'shop',
    cluster: 'prod-eu',
    environment: 'prod',
    app: 'shop',
    change: 'changed',
    application: [],
    objects: [],
    counts: { added: 0, changed: 0, removed: 0 },
    dataAtRisk: [],
    charts: [],
    chartsRendered: false,
    ...over,
  };
}

const DIFF: FleetDiff = {
  applications: [
    app('shop-prod-eu', {
      counts: { added: 1, changed: 2, removed: 1 },
      application: [{ path: 'spec.syncPolicy.automated.prune', change: 'changed', before: true, after: false }],
      objects: [
        { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'new', change: 'added', fields: [] },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
          change: 'changed',
          fields: [{ path: 'spec.replicas', change: 'changed', before: 2, after: 3 }],
        },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: 'shop',
          name: 'conf',
          change: 'changed',
          fields: [{ path: 'data["nginx.conf"]', change: 'changed', before: 'a\nb\nc\n', after: 'a\nB\nc\n' }],
        },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          namespace: 'shop',
          name: 'creds',
          change: 'changed',
          fields: [{ path: 'data.password', change: 'changed', hidden: true }],
        },
        { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'old', change: 'removed', fields: [] },
      ],
    }),
    app('shop-dev-1', {
      change: 'added',
      cluster: 'dev-1',
      environment: 'dev',
      counts: { added: 1, changed: 0, removed: 0 },
      objects: [{ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web', change: 'added', fields: [] }],
    }),
    app('a|b-prod-us', { change: 'removed', cluster: 'prod-us', counts: { added: 0, changed: 0, removed: 0 } }),
  ],
  projects: [],
  warnings: [
    {
      kind: 'application-deleted',
      application: 'a|b-prod-us',
      message: 'Application a|b-prod-us on prod-us is no longer generated; deleting it deletes its 0 objects',
    },
  ],
  errors: [],
  chartErrors: [],
  summary: { applications: { added: 1, removed: 1, changed: 1, unchanged: 7 }, objects: { added: 2, removed: 1, changed: 3 } },
};

describe('text', () => {
  const text = renderDiffText(DIFF);
  it('has one line per change, in the compact field form', () => {
    assert.match(text, /^Applications: 1 added, 1 removed, 1 changed, 7 unchanged; objects: 2 added, 1 removed, 3 changed\.$/m);
    assert.match(text, /^~ shop-prod-eu \(shop · prod\/prod-eu\) \+1 ~2 -1$/m);
    assert.match(text, /^ {4}~ Application: spec\.syncPolicy\.automated\.prune true → false$/m);
    assert.match(text, /^ {4}\+ ConfigMap shop\/new$/m);
    assert.match(text, /^ {4}~ Deployment shop\/web: spec\.replicas 2 → 3$/m);
    assert.match(text, /^ {4}~ ConfigMap shop\/conf: data\["nginx\.conf"\] \(4 lines\) → \(4 lines\)$/m);
    assert.match(text, /^ {10}- b$/m);
    assert.match(text, /^ {10}\+ B$/m);
    assert.match(text, /^ {4}~ Secret shop\/creds: data\.password \(changed, value hidden\)$/m);
    assert.match(text, /^ {4}- Service shop\/old$/m);
    assert.match(text, /^\+ shop-dev-1 \(shop · dev\/dev-1\) new Application: 1 objects$/m);
    assert.match(text, /^ {2}! Application a\|b-prod-us on prod-us is no longer generated/m);
  });

  it('is coloured only when asked, and asked only on a terminal without NO_COLOR', () => {
    assert.ok(!text.includes('\u001b['));
    assert.match(renderDiffText(DIFF, { color: true }), /\u001b\[32m\+\u001b\[0m ConfigMap shop\/new/);
    assert.equal(wantsColor(true, {}), true);
    assert.equal(wantsColor(false, {}), false);
    assert.equal(wantsColor(true, { NO_COLOR: '1' }), false);
    assert.equal(wantsColor(true, { NO_COLOR: '' }), true);
  });

  it('says so when nothing changes', () => {
    const none: FleetDiff = {
      ...DIFF,
      applications: [],
      warnings: [],
      summary: { applications: { added: 0, removed: 0, changed: 0, unchanged: 9 }, objects: { added: 0, removed: 0, changed: 0 } },
    };
    assert.equal(renderDiffText(none), 'No rendered changes (9 Applications unchanged).');
  });
});

describe('markdown', () => {
  const md = renderDiffMarkdown(DIFF, { title: 'Rendered changes' });
  it('has a summary table app × environment × cluster with counts, pipes escaped', () => {
    assert.match(md, /^### Rendered changes$/m);
    assert.match(md, /^\| Application \| App \| Environment \| Cluster \| Added \| Changed \| Removed \|$/m);
    assert.match(md, /^\| `shop-prod-eu` \| shop \| prod \| prod-eu \| 1 \| 2 \| 1 \|$/m);
    assert.match(md, /^\| `shop-dev-1` \(new\) \| shop \| dev \| dev-1 \| 1 \| 0 \| 0 \|$/m);
    assert.match(md, /^\| `a\\\|b-prod-us` \(deleted\) \|/m);
  });

  it('lists created and deleted Applications and the warnings', () => {
    assert.match(md, /^\*\*Applications created:\*\* `shop-dev-1`$/m);
    assert.match(md, /^\*\*Applications deleted:\*\* `a\|b-prod-us`$/m);
    assert.match(md, /^> \[!WARNING\]\n> - Application a\|b-prod-us on prod-us is no longer generated/m);
  });

  it('has one collapsible diff block per Application', () => {
    assert.equal(md.match(/<details>/g)?.length, 3);
    assert.match(md, /<summary><code>shop-prod-eu<\/code> — 1 added, 2 changed, 1 removed<\/summary>\n\n```diff\n/);
    assert.match(md, /^! Deployment shop\/web\n- {3}spec\.replicas: 2\n\+ {3}spec\.replicas: 3$/m);
    assert.match(md, /^! {3}data\.password \(changed, value hidden\)$/m);
    assert.match(md, /^- {3}Application spec\.syncPolicy\.automated\.prune: true$/m);
  });

  it('stays under its size budget by leaving out the longest details, and says so', () => {
    const big: FleetDiff = {
      ...DIFF,
      applications: Array.from({ length: 40 }, (_, i) =>
        app(`a${i}`, {
          objects: Array.from({ length: 30 }, (_, j) => ({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            namespace: 'n',
            name: `cm-${j}`,
            change: 'changed' as const,
            fields: [{ path: 'data.x', change: 'changed' as const, before: 'x'.repeat(50), after: 'y'.repeat(50) }],
          })),
        }),
      ),
    };
    const limited = renderDiffMarkdown(big, { maxLength: 20_000 });
    assert.ok(limited.length <= 20_000, `${limited.length}`);
    assert.match(limited, /_Details of \d+ Applications left out to fit; run `flotilla diff` locally for all of them\._/);
    assert.match(limited, /\| `a39` \|/, 'the table still lists every Application');
  });

  it('keeps a value containing a code fence inside its block', () => {
    const fenced: FleetDiff = {
      ...DIFF,
      applications: [
        app('x', {
          objects: [
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', change: 'changed', fields: [{ path: 'data.a', change: 'changed', before: '```', after: 'b' }] },
          ],
        }),
      ],
    };
    const out = renderDiffMarkdown(fenced);
    assert.equal(out.match(/^```/gm)?.length, 2);
  });
});

describe('json', () => {
  it('is the model with a version', () => {
    const parsed = JSON.parse(renderDiffJson(DIFF));
    assert.equal(parsed.version, 1);
    assert.deepEqual(parsed.applications, DIFF.applications);
    assert.deepEqual(parsed.summary, DIFF.summary);
  });
});
