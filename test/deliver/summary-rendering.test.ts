// How a change summary is told: commit subject and body, PR body, clean-up
// commands. Summaries are built by hand here, so each rule is visible.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApplicationRef } from '../../generator/deliver/applications.ts';
import type { ChangeSummary, TargetChange } from '../../generator/deliver/change-summary.ts';
import { cleanupCommands } from '../../generator/deliver/cleanup-commands.ts';
import { commitMessage, commitSubject } from '../../generator/deliver/commit-message.ts';
import { summaryMarkdown } from '../../generator/deliver/summary-markdown.ts';

function target(app: string, environment: string, cluster: string, change: TargetChange['change'] = 'changed'): TargetChange {
  return {
    application: `${app}-${cluster}`,
    app,
    team: `team-${app}`,
    environment,
    cluster,
    kind: 'app',
    change,
    counts: { added: 0, changed: 2, removed: 0 },
  };
}

function ref(app: string, cluster: string): ApplicationRef {
  return {
    name: `${app}-${cluster}`,
    applicationSet: 'shop',
    project: 'shop',
    team: 'shop',
    environment: 'prod',
    cluster,
    app,
    kind: 'app',
    source: `overlays/prod/${app}`,
  };
}

function summary(targets: TargetChange[], extra: Partial<ChangeSummary> = {}): ChangeSummary {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    base: 'main@0123456789ab',
    argocdNamespace: 'argocd',
    generatedAt: 'fedcba9876543210fedcba9876543210fedcba98',
    configFiles: ['apps/wander.yaml'],
    files: { added: [], changed: ['base/wander/deployment-wander-frontend.yaml'], removed: [] },
    targets,
    applications: { created: [], deleted: [] },
    applicationSets: { created: [], deleted: [] },
    projects: { created: [], deleted: [] },
    removedClusters: [],
    removedEnvironments: [],
    touched: {
      apps: uniq(targets.map((t) => t.app)),
      environments: uniq(targets.map((t) => t.environment)),
      clusters: uniq(targets.map((t) => t.cluster)),
      teams: uniq(targets.map((t) => t.team)),
    },
    dataAtRisk: { risks: [], unknown: null, charts: [], chartsSkipped: null },
    diff: null,
    chartsNotRendered: [],
    warnings: [],
    notes: [],
    ...extra,
  };
}

test('the subject names apps, environments and clusters, and shortens to counts to stay under 72 characters', () => {
  assert.equal(
    commitSubject(summary([target('wander', 'prod', 'prod-eu'), target('wander', 'staging', 'staging-1')])),
    'flotilla: update wander (prod, staging) on prod-eu, staging-1',
  );
  const many = ['alpha', 'bravo', 'charlie', 'delta'].flatMap((app) => [target(app, 'prod', 'prod-eu'), target(app, 'prod', 'prod-us')]);
  assert.equal(commitSubject(summary(many)), 'flotilla: update 4 apps (prod) on prod-eu, prod-us');
  const long = ['a-rather-long-application-name', 'another-long-application-name'].flatMap((app) =>
    ['cluster-number-one', 'cluster-number-two'].map((c) => target(app, 'production', c)),
  );
  const subject = commitSubject(summary(long));
  assert.equal(subject, 'flotilla: update 2 apps (production) on 2 clusters');
  assert.ok(subject.length <= 72);
  assert.equal(commitSubject(summary([]), 'chore(fleet):'), 'chore(fleet): update generated output');
  assert.equal(
    commitSubject(summary([], { files: { added: [], changed: ['argocd/projects/shop.yaml'], removed: [] } })),
    'flotilla: update Argo CD projects and ApplicationSets',
  );
});

test('the commit body says where, why and how much, and lists clean-up commands in the order they must run', () => {
  const s = summary([target('shop', 'prod', 'prod-eu', 'removed')], {
    applications: { created: [], deleted: [ref('shop', 'prod-eu')] },
    applicationSets: { created: [], deleted: ['shop'] },
    projects: { created: [], deleted: ['shop'] },
  });
  assert.deepEqual(cleanupCommands(s), [
    'kubectl -n argocd delete applicationset shop --cascade=orphan',
    'argocd app delete shop-prod-eu',
    'argocd proj delete shop',
  ]);
  const body = commitMessage(s);
  assert.match(body, /\nWhy: config changed since the output was last generated \(fedcba987654\):\n {2}apps\/wander\.yaml\n/);
  assert.match(body, /\nObjects: +0 added, 2 changed, 0 removed\nApplications: 0 created, 1 deleted\n/);
  assert.match(
    body,
    /\nTo delete by hand \(Argo CD will not delete these itself\):\n {2}kubectl -n argocd delete applicationset shop --cascade=orphan\n {2}argocd app delete shop-prod-eu\n {2}argocd proj delete shop\n$/,
  );
});

test('the commit body and the PR body name the chart Applications that were not rendered, with why; the data-at-risk list says it may be incomplete', () => {
  const chart: TargetChange = { ...target('shop-db', 'prod', 'prod-eu'), app: 'shop', kind: 'chart', counts: null };
  const reason = 'apps/shop.yaml:12:5 charts.db.repo: chart repository https://charts.example.com cannot be reached';
  const s = summary([target('shop', 'prod', 'prod-eu'), chart], {
    chartsNotRendered: [{ application: 'shop-db-prod-eu', reason }],
    dataAtRisk: { risks: [], unknown: null, charts: [{ application: 'shop-db-prod-eu', reason }], chartsSkipped: null },
  });
  const body = commitMessage(s);
  assert.match(
    body,
    /\n\nHelm charts not rendered \(their objects are not counted above\):\n {2}shop-db-prod-eu: apps\/shop\.yaml:12:5 charts\.db\.repo: chart repository https:\/\/charts\.example\.com cannot be reached\n$/,
  );
  assert.match(
    body,
    /\nData at risk \(allowed with --allow-deletions\):\n {2}the objects of 1 chart Application were not compared \(its chart could not be rendered\), so this list may be incomplete: shop-db-prod-eu\n/,
  );
  const md = summaryMarkdown(s, { base: 'main' });
  assert.ok(md.startsWith('## ⚠️ Data at risk\n\nFlotilla could not compare every object that holds data in this change'), md.slice(0, 200));
  assert.match(
    md,
    /\n### Helm charts not rendered\n\nTheir objects are not in the diff below, and the data guard did not compare them: check these by hand\.\n\n- shop-db-prod-eu: apps\/shop\.yaml:12:5 /,
  );
  assert.match(md, /\| shop \| prod \| prod-eu \| `shop-db-prod-eu` Helm chart \| \? \| \? \| \? \|/);
  assert.doesNotMatch(commitMessage(summary([target('shop', 'prod', 'prod-eu')])), /Helm chart/);
});

test('the PR body has the table, the Application lists and the clean-up, and renders config text inert', () => {
  const s = summary([target('shop', 'prod', 'prod-eu'), { ...target('shop', 'prod', 'prod-us', 'added'), counts: null }], {
    applications: { created: [ref('shop', 'prod-us')], deleted: [ref('shop', 'prod-ap')] },
    warnings: ['new security opt-out runAsRoot (ask @security-team, see [docs](http://x) | <b>)'],
  });
  const body = summaryMarkdown(s, { base: 'main' });
  assert.match(
    body,
    /\| shop \| prod \| prod-eu \| `shop-prod-eu` \| 0 \| 2 \| 0 \|\n\| shop \| prod \| prod-us \| `shop-prod-us` \(new\) \| \? \| \? \| \? \|/,
  );
  assert.match(body, /\*\*Created \(1\)\*\*: `shop-prod-us`\n\n\*\*Deleted \(1\)\*\*: `shop-prod-ap`/);
  assert.match(body, /```sh\nargocd app delete shop-prod-ap\n```/);
  assert.ok(body.includes('ask \\@security-team, see \\[docs\\](http://x) \\| \\<b\\>'), 'no mention, link or HTML from config text');
  assert.ok(!body.includes('0123456789ab'), 'no base commit id: the body must not change when main moves without changing the output');
});

test("the PR body stays under GitHub's size limit for huge changes", () => {
  const huge = Array.from({ length: 5000 }, (_, i) => target(`app-${i}`, 'prod', `cluster-${i}`));
  const body = summaryMarkdown(
    summary(huge, { files: { added: Array.from({ length: 5000 }, (_, i) => `base/app-${i}/deployment.yaml`), changed: [], removed: [] } }),
    { base: 'main' },
  );
  assert.ok(body.length < 65_536, `${body.length}`);
  assert.match(body, /… and 4850 more Applications/);
});
