/**
 * An app's variants, and the findings of its own rules, come from the cache
 * only when everything they are made from is as it was. Variants: the app's
 * file, the environments, and each cluster that takes part (its environment,
 * and its file where it overrides the app; with a release, every cluster).
 * Rules: the same, the files the app inlines, the fleet file and every
 * cluster's file. Each case edits one of those and must get what validating
 * from scratch gives.
 */
import assert from 'node:assert/strict';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { FleetConfigError } from '../../generator/diagnostics.ts';
import { ConfigCache } from '../../generator/incremental/config-cache.ts';
import { EntryLog } from '../../generator/incremental/store.ts';
import { loadFleet } from '../../generator/load/read-fleet.ts';
import { type ValidatedFleet, validateFleet } from '../../generator/validate/validate-fleet.ts';
import { copyExampleFleet, EXAMPLE_ROOT, removeFleet } from '../validate/fleet-fixture.ts';

let root: string;
const log = () => new EntryLog(path.join(root, '.variants.log'), root, 'test');

/** Validates through a cache on the log left by the last call, and saves it, even after errors (generate would not). */
async function cached(): Promise<{ fleet: ValidatedFleet; stats: ConfigCache['stats'] }> {
  const entries = log();
  const cache = new ConfigCache(entries);
  try {
    return { fleet: validateFleet(await loadFleet(root, cache.parse), cache), stats: cache.stats };
  } finally {
    entries.save();
  }
}

/** Each app's variants, with each layer as its file and prefix: what rules and the plan read. */
function variantsOf(fleet: ValidatedFleet) {
  return fleet.apps.map((a) => ({
    app: a.name,
    env: [...a.envBodies],
    clusters: [...a.clusterBodies],
    layers: [...a.layers].map(([k, layers]) => [k, layers.map((l) => [l.parsed.file, l.prefix])]),
  }));
}

async function assertAsFromScratch(fleet: ValidatedFleet): Promise<void> {
  assert.deepEqual(variantsOf(fleet), variantsOf(validateFleet(await loadFleet(root))));
}

async function edit(file: string, change: (doc: ReturnType<typeof parseDocument>) => void): Promise<void> {
  const doc = parseDocument(await readFile(path.join(root, file), 'utf8'));
  change(doc);
  await writeFile(path.join(root, file), doc.toString());
}

describe('the variant cache', () => {
  before(async () => {
    root = await copyExampleFleet();
    await cp(path.join(EXAMPLE_ROOT, 'apps'), path.join(root, 'apps'), { recursive: true }); // with the files apps inline
  });
  after(() => removeFleet(root));

  it('answers for every app when nothing changed, with what validating gives', async () => {
    const first = await cached();
    assert.equal(first.stats.variantHits, 0);
    const again = await cached();
    assert.deepEqual([again.stats.variants, again.stats.variantHits], [0, first.fleet.apps.length]);
    assert.equal(again.stats.dataRead, 0, 'no file read back as data: every result came from the cache');
    await assertAsFromScratch(again.fleet);
  });

  it("takes every app's rule findings, warnings included, from the cache when nothing changed", async () => {
    const { fleet, stats } = await cached();
    assert.deepEqual([stats.rules, stats.ruleHits], [0, fleet.apps.length]);
    const fresh = validateFleet(await loadFleet(root));
    assert.ok(fresh.warnings.length > 0, 'the example has warnings (its opt-outs)');
    assert.deepEqual(fleet.warnings, fresh.warnings);
  });

  it('runs the rules of an app again when a file it inlines changed, and finds what is in it', async () => {
    const file = path.join(root, 'apps/kairoflow/nginx.conf');
    const before = await readFile(file, 'utf8');
    await writeFile(file, `${before}\npassword = TODO\n`);
    const placeholder = (e: unknown) =>
      e instanceof FleetConfigError && e.diagnostics.some((d) => d.file === 'apps/kairoflow.yaml' && /placeholder/.test(d.message));
    await assert.rejects(cached(), placeholder);
    await writeFile(file, before);
    assert.deepEqual((await cached()).fleet.warnings, validateFleet(await loadFleet(root)).warnings);
  });

  it("keeps every app's rule findings when a cluster changes what no rule asks about (its region)", async () => {
    await edit('clusters/dev-1.yaml', (d) => d.set('region', 'eu-north-1'));
    const { fleet, stats } = await cached();
    assert.deepEqual([stats.rules, stats.ruleHits], [0, fleet.apps.length]);
    assert.deepEqual(fleet.warnings, validateFleet(await loadFleet(root)).warnings);
  });

  it("computes again an app a cluster's override of it changed, and only that app", async () => {
    await edit('clusters/prod-us.yaml', (d) => d.setIn(['apps', 'wander', 'components', 'api', 'containers', 'api', 'env', 'REGION'], 'us-west-2'));
    const { fleet, stats } = await cached();
    assert.equal(stats.variants, 1);
    await assertAsFromScratch(fleet);
  });

  it('computes again the apps with a release when a cluster joins (a release is checked against every cluster)', async () => {
    await writeFile(path.join(root, 'clusters/prod-ap.yaml'), 'environment: prod\nserver: https://prod-ap.example.com\nregion: ap-south-1\n');
    const { fleet, stats } = await cached();
    const withRelease = fleet.apps.filter((a) => a.spec.release !== undefined).length;
    assert.ok(withRelease > 0);
    assert.equal(stats.variants, withRelease);
    await assertAsFromScratch(fleet);
  });

  it('computes again an app without a release that overrides itself on a cluster when that cluster moves, and not the other apps', async () => {
    const app = 'team: travel\nnamespace: echo\ncomponents:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n';
    await writeFile(path.join(root, 'apps/echo.yaml'), `${app}clusters:\n  prod-eu:\n    components:\n      web: { replicas: 3 }\n`);
    await cached();
    await edit('clusters/prod-eu.yaml', (d) => d.set('region', 'eu-central-1'));
    assert.equal((await cached()).stats.variants, 0, 'prod-eu does not override the apps with a release: its file is no input of theirs');
    await edit('clusters/prod-eu.yaml', (d) => d.set('environment', 'staging'));
    const { fleet, stats } = await cached();
    const withRelease = fleet.apps.filter((a) => a.spec.release !== undefined).length;
    assert.equal(stats.variants, withRelease + 1, 'echo, and the apps with a release');
    await assertAsFromScratch(fleet);
  });

  it('keeps no result with problems: they are found again', async () => {
    await edit('clusters/prod-us.yaml', (d) => d.setIn(['apps', 'wander', 'components', 'nope', 'replicas'], 2));
    const nope = (e: unknown) => e instanceof FleetConfigError && e.diagnostics.some((d) => /component "nope" does not exist/.test(d.message));
    await assert.rejects(cached(), nope);
    await assert.rejects(cached(), nope, 'the second run finds it too');
  });
});

describe("an app's findings against the other apps", () => {
  const echo = [
    'team: travel',
    'namespace: echo',
    'components:',
    '  web:',
    '    containers:',
    '      web:',
    '        image: nginx:1.27',
    '        ports: { http: 8080 }',
    '        env:',
    '          API_URL: { service: api, app: wander, port: http }',
    '          API_PORT: { service: api, app: wander, port: 8000 }',
    '          CACHE_URL: http://lonely-web:8080',
    '',
  ].join('\n');
  const lonely =
    'team: travel\nnamespace: lonely\ncomponents:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n';
  const fromScratch = async () => validateFleet(await loadFleet(root));
  /** The problems a cached run finds are those validating from scratch finds. */
  const rejectsAsFromScratch = async (expected: RegExp) => {
    const scratch = await fromScratch().then(
      () => assert.fail('validating from scratch finds a problem'),
      (e: FleetConfigError) => e.diagnostics,
    );
    assert.ok(
      scratch.some((d) => d.file === 'apps/echo.yaml' && expected.test(d.message)),
      scratch.map((d) => d.message).join('\n'),
    );
    await assert.rejects(cached(), (e: unknown) => e instanceof FleetConfigError && assert.deepEqual(e.diagnostics, scratch) === undefined);
  };

  before(async () => {
    root = await copyExampleFleet();
    await cp(path.join(EXAMPLE_ROOT, 'apps'), path.join(root, 'apps'), { recursive: true });
    await writeFile(path.join(root, 'apps/echo.yaml'), echo);
    await cached();
  });
  after(() => removeFleet(root));

  it('are taken from the cache when nothing changed', async () => {
    const { fleet, stats } = await cached();
    assert.deepEqual([stats.rules, stats.ruleHits], [0, fleet.apps.length]);
  });

  it("stand when another app changes in what no app asked about (an image): only that app's run again", async () => {
    await edit('apps/wander.yaml', (d) => d.setIn(['release', 'dev', 'images', 'ghcr.io/wander/api'], '1.5.1'));
    const { fleet, stats } = await cached();
    assert.deepEqual([stats.rules, stats.ruleHits], [1, fleet.apps.length - 1]);
    assert.deepEqual(fleet.warnings, (await fromScratch()).warnings);
  });

  it('are found again when a port another app refers to by name is renamed, and when one it refers to by number moves', async () => {
    await edit('apps/wander.yaml', (d) => d.setIn(['components', 'api', 'containers', 'api', 'ports'], d.createNode({ web: 8000 })));
    await rejectsAsFromScratch(/Service port "http" does not exist/);
    await edit('apps/wander.yaml', (d) => d.setIn(['components', 'api', 'containers', 'api', 'ports'], d.createNode({ http: 8001 })));
    await rejectsAsFromScratch(/Service port 8000 does not exist/);
    await edit('apps/wander.yaml', (d) => d.setIn(['components', 'api', 'containers', 'api', 'ports'], d.createNode({ http: 8000 })));
    await cached();
  });

  it('are found again when an app they name goes', async () => {
    const wander = await readFile(path.join(root, 'apps/wander.yaml'), 'utf8');
    await rm(path.join(root, 'apps/wander.yaml'));
    await rejectsAsFromScratch(/app "wander" does not exist/);
    await writeFile(path.join(root, 'apps/wander.yaml'), wander);
    await cached();
  });

  it('warn when a Service a host names by its short name appears in another namespace', async () => {
    const shortName = (d: { file: string; message: string }) => d.file === 'apps/echo.yaml' && /lonely-web by its short name/.test(d.message);
    assert.ok(!(await cached()).fleet.warnings.some(shortName));
    await writeFile(path.join(root, 'apps/lonely.yaml'), lonely);
    const { fleet, stats } = await cached();
    assert.ok(fleet.warnings.some(shortName), 'echo asked for lonely-web: its findings are made again');
    assert.equal(stats.rules, 2, 'echo and the new app');
    assert.deepEqual(fleet.warnings, (await fromScratch()).warnings);
  });

  it("are found again when a cluster joins an environment whose clusters an app's pod-level resources asked about, and only that app's", async () => {
    await edit('apps/echo.yaml', (d) => d.setIn(['components', 'web', 'podResources'], d.createNode({ limits: { memory: '1Gi' } })));
    await cached();
    await writeFile(
      path.join(root, 'clusters/prod-old.yaml'),
      'environment: prod\nserver: https://prod-old.example.com\nregion: eu-west-1\nkubernetesVersion: "1.33"\n',
    );
    await rejectsAsFromScratch(/pod-level resources need Kubernetes 1.34 or later, but cluster prod-old \(1.33\)/);
    await writeFile(path.join(root, 'clusters/prod-old.yaml'), 'environment: prod\nserver: https://prod-old.example.com\nregion: eu-west-1\n');
    const { fleet, stats } = await cached();
    assert.deepEqual([stats.rules, stats.ruleHits], [1, fleet.apps.length - 1], 'echo asked for the clusters of prod; the others asked nothing that changed');
    assert.deepEqual(fleet.warnings, (await fromScratch()).warnings);
  });
});
