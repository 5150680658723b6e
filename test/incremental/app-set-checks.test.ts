/**
 * A cached ApplicationSet check is reused only when the set and every answer
 * it read of the plan are the same; otherwise the set is evaluated again and
 * finds what a run without a cache finds.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import {
  type ApplicationSetChecker,
  type ApplicationSetOutcome,
  checkApplicationSet,
  checkApplicationSets,
} from '../../generator/emit/check-application-sets.ts';
import { type AppSetCheckRecord, cachedAppSetChecks } from '../../generator/incremental/app-set-checks.ts';
import { dataHash } from '../../generator/model/hash.ts';
import type { K8sObject } from '../../generator/model/object.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import type { FleetPlan } from '../../generator/plan/model.ts';
import { copyExampleFleet, EXAMPLE_ROOT, removeFleet } from '../validate/fleet-fixture.ts';

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
  assert.deepEqual(setStats(checks.stats), { reused: 0, ran: sets() });
  first = checks.records;
});

const setStats = (s: { reused: number; ran: number }) => ({ reused: s.reused, ran: s.ran });

function checkAgain(p: FleetPlan, o: K8sObject[]) {
  const checks = cachedAppSetChecks(first, dataHash);
  return { problems: checkApplicationSets(p, o, checks.check).map(formatDiagnostic), stats: setStats(checks.stats), checks };
}

test('nothing changed: every outcome is reused', () => {
  assert.equal(first.size, sets());
  const again = checkAgain(plan, objects);
  assert.deepEqual([again.problems, again.stats], [[], { reused: sets(), ran: 0 }]);
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

test("a cluster joins an environment: each set is evaluated again only in that environment's generator, with the outcome of a whole evaluation", async () => {
  const dir = await copyExampleFleet();
  try {
    await writeFile(path.join(dir, 'clusters/prod-ap.yaml'), 'environment: prod\nserver: https://prod-ap.example.com\nregion: ap-south-1\n');
    const joined = await buildFleet(dir);
    const checks = cachedAppSetChecks(first, dataHash);
    const whole: ApplicationSetOutcome[] = [];
    const cached: ApplicationSetOutcome[] = [];
    const both: ApplicationSetChecker = (set, projects, view) => {
      whole.push(checkApplicationSet(set, projects, view));
      const outcome = checks.check(set, projects, view);
      cached.push(outcome);
      return outcome;
    };
    assert.deepEqual(checkApplicationSets(joined.plan, joined.output.argocdObjects, both), []);
    assert.deepEqual(cached, whole, 'the outcome of each set is that of evaluating it whole');
    const withProd = joined.output.argocdObjects.filter((o) => o.kind === 'ApplicationSet' && JSON.stringify(o.spec).includes('prod-ap'));
    assert.ok(withProd.length > 1);
    assert.deepEqual(setStats(checks.stats), { reused: sets() - withProd.length, ran: withProd.length });
    // A set of one generator (the platform's namespaces) is evaluated whole.
    const split = withProd.filter((o) => (o.spec as { generators: unknown[] }).generators.length > 1);
    assert.ok(split.length > 1);
    assert.equal(checks.stats.generators.ran, split.length, 'one generator of each: its prod matrix');
    assert.ok(checks.stats.generators.reused > 0);
  } finally {
    await removeFleet(dir);
  }
});

test('two generators of a set that yield one name: the set is evaluated whole, and the duplicate found as without a cache', () => {
  const edited = structuredClone(objects);
  const set = edited.find((o) => o.kind === 'ApplicationSet' && o.metadata.name === 'travel') as { spec: { generators: unknown[] } } & K8sObject;
  set.spec.generators.push(structuredClone(set.spec.generators[0]));
  const cold = checkApplicationSets(plan, edited).map(formatDiagnostic);
  assert.ok(
    cold.some((p) => /duplicate name/.test(p)),
    cold.join('\n'),
  );
  const again = checkAgain(plan, edited);
  assert.deepEqual(again.problems, cold);
  assert.ok(!again.checks.records.has('travel'), 'a set with problems is not kept');
});
