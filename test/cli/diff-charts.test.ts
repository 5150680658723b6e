/**
 * `flotilla diff` and `preview --manifests` with chart Applications rendered
 * by the real helm: the example fleet with its charts pointed at a loopback
 * chart repository of fixture charts (packaged by the real `helm package`), a
 * chart bump that changes, adds and removes objects, a second diff that runs
 * no helm, and a template error that names its config line while the rest of
 * the diff still prints.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { type ChartRepo, countingHelm, serveChartRepo } from '../support/chart-repo.ts';
import { copyFleet, flotillaWithEnv, removeDir } from '../support/temp-fleet.ts';

const run = promisify(execFile);
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd, env: GIT_ENV })).stdout.trim();

let repo: ChartRepo;
let dir: string;
let env: NodeJS.ProcessEnv;
let counter: Awaited<ReturnType<typeof countingHelm>>;

async function edit(file: string, from: string, to: string): Promise<void> {
  const full = path.join(dir, file);
  const text = await readFile(full, 'utf8');
  assert.ok(text.includes(from), `${file} has no ${from}`);
  await writeFile(full, text.replace(from, to));
}

before(async () => {
  repo = await serveChartRepo(['postgresql-12.12.10', 'postgresql-13.0.0', 'redis-17.17.1']);
  dir = await copyFleet();
  const wander = path.join(dir, 'apps/wander.yaml');
  await writeFile(wander, (await readFile(wander, 'utf8')).replaceAll('oci://registry-1.docker.io/bitnamicharts', repo.url));
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', 'fleet with charts from a local repository');
  counter = await countingHelm(dir);
  env = { FLOTILLA_CACHE_DIR: path.join(dir, '.cache'), FLOTILLA_HELM: counter.path };
});
after(async () => {
  await repo.close();
  await removeDir(dir);
});

describe('flotilla diff with Helm charts', () => {
  it('renders nothing when no chart input changes', async () => {
    await edit('apps/wander.yaml', 'frontend:\n    replicas: 2', 'frontend:\n    replicas: 3');
    const r = await flotillaWithEnv(dir, { ...env, FLOTILLA_OFFLINE: '1' }, 'diff');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /Errors:/);
    assert.deepEqual(await counter.calls(), []);
    await git(dir, 'checkout', '--', '.');
  });

  it('shows a chart bump object by object: changed, added and removed, secret values hidden', async () => {
    // The chart version is in each environment's release: bump it in dev, staging and prod.
    for (const _env of ['dev', 'staging', 'prod']) await edit('apps/wander.yaml', 'postgresql: 12.12.10', 'postgresql: 13.0.0');
    const r = await flotillaWithEnv(dir, env, 'diff');
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^Apps: 1 changed, 0 added, 0 removed, 2 unchanged; Applications: 4 changed, 0 added, 0 removed, 19 unchanged; objects: 8 added, 12 changed, 8 removed\.$/m,
    );
    const wander = r.out.slice(r.out.indexOf('~ wander (travel)'));
    for (const line of [
      '~ wander (travel): Applications changed everywhere (4 clusters)',
      '    ~ Application wander-postgresql-{cluster}',
      '        spec.sources[0].targetRevision: 12.12.10 → 13.0.0',
      '    - ConfigMap wander/wander-postgresql-configuration',
      '        data.database (added, value hidden)',
      '    + Service wander/wander-postgresql-headless',
      '    - Service wander/wander-postgresql-hl',
      '    + ServiceAccount wander/wander-postgresql',
      '        spec.serviceName: wander-postgresql-hl → wander-postgresql-headless',
      '        spec.template.spec.containers[postgresql].image: docker.io/bitnami/postgresql: 15.4.0 → 16.1.0',
    ])
      assert.ok(wander.includes(`${line}\n`), `missing: ${line}\n${wander}`);
    // The StatefulSet's serviceName cannot change in place: the bump replaces it, which is data at risk, reviewed first.
    assert.match(
      r.out,
      /^ {2}! data at risk: wander · StatefulSet wander\/wander-postgresql: replaced: serviceName changes from wander-postgresql-hl to wander-postgresql-headless: Kubernetes cannot change this in place.* — everywhere \(4 clusters\)$/m,
    );

    const md = await flotillaWithEnv(dir, env, 'diff', '--format', 'markdown');
    assert.match(md.out, /<summary><b>wander<\/b> \(travel\) — Applications changed everywhere \(4 clusters\)<\/summary>/);
    assert.match(md.out, /- `spec\.serviceName: wander-postgresql-hl → wander-postgresql-headless`/);
    const json = JSON.parse((await flotillaWithEnv(dir, env, 'diff', '--format', 'json')).out);
    const prod = json.applications.find((a: { name: string }) => a.name === 'wander-postgresql-prod-eu');
    assert.deepEqual(prod.charts, [], 'the chart was rendered: its objects are in the diff');
    assert.deepEqual(
      prod.objects
        .filter((o: { change: string }) => o.change !== 'changed')
        .map((o: { change: string; kind: string; name: string }) => `${o.change} ${o.kind} ${o.name}`),
      [
        'removed ConfigMap wander-postgresql-configuration',
        'added Service wander-postgresql-headless',
        'removed Service wander-postgresql-hl',
        'added ServiceAccount wander-postgresql',
      ],
    );
    assert.ok(!JSON.stringify(json).includes(Buffer.from('wander').toString('base64')), 'a Secret value reached the JSON');
  });

  it('runs no helm for a second diff of the same change', async () => {
    const before = (await counter.calls()).length;
    assert.ok(before > 0);
    const r = await flotillaWithEnv(dir, env, 'diff');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /objects: 8 added, 12 changed, 8 removed\./);
    assert.equal((await counter.calls()).length, before, 'helm ran again');
  });

  it('names the Application, chart and config line of a template error, and prints the rest', async () => {
    await edit(
      'apps/wander.yaml',
      '  dev:\n    components:',
      '  dev:\n    charts:\n      redis:\n        values:\n          auth: { existingSecret: null }\n    components:',
    );
    const r = await flotillaWithEnv(dir, env, 'diff');
    assert.equal(r.code, 1);
    assert.match(r.out, /^~ wander \(travel\): Applications changed everywhere \(4 clusters\)$/m);
    assert.match(
      r.out,
      /^ {2}✗ head: wander-redis-dev-1: apps\/wander\.yaml:\d+:\d+ environments\.dev\.charts\.redis\.values: helm template of redis 17\.17\.1 from http:\/\/127\.0\.0\.1:\d+ failed: execution error at \(redis\/templates\/redis\.yaml:\d+:\d+\): auth\.existingSecret: name the Secret that holds the Redis password$/m,
    );
    const line = Number(/apps\/wander\.yaml:(\d+):\d+ environments\.dev\.charts\.redis\.values/.exec(r.out)![1]);
    const source = (await readFile(path.join(dir, 'apps/wander.yaml'), 'utf8')).split('\n');
    assert.deepEqual(source.slice(line - 3, line), ['      redis:', '        values:', '          auth: { existingSecret: null }']);
    await git(dir, 'checkout', '--', '.');
  });
});

describe('flotilla preview --manifests with Helm charts', () => {
  it('prints the chart objects helm rendered, in the Application’s namespace', async () => {
    const r = await flotillaWithEnv(dir, env, 'preview', '--manifests', '--app', 'wander-redis-prod-eu');
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^# Helm chart redis 17\.17\.1 from http:\/\/127\.0\.0\.1:\d+, values \$values\/overlays\/prod\/wander\/redis\.values\.yaml: rendered by helm template$/m,
    );
    const objects = parseAllDocuments(r.out).map((d) => d.toJS());
    assert.deepEqual(
      objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`),
      [
        'Service wander/wander-redis-master',
        'Service wander/wander-redis-replicas',
        'Service wander/wander-redis-headless',
        'StatefulSet wander/wander-redis-master',
        'StatefulSet wander/wander-redis-replicas',
      ],
    );
    const replicas = objects.find((o) => o.metadata.name === 'wander-redis-replicas' && o.kind === 'StatefulSet');
    assert.equal(replicas.spec.replicas, 2); // prod's values: replica.replicaCount 2
  });
});
