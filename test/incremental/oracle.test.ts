/**
 * The incremental cache's oracle: random sequences of edits to a fleet — to
 * apps, clusters, fleet.yaml, files apps inline, and to the generated files
 * themselves — each followed by an incremental `generate`, must leave exactly
 * what a cold run (a fresh folder, no cache) writes from the same config: the
 * same files byte for byte, the same exit code, the same messages (and the
 * same objects holding data put at risk as comparing two cold builds finds). A cache key
 * that misses an input shows up here as a stale file.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { lastRunDataWarnings } from '../../generator/cli/commands/data-at-risk-warnings.ts';
import { FleetConfigError, formatDiagnostic, UserError } from '../../generator/diagnostics.ts';
import { HEADER_MARK } from '../../generator/model/names.ts';
import { type BuiltFleet, buildFleet } from '../../generator/pipeline.ts';
import { dataAtRiskBetween } from '../../generator/preview/diff/data-at-risk.ts';
import { writeFleet } from '../../scripts/synthetic-fleet.ts';
import { flotilla, readTree } from '../support/temp-fleet.ts';

const SIZE = { apps: 7, environments: 3, clusters: 5, overrideClusters: 2, teams: 2 };

type Doc = Record<string, any>;

/** An edit, with random numbers it picks its targets by. */
type Edit = { kind: (typeof EDITS)[number]; a: number; b: number; c: number };

const EDITS = [
  'image',
  'replicas',
  'env',
  'port',
  'talksTo',
  'dropTalksTo',
  'removeApp',
  'copyApp',
  'team',
  'envOverride',
  'addCluster',
  'removeCluster',
  'clusterOverride',
  'appClusterOverride',
  'clusterEnvironment',
  'release',
  'clusterStorage',
  'clusterRegion',
  'regionInConfig',
  'baseDomain',
  'revision',
  'configFile',
  'handEdit',
  'deleteGenerated',
  'touchGenerated',
] as const;

/** Edits that reach across apps (what another app's output reads) come up more often: they are where a key can miss. */
const CROSS_APP: Edit['kind'][] = ['talksTo', 'port', 'dropTalksTo', 'removeApp', 'copyApp'];

const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.oneof({ arbitrary: fc.constantFrom(...EDITS), weight: 3 }, { arbitrary: fc.constantFrom(...CROSS_APP), weight: 2 }),
  a: fc.nat(1000),
  b: fc.nat(1000),
  c: fc.nat(1000),
});

async function read(dir: string, file: string): Promise<Doc> {
  return parse(await readFile(path.join(dir, file), 'utf8')) as Doc;
}

async function write(dir: string, file: string, doc: Doc): Promise<void> {
  await writeFile(path.join(dir, file), stringify(doc, { aliasDuplicateObjects: false }));
}

async function names(dir: string, folder: string): Promise<string[]> {
  return (await readdir(path.join(dir, folder)))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** The component a synthetic app can always be tuned on (web, else api). */
function front(app: Doc): [string, Doc] {
  const name = app.components.web ? 'web' : app.components.api ? 'api' : Object.keys(app.components)[0];
  return [name, app.components[name]];
}

function firstContainer(component: Doc): Doc {
  return Object.values(component.containers as Record<string, Doc>)[0];
}

/** Applies one edit to the fleet in `dir` (and its generated files); returns a description for failure messages. */
async function applyEdit(dir: string, e: Edit): Promise<string> {
  const apps = await names(dir, 'apps');
  const clusters = await names(dir, 'clusters');
  const fleet = await read(dir, 'fleet.yaml');
  const envs = (fleet.environments as Doc[]).map((x) => x.name as string);
  const app = apps[e.a % apps.length];
  const appFile = `apps/${app}.yaml`;
  const editApp = async (f: (doc: Doc) => void) => {
    const doc = await read(dir, appFile);
    f(doc);
    await write(dir, appFile, doc);
  };
  switch (e.kind) {
    case 'image':
      await editApp((d) => {
        const c = firstContainer(front(d)[1]);
        c.image = `${String(c.image).replace(/:[^:/]+$/, '')}:9.${e.b % 7}.0`;
      });
      return `image of ${app}`;
    case 'replicas':
      await editApp((d) => {
        front(d)[1].replicas = 1 + (e.b % 4);
      });
      return `replicas of ${app}`;
    case 'env':
      await editApp((d) => {
        const c = firstContainer(front(d)[1]);
        c.env = { ...(c.env ?? {}), [`FLAG_${e.b % 3}`]: `v${e.c % 5}` };
      });
      return `env of ${app}`;
    case 'port':
      await editApp((d) => {
        const api = d.components.api?.containers?.api;
        if (api) api.ports.http = 8000 + (e.b % 5);
      });
      return `api port of ${app} (others talk to it)`;
    case 'talksTo': {
      // An app with an api component (else the edit is a config error, which both sides report).
      const withApi = [];
      for (const name of apps) if ((await read(dir, `apps/${name}.yaml`)).components.api) withApi.push(name);
      const pool = e.c % 4 === 0 || withApi.length === 0 ? apps : withApi;
      const target = pool[e.b % pool.length];
      await editApp((d) => {
        const [, comp] = front(d);
        comp.talksTo = [
          ...(comp.talksTo ?? []).filter((t: unknown) => !(typeof t === 'object' && (t as Doc).app === target)),
          { app: target, component: 'api' },
        ];
      });
      return `${app} talks to ${target}`;
    }
    case 'dropTalksTo':
      await editApp((d) => {
        for (const comp of Object.values(d.components as Record<string, Doc>))
          if (comp.talksTo) comp.talksTo = (comp.talksTo as unknown[]).filter((t) => typeof t === 'string' || !(t as Doc).app);
      });
      return `${app} talks to no other app`;
    case 'removeApp':
      if (apps.length <= 2) return 'kept the last apps';
      await rm(path.join(dir, appFile));
      return `removed ${app}`;
    case 'copyApp': {
      const name = `copy-${e.b % 5}`;
      const doc = await read(dir, appFile);
      doc.namespace = name;
      await write(dir, `apps/${name}.yaml`, doc);
      return `copied ${app} to ${name}`;
    }
    case 'team':
      await editApp((d) => {
        d.team = Object.keys(fleet.teams)[e.b % Object.keys(fleet.teams).length];
      });
      return `team of ${app}`;
    case 'envOverride':
      await editApp((d) => {
        const env = envs[e.b % envs.length];
        d.environments = { ...(d.environments ?? {}), [env]: { components: { [front(d)[0]]: { replicas: 1 + (e.c % 3) } } } };
      });
      return `environment override of ${app}`;
    case 'addCluster': {
      const env = envs[e.b % envs.length];
      const name = `${env}-extra-${e.c % 3}`;
      await write(dir, `clusters/${name}.yaml`, { environment: env, server: `https://${name}.example.com`, region: 'eu-west-1' });
      return `added cluster ${name}`;
    }
    case 'removeCluster': {
      const cluster = clusters[e.b % clusters.length];
      const remaining = await Promise.all(clusters.filter((c) => c !== cluster).map((c) => read(dir, `clusters/${c}.yaml`)));
      const env = (await read(dir, `clusters/${cluster}.yaml`)).environment;
      if (!remaining.some((c) => c.environment === env)) return `kept ${cluster}, the last of ${env}`;
      await rm(path.join(dir, `clusters/${cluster}.yaml`));
      return `removed cluster ${cluster}`;
    }
    case 'clusterOverride': {
      const cluster = clusters[e.b % clusters.length];
      const doc = await read(dir, `clusters/${cluster}.yaml`);
      const target = await read(dir, appFile);
      const [comp, spec] = front(target);
      const container = Object.keys(spec.containers)[0];
      doc.apps = { ...(doc.apps ?? {}), [app]: { components: { [comp]: { containers: { [container]: { env: { ZONE: `z${e.c % 3}` } } } } } } };
      const deployed = (target.deployTo ?? envs) as string[];
      if (!deployed.includes(doc.environment)) return `no override: ${app} is not in ${doc.environment}`;
      await write(dir, `clusters/${cluster}.yaml`, doc);
      return `cluster ${cluster} overrides ${app}`;
    }
    case 'appClusterOverride': {
      const cluster = clusters[e.b % clusters.length];
      await editApp((d) => {
        const [comp] = front(d);
        d.clusters = { ...(d.clusters ?? {}), [cluster]: { components: { [comp]: { replicas: 1 + (e.c % 3) } } } };
      });
      return `${app} overrides itself on cluster ${cluster}`;
    }
    case 'clusterEnvironment': {
      const cluster = clusters[e.b % clusters.length];
      const doc = await read(dir, `clusters/${cluster}.yaml`);
      doc.environment = envs[e.c % envs.length];
      await write(dir, `clusters/${cluster}.yaml`, doc);
      return `cluster ${cluster} moved to ${doc.environment}`;
    }
    case 'release': {
      // Versions move from the images to a release section, one per environment, with a cluster of its own now and then.
      const cluster = await read(dir, `clusters/${clusters[e.b % clusters.length]}.yaml`);
      await editApp((d) => {
        const versions: Record<string, string> = {};
        const untag = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(untag);
          else if (node && typeof node === 'object')
            for (const [k, v] of Object.entries(node as Doc)) {
              const tagged = k === 'image' && typeof v === 'string' ? /^(.+):([^:/]+)$/.exec(v) : null;
              if (tagged) {
                versions[tagged[1]] = tagged[2];
                (node as Doc)[k] = tagged[1];
              } else untag(v);
            }
        };
        untag(d.components);
        if (Object.keys(versions).length === 0) return;
        d.release = Object.fromEntries(((d.deployTo ?? envs) as string[]).map((env) => [env, { images: { ...versions } }]));
        if (e.c % 2 && d.release[cluster.environment]) {
          const [image] = Object.keys(versions);
          d.release[cluster.environment].clusters = { [clusters[e.b % clusters.length]]: { images: { [image]: `7.${e.c % 5}.0` } } };
        }
      });
      return `release section for ${app}`;
    }
    case 'clusterStorage': {
      const cluster = clusters[e.b % clusters.length];
      const doc = await read(dir, `clusters/${cluster}.yaml`);
      doc.settings = e.c % 2 ? { storageClass: `class-${e.c % 3}` } : undefined;
      await write(dir, `clusters/${cluster}.yaml`, doc);
      return `storage class of ${cluster}`;
    }
    case 'clusterRegion': {
      const cluster = clusters[e.b % clusters.length];
      const doc = await read(dir, `clusters/${cluster}.yaml`);
      doc.region = ['eu-west-1', 'us-east-2', 'ap-south-1'][e.c % 3];
      await write(dir, `clusters/${cluster}.yaml`, doc);
      return `region of ${cluster}`;
    }
    case 'regionInConfig':
      // A variant that names the region has one variant per cluster: every cluster of its environments counts then.
      await editApp((d) => {
        d.configMaps = { ...(d.configMaps ?? {}), where: { data: { 'where.txt': `region=\${flotilla.region} cluster=\${flotilla.cluster}\n` } } };
      });
      return `${app} names the region in a ConfigMap`;
    case 'baseDomain': {
      const env = fleet.environments[e.b % envs.length];
      env.baseDomain = `${env.name}${e.c % 3}.example.net`;
      await write(dir, 'fleet.yaml', fleet);
      return `base domain of ${env.name}`;
    }
    case 'revision':
      fleet.repo.revision = `release-${e.b % 3}`;
      await write(dir, 'fleet.yaml', fleet);
      return 'fleet revision';
    case 'configFile': {
      await mkdir(path.join(dir, 'apps', app), { recursive: true });
      await writeFile(path.join(dir, 'apps', app, 'extra.conf'), `setting = ${e.b % 4}\n`);
      await editApp((d) => {
        d.configMaps = { ...(d.configMaps ?? {}), extra: { data: { 'extra.conf': { file: `${app}/extra.conf` } } } };
      });
      return `file-based ConfigMap of ${app}`;
    }
    case 'handEdit':
    case 'deleteGenerated':
    case 'touchGenerated': {
      const files = [...(await readTree(dir)).keys()];
      if (files.length === 0) return 'no generated files yet';
      const file = path.join(dir, files[e.b % files.length]);
      if (e.kind === 'handEdit') await writeFile(file, `${await readFile(file, 'utf8')}# edited by hand\n`);
      else if (e.kind === 'deleteGenerated') await unlink(file);
      else await utimes(file, new Date(), new Date(Date.now() + 5000));
      return `${e.kind} ${files[e.b % files.length]}`;
    }
  }
}

/** Generated files only (a hand-written one is neither side's output). */
async function generatedTree(dir: string): Promise<Map<string, string>> {
  return new Map([...(await readTree(dir))].filter(([, content]) => content.startsWith(HEADER_MARK)));
}

type ColdRun = { ok: true; built: BuiltFleet; warnings: string[]; tree: Map<string, string> } | { ok: false; errors: string[] };

/** What a cold run makes of the same config: the whole pipeline in memory, no cache. */
async function coldRun(dir: string): Promise<ColdRun> {
  try {
    const built = await buildFleet(dir);
    const { plan, output } = built;
    return { ok: true, built, warnings: plan.warnings.map(formatDiagnostic), tree: new Map(output.files.map((f) => [f.path, f.content])) };
  } catch (error) {
    if (!(error instanceof FleetConfigError) && !(error instanceof UserError)) throw error;
    return { ok: false, errors: error instanceof FleetConfigError ? error.diagnostics.map(formatDiagnostic) : [error.message] };
  }
}

function withoutRevertNotice(err: string): string {
  return err.replace(/^reverted changes made to [\s\S]*?(?=^\S|$(?![\s\S]))/m, '');
}

describe('incremental generate equals a cold run', () => {
  it('after every edit of random edit sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(1000), fc.array(editArb, { minLength: 8, maxLength: 14 }), async (seed, edits) => {
        const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-oracle-'));
        try {
          await writeFleet(dir, SIZE, seed);
          assert.equal((await flotilla(dir, 'generate', '--quiet')).code, 0);
          // The objects holding data that a run deletes or replaces are warned about against the last run
          // that succeeded: exactly what comparing the two cold builds finds.
          let lastGood = await buildFleet(dir);
          const done: string[] = [];
          let before: Map<string, string>;
          for (const edit of edits) {
            done.push(await applyEdit(dir, edit));
            before = await generatedTree(dir); // what a failing run must leave (hand edits included)
            const run = await flotilla(dir, 'generate');
            const cold = await coldRun(dir);
            const where = `after: ${done.join('; ')}`;
            assert.equal(run.code, cold.ok ? 0 : 1, `exit code ${where}\n${run.err}`);
            const messages = withoutRevertNotice(run.err).split('\n').filter(Boolean);
            if (cold.ok) {
              const dataWarnings = lastRunDataWarnings(dataAtRiskBetween(lastGood, cold.built));
              assert.deepEqual(messages, [...cold.warnings, ...dataWarnings], `warnings ${where}`);
              lastGood = cold.built;
            } else for (const e of cold.errors) assert.ok(run.err.includes(e), `error ${e} ${where}\n${run.err}`);
            const tree = await generatedTree(dir);
            const expected = cold.ok ? cold.tree : before;
            assert.deepEqual([...tree.keys()], [...expected.keys()], `file set ${where}`);
            for (const [file, content] of tree) assert.equal(content, expected.get(file), `${file} ${where}`);
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 6, seed: 20261201, endOnFailure: true },
    );
  });
});
