/**
 * The pull-request body stays within GitHub's 65,536 characters on a
 * synthetic fleet (apps, environments and clusters placed as
 * scripts/synthetic-fleet.ts places them) under the worst change there is:
 * every Application changes, each app differently and each environment
 * differently, some clusters differently again; objects are added, removed
 * and deleted with their data, and ConfigMap files change.
 *
 * The suite runs size M (500 apps on 50 clusters, ~20,000 Applications).
 * The largest size, L2 (2,000 apps on 400 clusters, ~780,000 Applications),
 * takes several GB and many minutes on a 2-core machine: run it with
 * `PR_BODY_SIZE=L2 node --import tsx --test test/deliver/pr-body-size.test.ts`.
 * The Applications and objects are made here rather than built; the body is
 * rendered by the real path: computeChangeSummary → diff engine → summaryMarkdown.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApplicationRef } from '../../generator/deliver/applications.ts';
import { computeChangeSummary } from '../../generator/deliver/change-summary.ts';
import type { FleetSnapshot } from '../../generator/deliver/snapshot.ts';
import { summaryMarkdown } from '../../generator/deliver/summary-markdown.ts';
import { byteLength, PR_BODY_LIMIT } from '../../generator/diff/format-markdown.ts';
import type { K8sObject } from '../../generator/model/object.ts';
import { planFleet, SIZES, type SizeName } from '../../scripts/synthetic-fleet.ts';

const SIZE = (process.env.PR_BODY_SIZE ?? 'M') as SizeName;
const { fleet } = planFleet(SIZES[SIZE], 1);

function objects(app: string, variant: string, version: number): K8sObject[] {
  const meta = (name: string) => ({ name, namespace: app, labels: { 'app.kubernetes.io/part-of': app } });
  const list: K8sObject[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(`${app}-web`),
      spec: {
        replicas: 2 + version,
        template: { spec: { containers: [{ name: 'web', image: `registry.example.com/${app}/web:1.${version}.${variant.length}` }] } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${app}-settings`),
      data: { 'app.properties': `app=${app}\nwhere=${variant}\nversion=${version}\n`.repeat(10) },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: meta(version ? `${app}-web-v2` : `${app}-web`), spec: { ports: [{ port: 80 + version }] } },
  ];
  if (!version)
    list.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta(`${app}-files`), spec: { resources: { requests: { storage: '1Gi' } } } });
  return list;
}

function snapshot(label: string, version: number): FleetSnapshot {
  const applications = new Map<string, ApplicationRef>();
  const rendered = new Map<string, K8sObject[]>();
  for (const app of fleet.apps) {
    for (const c of fleet.clusters.filter((x) => app.environments.includes(x.environment))) {
      // Every fifth cluster of an environment has its own overlay (a cluster override).
      const own = Number(c.name.slice(-3)) % 5 === 0;
      const source = own ? `overlays/${c.name}/${app.name}` : `overlays/${c.environment}/${app.name}`;
      if (!rendered.has(source)) rendered.set(source, objects(app.name, own ? c.name : c.environment, version));
      const name = `${app.name}-${c.name}`;
      applications.set(name, {
        name,
        applicationSet: app.team,
        project: app.team,
        team: app.team,
        environment: c.environment,
        cluster: c.name,
        app: app.name,
        kind: 'app',
        source,
      });
    }
  }
  return {
    label,
    files: new Map(),
    bodies: null,
    inventory: { applications, applicationSets: new Set(), projects: new Set() },
    rendered,
    plan: null,
    built: null,
    generatedAt: null,
  };
}

test(`the PR body for a change of every Application of synthetic fleet ${SIZE} stays under 65,536 characters`, () => {
  const summary = computeChangeSummary(
    snapshot('main@0123456789ab', 0),
    snapshot('the new output', 1),
    fleet.apps.map((a) => `apps/${a.name}.yaml`),
  );
  const diff = summary.diff!;
  assert.equal(diff.summary.apps.changed, SIZES[SIZE].apps);
  assert.ok(diff.summary.applications.changed > SIZES[SIZE].apps * SIZES[SIZE].clusters * 0.8, `${diff.summary.applications.changed} Applications changed`);
  const body = summaryMarkdown(summary, { base: 'main', fullDiff: '[the JSON diff](https://github.com/o/r/actions/runs/1)' });
  assert.ok(body.length < PR_BODY_LIMIT && byteLength(body) < PR_BODY_LIMIT, `${body.length} characters, ${byteLength(body)} bytes`);
  assert.match(body, /^## ⚠️ Data at risk\n/, 'what cannot be undone comes first');
  assert.match(body, /\n## Generated changes\n/);
  assert.match(body, new RegExp(`\\*\\*Apps:\\*\\* ${SIZES[SIZE].apps} changed`));
  assert.match(body, /\| Deployment \| 0 \| \d+ \| 0 \|/);
  assert.match(body, /left out to stay within GitHub's size limit; \[the JSON diff\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\)/);
  assert.match(body, /<sub>Opened by Flotilla\./, 'the footer stays');
  assert.equal((body.match(/^\s*```/gm) ?? []).length % 2, 0, 'no code block is cut open');
  assert.equal((body.match(/<details/g) ?? []).length, (body.match(/<\/details>/g) ?? []).length, 'no collapsible section is cut open');
});
