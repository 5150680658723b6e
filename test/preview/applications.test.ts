/**
 * preview's Applications for the example fleet, checked against an oracle
 * built from the config files themselves (apps × clusters of their
 * environments, charts) and the generated file tree (a cluster overlay
 * exists only where the cluster really differs) — and shown to follow the
 * ApplicationSet objects, not the plan.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { filterApplications, previewApplications } from '../../generator/appset/fleet-applications.ts';
import { type BuiltFleet, buildFleet } from '../../generator/pipeline.ts';
import { copyFleet, removeDir } from '../support/temp-fleet.ts';

interface Expected {
  name: string;
  cluster: string;
  server: string;
  namespace: string;
  project: string;
  source: string;
}

async function oracle(dir: string, built: BuiltFleet): Promise<Expected[]> {
  const fleet = parse(await readFile(path.join(dir, 'fleet.yaml'), 'utf8'));
  const envs: string[] = fleet.environments.map((e: { name: string }) => e.name);
  const clusters = await Promise.all(
    (await readdir(path.join(dir, 'clusters'))).map(async (f) => ({
      name: f.replace(/\.yaml$/, ''),
      ...parse(await readFile(path.join(dir, 'clusters', f), 'utf8')),
    })),
  );
  const files = new Set(built.output.files.map((f) => f.path));
  const out: Expected[] = [];
  for (const file of (await readdir(path.join(dir, 'apps'))).filter((f) => f.endsWith('.yaml'))) {
    const app = parse(await readFile(path.join(dir, 'apps', file), 'utf8'));
    const name = file.replace(/\.yaml$/, '');
    for (const c of clusters.filter((x) => (app.deployTo ?? envs).includes(x.environment))) {
      const clusterDir = `overlays/${c.name}/${name}`;
      const dirOf = files.has(`${clusterDir}/kustomization.yaml`) ? clusterDir : `overlays/${c.environment}/${name}`;
      out.push({ name: `${name}-${c.name}`, cluster: c.name, server: c.server, namespace: app.namespace, project: app.team, source: dirOf });
      for (const chart of Object.keys(app.charts ?? {})) {
        out.push({
          name: `${name}-${chart}-${c.name}`,
          cluster: c.name,
          server: c.server,
          namespace: app.charts[chart].namespace ?? app.namespace,
          project: app.team,
          source: `$values/${dirOf}/${chart}.values.yaml`,
        });
      }
    }
  }
  // The platform's Application per cluster that creates the apps' namespaces.
  for (const c of clusters) {
    out.push({
      name: `flotilla-namespaces-${c.name}`,
      cluster: c.name,
      server: c.server,
      namespace: '',
      project: 'flotilla-platform',
      source: `argocd/namespaces/${c.environment}`,
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

describe('preview Applications of the example fleet', () => {
  let dir: string;
  let built: BuiltFleet;
  before(async () => {
    dir = await copyFleet();
    built = await buildFleet(dir);
  });
  after(() => removeDir(dir));

  it('are exactly the apps × clusters of their environments, plus one per chart release and one per cluster for the namespaces', async () => {
    const { applications, errors } = previewApplications(built.output.argocdObjects);
    assert.deepEqual(errors, []);
    const actual = applications.map((a) => ({
      name: a.name,
      cluster: a.cluster,
      server: a.server,
      namespace: a.namespace,
      project: a.project,
      source: a.sources
        .map((s) => (s.type === 'path' ? s.path : s.type === 'helm' ? s.valueFiles.join() : ''))
        .filter(Boolean)
        .join(),
    }));
    assert.deepEqual(actual, await oracle(dir, built));
  });

  it('point only at paths that exist in the generated output, with Argo CD metadata filled in', () => {
    const files = new Set(built.output.files.map((f) => f.path));
    for (const a of previewApplications(built.output.argocdObjects).applications) {
      for (const s of a.sources) if (s.type === 'path') assert.ok(files.has(`${s.path}/kustomization.yaml`), `${a.name}: ${s.path}`);
      assert.equal(a.object.metadata.namespace, 'argocd');
      assert.ok(a.environment && a.app, `${a.name} carries environment and app labels`);
    }
  });

  it('follow the ApplicationSet objects: an edited element list changes the Applications', () => {
    const objects = structuredClone(built.output.argocdObjects);
    const travel = objects.find((o) => o.kind === 'ApplicationSet' && o.metadata.name === 'travel')!;
    const generators = (travel.spec as any).generators as any[];
    // Drop prod-us from the prod matrix's cluster list.
    const prod = generators.find((g) => g.matrix.generators[0].list.elements.some((e: any) => e.cluster.name === 'prod-us'));
    prod.matrix.generators[0].list.elements = prod.matrix.generators[0].list.elements.filter((e: any) => e.cluster.name !== 'prod-us');
    (travel.spec as any).template.metadata.name = 'x-{{.app.name}}-{{.cluster.name}}';
    const names = previewApplications(objects)
      .applications.filter((a) => a.appSet === 'travel')
      .map((a) => a.name);
    assert.deepEqual(names, ['x-wander-dev-1', 'x-wander-prod-eu', 'x-wander-staging-1']);
  });

  it('filter by cluster, app (or Application name) and environment', () => {
    const apps = previewApplications(built.output.argocdObjects).applications;
    assert.deepEqual(
      filterApplications(apps, { cluster: 'prod-us', app: 'matomo' }).map((a) => a.name),
      ['matomo-prod-us'],
    );
    assert.deepEqual(
      filterApplications(apps, { app: 'wander-redis-dev-1' }).map((a) => a.name),
      ['wander-redis-dev-1'],
    );
    assert.deepEqual(
      filterApplications(apps, { env: 'staging', app: 'wander' }).map((a) => a.name),
      ['wander-postgresql-staging-1', 'wander-redis-staging-1', 'wander-staging-1'],
    );
  });
});
