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
import { previewApplications } from '../../../generator/appset/fleet-applications.ts';
import type { K8sObject } from '../../../generator/model/object.ts';
import { isClusterScopedKind } from '../../../generator/model/object.ts';
import { buildFleet } from '../../../generator/pipeline.ts';
import { manifestsOf } from '../../../generator/preview/manifests.ts';
import { PLATFORM_PROJECT } from '../../../generator/render/argocd/app-project.ts';
import { isDestinationPermitted, type SyncObject, syncPermissionError } from '../../support/argocd-project.ts';
import { copyFleet, flotilla, REPO_ROOT, readTree, removeDir } from '../../support/temp-fleet.ts';

const SCENARIO = path.join(REPO_ROOT, 'test/fixtures/scenarios/raw-and-cluster-scoped');

const argocd = async (root = REPO_ROOT) => (await buildFleet(root)).output.argocdObjects as (K8sObject & { spec: any })[];

describe('ApplicationSets', () => {
  it('use only static list/matrix generators, a literal non-default project and non-deleting sync policy', async () => {
    const sets = (await argocd()).filter((o) => o.kind === 'ApplicationSet');
    assert.deepEqual(sets.map((s) => s.metadata.name).sort(), ['analytics', 'flotilla-namespaces', 'kairoflow', 'travel', 'travel-charts']);
    for (const set of sets) {
      if (set.metadata.name === 'flotilla-namespaces') {
        assert.deepEqual(Object.keys(set.spec.generators[0]), ['list'], 'one Application per cluster');
        assert.equal(set.spec.template.spec.project, PLATFORM_PROJECT);
        assert.equal(set.spec.template.spec.syncPolicy.automated.prune, false);
        continue;
      }
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
      clusters.flatMap((c) =>
        ['wander', 'kairoflow', 'matomo', 'default']
          .filter((ns) => isDestinationPermitted(project.spec, { name: c, server: '' }, ns))
          .map((ns) => `${c}/${ns}`),
      );
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
    for (const p of (await argocd()).filter((o) => o.kind === 'AppProject' && o.metadata.name !== PLATFORM_PROJECT))
      assert.equal(p.spec.destinations.length, 1, p.metadata.name);
  });

  it('deny every cluster-scoped kind but what an app declares: never Namespace', async () => {
    const projects = (await argocd()).filter((o) => o.kind === 'AppProject' && o.metadata.name !== PLATFORM_PROJECT);
    for (const p of projects) assert.deepEqual(p.spec.clusterResourceWhitelist, []);
    const data = (await argocd(SCENARIO)).find((o) => o.kind === 'AppProject' && o.metadata.name === 'data')!;
    assert.deepEqual(data.spec.clusterResourceWhitelist, [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }]);
  });

  it("a team's Application cannot create or adopt a Namespace, nor deploy outside its namespaces and clusters (Argo CD's sync permission check)", async () => {
    const objects = await argocd();
    const projects = new Map(objects.filter((o) => o.kind === 'AppProject').map((p) => [p.metadata.name, p]));
    const travel = projects.get('travel')!;
    const prodEu = { name: 'prod-eu', server: 'https://prod-eu.k8s.example.com' };
    const denied = (o: SyncObject, cluster = prodEu) => syncPermissionError(travel, cluster, o);
    assert.equal(denied({ group: 'apps', kind: 'Deployment', name: 'wander-web', namespace: 'wander' }), undefined);
    // What CreateNamespace=true would add to the sync, and a Namespace in the manifests: the same check, refused.
    assert.equal(denied({ group: '', kind: 'Namespace', name: 'wander', namespace: '' }), 'resource :Namespace is not permitted in project travel');
    assert.equal(denied({ group: '', kind: 'Namespace', name: 'kube-system', namespace: '' }), 'resource :Namespace is not permitted in project travel');
    for (const namespace of ['matomo', 'kairoflow', 'kube-system', 'default', 'argocd'])
      assert.equal(denied({ group: 'apps', kind: 'Deployment', name: 'x', namespace }), `namespace ${namespace} is not permitted in project 'travel'`);
    assert.match(
      denied({ group: 'apps', kind: 'Deployment', name: 'x', namespace: 'wander' }, { name: 'other', server: 'https://other.example.com' })!,
      /not permitted/,
    );
    for (const [group, kind] of [
      ['rbac.authorization.k8s.io', 'ClusterRole'],
      ['rbac.authorization.k8s.io', 'ClusterRoleBinding'],
      ['apiextensions.k8s.io', 'CustomResourceDefinition'],
      ['', 'PersistentVolume'],
    ])
      assert.equal(denied({ group, kind, name: 'x', namespace: '' }), `resource ${group}:${kind} is not permitted in project travel`);
    for (const [group, kind] of [
      ['', 'ResourceQuota'],
      ['', 'LimitRange'],
    ])
      assert.match(denied({ group, kind, name: 'x', namespace: 'wander' })!, /is not permitted in project travel/);
    // A declared cluster-scoped kind is that kind only.
    const data = (await argocd(SCENARIO)).find((o) => o.kind === 'AppProject' && o.metadata.name === 'data')!;
    const prod1 = { name: 'prod-1', server: 'https://prod-1.k8s.example.com' };
    assert.equal(
      syncPermissionError(data, prod1, { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ledger-reader', namespace: '' }),
      undefined,
    );
    assert.match(
      syncPermissionError(data, prod1, { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', name: 'x', namespace: '' })!,
      /not permitted/,
    );
    assert.match(syncPermissionError(data, prod1, { group: '', kind: 'Namespace', name: 'ledger', namespace: '' })!, /not permitted/);
  });

  it('every Application the ApplicationSets yield may sync every object it deploys, without CreateNamespace', async () => {
    for (const root of [REPO_ROOT, SCENARIO]) {
      const { output } = await buildFleet(root);
      const projects = new Map(output.argocdObjects.filter((o) => o.kind === 'AppProject').map((p) => [p.metadata.name, p as K8sObject & { spec: any }]));
      const { applications, errors } = previewApplications(output.argocdObjects);
      assert.deepEqual(errors, []);
      let checked = 0;
      for (const app of applications) {
        const project = projects.get(app.project)!;
        const cluster = { name: app.cluster, server: app.server };
        const syncOptions: string[] = (app.object.spec as any).syncPolicy?.syncOptions ?? [];
        assert.ok(!syncOptions.some((o) => o.startsWith('CreateNamespace')), `${app.name}: ${syncOptions}`);
        assert.ok(isDestinationPermitted(project.spec, cluster, app.namespace), `${app.name}: destination ${app.cluster}/${app.namespace}`);
        for (const o of manifestsOf(app, output.rendered, undefined).objects) {
          const namespace = isClusterScopedKind(o.kind) ? '' : (o.metadata.namespace ?? app.namespace);
          const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
          assert.equal(
            syncPermissionError(project, cluster, { group, kind: o.kind, name: o.metadata.name, namespace }),
            undefined,
            `${app.name}: ${o.kind} ${o.metadata.name}`,
          );
          checked++;
        }
      }
      assert.ok(checked > 0);
    }
  });

  it("the platform project creates each app's namespace on each cluster of its environments, and nothing else there", async () => {
    const objects = await argocd();
    const platform = objects.find((o) => o.kind === 'AppProject' && o.metadata.name === PLATFORM_PROJECT)!;
    const { applications } = previewApplications(objects);
    const namespaceApps = applications.filter((a) => a.project === PLATFORM_PROJECT && a.name !== 'flotilla-root');
    assert.deepEqual(
      namespaceApps.map((a) => a.name),
      ['flotilla-namespaces-dev-1', 'flotilla-namespaces-prod-eu', 'flotilla-namespaces-prod-us', 'flotilla-namespaces-staging-1'],
    );
    const { output } = await buildFleet(REPO_ROOT);
    const created = namespaceApps.flatMap((a) =>
      manifestsOf(a, output.rendered, undefined).objects.map((o) => {
        assert.equal(
          syncPermissionError(platform, { name: a.cluster, server: a.server }, { group: '', kind: o.kind, name: o.metadata.name, namespace: '' }),
          undefined,
        );
        return `${a.cluster}/${o.metadata.name}`;
      }),
    );
    assert.deepEqual(created.sort(), [
      'dev-1/matomo',
      'dev-1/wander',
      'prod-eu/kairoflow',
      'prod-eu/matomo',
      'prod-eu/wander',
      'prod-us/kairoflow',
      'prod-us/matomo',
      'prod-us/wander',
      'staging-1/kairoflow',
      'staging-1/matomo',
      'staging-1/wander',
    ]);
    const prodEu = { name: 'prod-eu', server: 'https://prod-eu.k8s.example.com' };
    assert.match(syncPermissionError(platform, prodEu, { group: 'apps', kind: 'Deployment', name: 'x', namespace: 'wander' })!, /not permitted/);
    assert.match(
      syncPermissionError(platform, prodEu, { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'x', namespace: '' })!,
      /not permitted/,
    );
    assert.match(
      syncPermissionError(platform, prodEu, { group: 'argoproj.io', kind: 'AppProject', name: 'x', namespace: 'argocd' })!,
      /namespace argocd is not permitted/,
    );
  });

  it('namespaces are labelled for Pod Security and never pruned or deleted by Argo CD', async () => {
    const { output } = await buildFleet(REPO_ROOT);
    const prod = output.rendered.get('argocd/namespaces/prod')!;
    const labels = (name: string) => prod.find((o) => o.metadata.name === name)!.metadata.labels!;
    assert.equal(labels('matomo')['pod-security.kubernetes.io/enforce'], 'baseline', 'matomo opts out of runAsRoot');
    assert.equal(labels('wander')['pod-security.kubernetes.io/enforce'], 'restricted');
    assert.equal(labels('wander')['flotilla.dev/team'], 'travel');
    for (const o of prod) assert.equal(o.metadata.annotations?.['argocd.argoproj.io/sync-options'], 'Prune=false,Delete=false');
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

  it('adding a cluster changes only its environment’s team ApplicationSets and projects, and the platform’s', async () => {
    const diff = await changedFiles((dir) =>
      writeFile(path.join(dir, 'clusters/prod-ap.yaml'), 'environment: prod\nserver: https://prod-ap.k8s.example.com\nregion: ap-southeast-1\n'),
    );
    assert.deepEqual(diff.added, []);
    assert.deepEqual(diff.removed, []);
    assert.deepEqual(diff.changed, [
      'argocd/applicationsets/analytics.yaml',
      'argocd/applicationsets/flotilla-namespaces.yaml',
      'argocd/applicationsets/kairoflow.yaml',
      'argocd/applicationsets/travel-charts.yaml',
      'argocd/applicationsets/travel.yaml',
      'argocd/bootstrap.yaml',
      'argocd/projects/analytics.yaml',
      'argocd/projects/kairoflow.yaml',
      'argocd/projects/travel.yaml',
    ]);
  });

  it('adding an app adds its own files and changes only its team’s ApplicationSet and project, and its environments’ namespaces', async () => {
    const diff = await changedFiles(async (dir) => {
      const source = await readFile(path.join(dir, 'apps/kairoflow.yaml'), 'utf8');
      await writeFile(path.join(dir, 'apps/kairo-two.yaml'), source.replace('namespace: kairoflow', 'namespace: kairo-two'));
    });
    assert.deepEqual(diff.changed, [
      'argocd/applicationsets/kairoflow.yaml',
      'argocd/namespaces/prod/resources.yaml',
      'argocd/namespaces/staging/resources.yaml',
      'argocd/projects/kairoflow.yaml',
    ]);
    assert.deepEqual(diff.removed, []);
    assert.ok(diff.added.length > 0 && diff.added.every((f) => f.includes('/kairo-two/')), diff.added.join(', '));
  });
});
