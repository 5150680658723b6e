/**
 * The Argo CD objects Flotilla generates carry the guard rails of
 * Guard rails: static generators only, no default or templated project,
 * no controller-side deletion of Applications, projects confined per team —
 * and adding a cluster or an app touches a bounded number of files.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { K8sObject } from '../../../generator/model/object.ts';
import { buildFleet } from '../../../generator/pipeline.ts';
import { copyFleet, flotilla, REPO_ROOT, readTree, removeDir } from '../../support/temp-fleet.ts';

const argocd = async (root = REPO_ROOT) => (await buildFleet(root)).output.argocdObjects as (K8sObject & { spec: any })[];

describe('ApplicationSets', () => {
  it('use only static list/matrix generators, a literal non-default project and non-deleting sync policy', async () => {
    const sets = (await argocd()).filter((o) => o.kind === 'ApplicationSet');
    assert.deepEqual(sets.map((s) => s.metadata.name).sort(), ['analytics', 'kairoflow', 'travel', 'travel-charts']);
    for (const set of sets) {
      assert.equal(set.spec.goTemplate, true);
      assert.deepEqual(set.spec.goTemplateOptions, ['missingkey=error']);
      assert.deepEqual(set.spec.syncPolicy, { applicationsSync: 'create-update', preserveResourcesOnDeletion: true });
      const project = set.spec.template.spec.project;
      assert.ok(project !== 'default' && !project.includes('{{'), `${set.metadata.name}: project ${project}`);
      for (const g of set.spec.generators) {
        assert.deepEqual(Object.keys(g), ['matrix']);
        for (const child of g.matrix.generators) assert.deepEqual(Object.keys(child), ['list'], 'no cluster or git generator can fail into "zero"');
      }
    }
  });

  it('place every app on every cluster of its environments', async () => {
    const travel = (await argocd()).find((o) => o.kind === 'ApplicationSet' && o.metadata.name === 'travel')!;
    const pairs = travel.spec.generators.flatMap((g: any) => {
      const [clusters, apps] = g.matrix.generators.map((x: any) => x.list.elements);
      return clusters.flatMap((c: any) => apps.map((a: any) => `${a.app.name}@${c.cluster.name}`));
    });
    assert.deepEqual(pairs.sort(), ['wander@dev-1', 'wander@prod-eu', 'wander@prod-us', 'wander@staging-1']);
    const kairoflow = (await argocd()).find((o) => o.kind === 'ApplicationSet' && o.metadata.name === 'kairoflow')!;
    assert.equal(kairoflow.spec.generators.length, 2, 'deployTo: [staging, prod]');
  });

  it('use a RollingSync in environment order when the fleet asks for progressive rollout', async () => {
    const sets = (await argocd(path.join(REPO_ROOT, 'test/fixtures/scenarios/progressive-gateway'))).filter((o) => o.kind === 'ApplicationSet');
    assert.deepEqual(
      sets[0].spec.strategy.rollingSync.steps.map((s: any) => s.matchExpressions[0].values[0]),
      ['dev', 'prod'],
    );
    assert.equal((await argocd()).find((o) => o.kind === 'ApplicationSet')!.spec.strategy, undefined);
  });
});

describe('renames are moves', () => {
  it('a renamed cluster keeps its Application names through renamedFrom', async () => {
    const dir = await copyFleet();
    try {
      const { rename } = await import('node:fs/promises');
      await rename(path.join(dir, 'clusters/prod-us.yaml'), path.join(dir, 'clusters/prod-use1.yaml'));
      const file = path.join(dir, 'clusters/prod-use1.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('environment: prod', 'environment: prod\nrenamedFrom: prod-us'));
      const set = (await argocd(dir)).find((o) => o.kind === 'ApplicationSet' && o.metadata.name === 'travel')!;
      const prodClusters = set.spec.generators[2].matrix.generators[0].list.elements.map((e: any) => e.cluster);
      assert.deepEqual(
        prodClusters.map((c: any) => [c.name, c.id]),
        [
          ['prod-eu', 'prod-eu'],
          ['prod-use1', 'prod-us'],
        ],
      );
      assert.equal(set.spec.template.metadata.name, '{{.app.id}}-{{.cluster.id}}');
    } finally {
      await removeDir(dir);
    }
  });
});

describe('AppProjects', () => {
  it('confine each team to the fleet repo, its chart repos, its namespaces on its clusters', async () => {
    const projects = (await argocd()).filter((o) => o.kind === 'AppProject');
    const travel = projects.find((p) => p.metadata.name === 'travel')!;
    assert.deepEqual(travel.spec.sourceRepos, ['https://github.com/example-org/fleet.git', 'registry-1.docker.io/bitnamicharts']);
    const clusters = ['dev-1', 'staging-1', 'prod-eu', 'prod-us', 'in-cluster'];
    const permitted = (project: any) =>
      clusters.flatMap((c) => ['wander', 'kairoflow', 'matomo', 'default'].filter((ns) => isPermitted(project, c, ns)).map((ns) => `${c}/${ns}`));
    assert.deepEqual(permitted(travel), ['dev-1/wander', 'staging-1/wander', 'prod-eu/wander', 'prod-us/wander']);
    const kairoflow = projects.find((p) => p.metadata.name === 'kairoflow')!;
    assert.deepEqual(permitted(kairoflow), ['staging-1/kairoflow', 'prod-eu/kairoflow', 'prod-us/kairoflow'], 'no dev cluster: the team has nothing there');
    for (const p of projects) {
      assert.notEqual(p.metadata.name, 'default');
      assert.ok(!p.spec.sourceRepos.includes('*'));
      assert.ok(p.spec.destinations.every((d: any) => d.namespace !== '*' && d.server !== '*'));
    }
  });

  it('stay one destination however many clusters and namespaces a team has (etcd limits an object to 1.5 MiB)', async () => {
    for (const p of (await argocd()).filter((o) => o.kind === 'AppProject')) assert.equal(p.spec.destinations.length, 1, p.metadata.name);
  });

  it('deny cluster-scoped kinds except Namespace and what an app declares', async () => {
    const projects = (await argocd()).filter((o) => o.kind === 'AppProject' && o.metadata.name !== 'flotilla-platform');
    for (const p of projects) assert.deepEqual(p.spec.clusterResourceWhitelist, [{ group: '', kind: 'Namespace' }]);
    const data = (await argocd(path.join(REPO_ROOT, 'test/fixtures/scenarios/raw-and-cluster-scoped'))).find(
      (o) => o.kind === 'AppProject' && o.metadata.name === 'data',
    )!;
    assert.deepEqual(data.spec.clusterResourceWhitelist, [
      { group: '', kind: 'Namespace' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
    ]);
  });

  it('the bootstrap root Application uses the platform project, never default', async () => {
    const root = (await argocd()).find((o) => o.kind === 'Application')!;
    assert.equal(root.spec.project, 'flotilla-platform');
    assert.equal(root.spec.syncPolicy.automated.prune, false);
  });
});

describe('change footprint', () => {
  async function changedFiles(edit: (dir: string) => Promise<void>): Promise<{ added: string[]; changed: string[]; removed: string[] }> {
    const dir = await copyFleet();
    try {
      await flotilla(dir, 'generate', '--quiet');
      const before = await readTree(dir);
      await edit(dir);
      assert.equal((await flotilla(dir, 'generate', '--quiet')).code, 0);
      const after = await readTree(dir);
      return {
        added: [...after.keys()].filter((f) => !before.has(f)),
        changed: [...after.keys()].filter((f) => before.has(f) && before.get(f) !== after.get(f)),
        removed: [...before.keys()].filter((f) => !after.has(f)),
      };
    } finally {
      await removeDir(dir);
    }
  }

  it('adding a cluster changes only its environment’s team ApplicationSets and projects', async () => {
    const diff = await changedFiles((dir) =>
      writeFile(path.join(dir, 'clusters/prod-ap.yaml'), 'environment: prod\nserver: https://prod-ap.k8s.example.com\nregion: ap-southeast-1\n'),
    );
    assert.deepEqual(diff.added, []);
    assert.deepEqual(diff.removed, []);
    assert.deepEqual(diff.changed, [
      'argocd/applicationsets/analytics.yaml',
      'argocd/applicationsets/kairoflow.yaml',
      'argocd/applicationsets/travel-charts.yaml',
      'argocd/applicationsets/travel.yaml',
      'argocd/projects/analytics.yaml',
      'argocd/projects/kairoflow.yaml',
      'argocd/projects/travel.yaml',
    ]);
  });

  it('adding an app adds its own files and changes only its team’s ApplicationSet and project', async () => {
    const diff = await changedFiles(async (dir) => {
      const source = await readFile(path.join(dir, 'apps/kairoflow.yaml'), 'utf8');
      await writeFile(path.join(dir, 'apps/kairo-two.yaml'), source.replace('namespace: kairoflow', 'namespace: kairo-two'));
    });
    assert.deepEqual(diff.changed, ['argocd/applicationsets/kairoflow.yaml', 'argocd/projects/kairoflow.yaml']);
    assert.deepEqual(diff.removed, []);
    assert.ok(diff.added.length > 0 && diff.added.every((f) => f.includes('/kairo-two/')), diff.added.join(', '));
  });
});

/**
 * Argo CD's check (AppProject.isDestinationMatched): a destination matches when
 * its name or server glob matches and its namespace glob matches. Globs are
 * gobwas/glob; Flotilla writes only literals, `\\` escapes and `{a,b}`.
 */
function isPermitted(project: any, clusterName: string, namespace: string): boolean {
  return project.spec.destinations.some((d: any) => globMatches(d.name, clusterName) && globMatches(d.namespace, namespace));
}

function globMatches(glob: string, value: string): boolean {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') pattern += glob[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '{') pattern += '(?:';
    else if (c === '}') pattern += ')';
    else if (c === ',') pattern += '|';
    else if (c === '*') pattern += '.*';
    else if (c === '?') pattern += '.';
    else pattern += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`).test(value);
}
