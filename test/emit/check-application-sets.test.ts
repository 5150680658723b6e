/**
 * generate evaluates every ApplicationSet it writes with Flotilla's own
 * evaluator and compares what Argo CD would create with what the plan means.
 * Each case below breaks one generated ApplicationSet the way a template bug
 * or a config value read as a template would, and must be caught.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { generateApplications } from '../../generator/appset/generate-applications.ts';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import { checkApplicationSets } from '../../generator/emit/check-application-sets.ts';
import type { K8sObject } from '../../generator/model/object.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { renderApplicationSets, templateLiteral } from '../../generator/render/argocd/application-sets.ts';
import { EXAMPLE_ROOT } from '../validate/fleet-fixture.ts';

type Fleet = Awaited<ReturnType<typeof buildFleet>>;
let fleet: Fleet;
before(async () => {
  fleet = await buildFleet(EXAMPLE_ROOT);
});

/** The example's Argo CD objects with one ApplicationSet changed by `edit` (on a deep copy). */
function check(setName: string, edit: (set: { spec: Record<string, any> }) => void): string[] {
  const objects = structuredClone(fleet.output.argocdObjects);
  const set = objects.find((o) => o.kind === 'ApplicationSet' && o.metadata.name === setName);
  assert.ok(set, setName);
  edit(set as unknown as { spec: Record<string, any> });
  return checkApplicationSets(fleet.plan, objects).map(formatDiagnostic);
}

/** The check with the elements `drop` picks taken out of one list (0: clusters, 1: apps or charts) of every matrix of a set. */
function dropElements(setName: string, list: 0 | 1, drop: (element: any) => boolean): string[] {
  return check(setName, (s) => {
    for (const g of s.spec.generators) g.matrix.generators[list].list.elements = g.matrix.generators[list].list.elements.filter((e: any) => !drop(e));
  });
}

function assertReported(errors: string[], message: string): void {
  assert.ok(
    errors.some((e) => e.endsWith(message)),
    errors.join('\n'),
  );
}

describe('every generated ApplicationSet yields exactly the intended Applications', () => {
  test('the example fleet: no difference', () => {
    assert.deepEqual(checkApplicationSets(fleet.plan, fleet.output.argocdObjects), []);
  });

  test('a template Argo CD cannot evaluate (missingkey=error) fails', () => {
    const errors = check('travel', (s) => {
      s.spec.template.spec.source.targetRevision = '{{ .nope }}';
    });
    assert.ok(errors.length > 0);
    assert.match(
      errors[0],
      /^fleet\.yaml:\d+:\d+ teams\.travel: Argo CD could not evaluate the generated ApplicationSet travel: .*map has no entry for key "nope"/,
    );
  });

  test('a value read as a template (a revision per cluster) is a difference, named with both values', () => {
    const errors = check('travel', (s) => {
      s.spec.template.spec.source.targetRevision = '{{ .cluster.name }}';
    });
    assert.ok(
      errors.some((e) => /yields Application wander-dev-1 with sources .*"targetRevision":"dev-1".*where Flotilla intends .*"targetRevision":"main"/.test(e)),
      errors.join('\n'),
    );
  });

  test('a wrong element value (another server) is a difference', () => {
    const errors = check('travel', (s) => {
      s.spec.generators[0].matrix.generators[0].list.elements[0].cluster.server = 'https://elsewhere.example.com';
    });
    assert.ok(
      errors.some((e) => /with destination .*elsewhere.*where Flotilla intends/.test(e)),
      errors.join('\n'),
    );
  });

  test('an app left out of a list is missing, named with its environment', () => {
    const errors = dropElements('travel', 1, (e) => e.app.name === 'wander');
    assertReported(errors, 'no generated ApplicationSet deploys app wander to environment dev');
  });

  test("a cluster left out of a team's app list is missing, though the team's charts reach it", () => {
    const errors = dropElements('travel', 0, (e) => e.cluster.name === 'prod-us');
    assertReported(errors, 'no generated ApplicationSet deploys the apps of team travel to cluster prod-us');
  });

  test("a cluster left out of a team's chart list is missing, though the team's apps reach it", () => {
    const errors = dropElements('travel-charts', 0, (e) => e.cluster.name === 'prod-us');
    assertReported(errors, 'no generated ApplicationSet deploys the charts of team travel to cluster prod-us');
  });

  test('a per-cluster overlay path is rendered for its cluster, not only sampled', () => {
    const errors = check('travel', (s) => {
      for (const g of s.spec.generators)
        for (const e of g.matrix.generators[1].list.elements) for (const c of Object.keys(e.app.clusterPaths)) e.app.clusterPaths[c] = 'overlays/wrong';
    });
    assert.ok(
      errors.some((e) => /"path":"overlays\/wrong"/.test(e)),
      errors.join('\n'),
    );
  });
});

describe('config values in ApplicationSet templates are written literally', () => {
  test('{{ in a value is escaped, and Argo CD renders the value as written', () => {
    assert.equal(templateLiteral('main'), 'main');
    const revision = 'release-{{ .cluster.name }}';
    const plan = { ...fleet.plan, revision };
    const team = plan.teams.find((t) => t.name === 'travel')!;
    const [set] = renderApplicationSets(plan, team) as K8sObject[];
    const result = generateApplications(set, {});
    assert.deepEqual(result.errors, []);
    const revisions = new Set(result.applications.map((a) => (a.spec as { source: { targetRevision: string } }).source.targetRevision));
    assert.deepEqual([...revisions], [revision]);
  });
});
