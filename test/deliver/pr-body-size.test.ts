/**
 * The pull-request body stays within GitHub's 65,536 characters on the
 * largest synthetic fleet (L2: 2,000 apps on 400 clusters) under the worst
 * change there is: every object of every overlay changes, each differently
 * (so little can be grouped), one object of each is removed and a new
 * multi-line ConfigMap added. Built once with the real pipeline; the change is
 * made on the rendered objects.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeChangeSummary } from '../../generator/deliver/change-summary.ts';
import { type FleetSnapshot, snapshotOfBuild } from '../../generator/deliver/snapshot.ts';
import { summaryMarkdown } from '../../generator/deliver/summary-markdown.ts';
import { byteLength, PR_BODY_LIMIT } from '../../generator/diff/format-markdown.ts';
import type { K8sObject } from '../../generator/model/object.ts';
import { buildFiles } from '../../scripts/synthetic/build.ts';
import { planFleet, SIZES } from '../../scripts/synthetic-fleet.ts';

function everythingChanges(rendered: Map<string, K8sObject[]>): Map<string, K8sObject[]> {
  const out = new Map<string, K8sObject[]>();
  for (const [path, objects] of rendered) {
    const changed: K8sObject[] = objects
      .slice(1)
      .map((o) => ({ ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'example.com/revision': path } } }));
    const ns = objects[0]?.metadata.namespace ?? 'default';
    changed.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'release-notes', namespace: ns },
      data: { 'notes.txt': `built from ${path}\n`.repeat(30) },
    });
    out.set(path, changed);
  }
  return out;
}

test('the PR body for the largest synthetic fleet, every overlay changed differently, stays under 65,536 characters', { timeout: 15 * 60_000 }, async () => {
  const built = await buildFiles(planFleet(SIZES.L2, 1).files);
  const before: FleetSnapshot = { ...snapshotOfBuild(built), label: 'main@0123456789ab', generatedAt: '0123456789abcdef0123456789abcdef01234567' };
  const after: FleetSnapshot = { ...before, label: 'the new output', rendered: everythingChanges(built.output.rendered) };
  const summary = computeChangeSummary(before, after, [...planFleet(SIZES.L2, 1).files.keys()]);
  const diff = summary.diff!;
  assert.ok(diff.summary.applications.changed > 100_000, `${diff.summary.applications.changed} Applications changed`);
  const body = summaryMarkdown(summary, { base: 'main', fullDiff: '[the JSON diff](https://github.com/o/r/actions/runs/1)' });
  assert.ok(body.length < PR_BODY_LIMIT && byteLength(body) < PR_BODY_LIMIT, `${body.length} characters, ${byteLength(body)} bytes`);
  assert.match(body, /^## Generated changes\n/);
  assert.match(body, /\*\*Apps:\*\* 2000 changed/);
  assert.match(body, /#### Review first/);
  assert.match(body, /left out to stay within GitHub's size limit; \[the JSON diff\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\)/);
  assert.match(body, /<sub>Opened by Flotilla\./, 'the footer stays');
  assert.equal((body.match(/^```/gm) ?? []).length % 2, 0, 'no code block is cut open');
});
