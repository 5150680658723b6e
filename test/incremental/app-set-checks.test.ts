/**
 * A cached ApplicationSet check is reused only when the set and every answer
 * it read of the plan are the same; otherwise the set is evaluated again and
 * finds what a run without a cache finds.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import { checkApplicationSets } from '../../generator/emit/check-application-sets.ts';
import { type AppSetCheckRecord, cachedAppSetChecks } from '../../generator/incremental/app-set-checks.ts';
import { dataHash } from '../../generator/model/hash.ts';
import type { K8sObject } from '../../generator/model/object.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import type { FleetPlan } from '../../generator/plan/model.ts';
import { EXAMPLE_ROOT } from '../validate/fleet-fixture.ts';

let plan: FleetPlan;
let objects: K8sObject[];
let first: Map<string, AppSetCheckRecord>;
const sets = () => objects.filter((o) => o.kind === 'ApplicationSet').length;

before(async () => {
  const fleet = await buildFleet(EXAMPLE_ROOT);
  plan = fleet.plan;
  objects = fleet.output.argocdObjects;
  const checks = cachedAppSetChecks(undefined, dataHash);
  assert.deepEqual(checkApplicationSets(plan, objects, checks.check), []);
  assert.deepEqual(checks.stats, { reused: 0, ran: sets() });
  first = checks.records;
});

function checkAgain(p: FleetPlan, o: K8sObject[]) {
  const checks = cachedAppSetChecks(first, dataHash);
  return { problems: checkApplicationSets(p, o, checks.check).map(formatDiagnostic), stats: checks.stats };
}

test('nothing changed: every outcome is reused', () => {
  assert.equal(first.size, sets());
  assert.deepEqual(checkAgain(plan, objects), { problems: [], stats: { reused: sets(), ran: 0 } });
});

test('the intent changed under an unchanged ApplicationSet: it is evaluated again, and the difference found', () => {
  const moved = { ...plan, apps: plan.apps.map((a) => (a.name === 'wander' ? { ...a, namespace: 'elsewhere' } : a)) };
  const cold = checkApplicationSets(moved, objects).map(formatDiagnostic);
  assert.ok(
    cold.some((p) => /travel yields Application wander-dev-1 with destination .*"namespace":"wander".*"namespace":"elsewhere"/.test(p)),
    cold.join('\n'),
  );
  const again = checkAgain(moved, objects);
  assert.deepEqual(again.problems, cold);
  assert.equal(again.stats.ran, 2, 'only the sets that yield Applications of wander: travel and travel-charts');
});

test('an ApplicationSet that changed is evaluated again', () => {
  const edited = structuredClone(objects);
  const set = edited.find((o) => o.kind === 'ApplicationSet' && o.metadata.name === 'travel') as { spec: Record<string, any> } & K8sObject;
  set.spec.template.spec.source.targetRevision = '{{ .cluster.name }}';
  const again = checkAgain(plan, edited);
  assert.deepEqual(again.problems, checkApplicationSets(plan, edited).map(formatDiagnostic));
  assert.ok(again.problems.length > 0);
  assert.deepEqual(again.stats, { reused: sets() - 1, ran: 1 });
});

test('an AppProject removed: every set is evaluated again', () => {
  const fewer = objects.filter((o) => !(o.kind === 'AppProject' && o.metadata.name === 'travel'));
  const again = checkAgain(plan, fewer);
  assert.deepEqual(again.problems, checkApplicationSets(plan, fewer).map(formatDiagnostic));
  assert.equal(again.stats.reused, 0);
});
