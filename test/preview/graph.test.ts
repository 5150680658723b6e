/** The Mermaid fleet graph, checked against the config it is drawn from. */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { type BuiltFleet, buildFleet } from '../../generator/pipeline.ts';
import { renderMermaid } from '../../generator/preview/graph.ts';
import { copyFleet, removeDir } from '../support/temp-fleet.ts';

const id = (...parts: string[]) => parts.map((p) => p.replace(/[^A-Za-z0-9]/g, '_')).join('__');

describe('renderMermaid', () => {
  let dir: string;
  let built: BuiltFleet;
  let apps: [string, any][];
  before(async () => {
    dir = await copyFleet();
    built = await buildFleet(dir);
    apps = await Promise.all(
      (await readdir(path.join(dir, 'apps')))
        .filter((f) => f.endsWith('.yaml'))
        .map(async (f) => [f.replace('.yaml', ''), parse(await readFile(path.join(dir, 'apps', f), 'utf8'))] as [string, any]),
    );
  });
  after(() => removeDir(dir));

  it('draws every cluster in its environment, every component, and every component → component edge', () => {
    const graph = renderMermaid(built);
    assert.match(graph, /^flowchart LR$/m);
    for (const c of built.plan.clusters) {
      const block = graph.slice(graph.indexOf(`subgraph env_${c.environment}[`), graph.indexOf('  end', graph.indexOf(`subgraph env_${c.environment}[`)));
      assert.ok(block.includes(`cluster_${id(c.name)}{{"${c.name}<br/>${c.region}"}}`), `${c.name} in ${c.environment}`);
    }
    for (const [app, spec] of apps) {
      assert.match(graph, new RegExp(`subgraph app_${app}\\["${app} · team ${spec.team}"\\]`));
      for (const [component, c] of Object.entries<any>(spec.components)) {
        assert.ok(graph.includes(`c_${id(app, component)}`), `${app}/${component}`);
        for (const dep of c.talksTo ?? []) {
          if (typeof dep === 'string') assert.ok(graph.includes(`c_${id(app, component)} --> c_${id(app, dep)}`), `${app}/${component} → ${dep}`);
          if (dep.cidr)
            assert.ok(graph.includes(`c_${id(app, component)} -.->|"${(dep.ports ?? []).join(',')}"| cidr_${id(dep.cidr)}`), `${component} → ${dep.cidr}`);
        }
      }
    }
  });

  it('connects each app to the clusters its Applications deploy to', () => {
    const graph = renderMermaid(built);
    const placements = graph.split('\n').filter((l) => l.includes(' ==> '));
    // matomo runs everywhere, kairoflow only in staging and prod (deployTo).
    assert.deepEqual(
      placements.filter((l) => l.includes('app_kairoflow')),
      ['  app_kairoflow ==> cluster_prod_eu', '  app_kairoflow ==> cluster_prod_us', '  app_kairoflow ==> cluster_staging_1'],
    );
    assert.equal(placements.filter((l) => l.includes('app_matomo')).length, built.plan.clusters.length);
  });

  it('filters by environment and app', () => {
    const graph = renderMermaid(built, { env: 'dev', app: 'wander' });
    assert.ok(graph.includes('subgraph env_dev'));
    assert.ok(!graph.includes('env_prod') && !graph.includes('app_matomo'));
    assert.deepEqual(
      graph.split('\n').filter((l) => l.includes(' ==> ')),
      ['  app_wander ==> cluster_dev_1'],
    );
  });
});
