/**
 * loadFleet: which files make up a fleet, in a stable order, and what is
 * refused rather than skipped (skipping a file would silently drop an app).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import { FleetConfigError, formatDiagnostic } from '../../generator/diagnostics.ts';
import { loadFleet } from '../../generator/load/read-fleet.ts';
import { EXAMPLE_ROOT, type FleetChanges, makeFleet, removeFleet } from '../validate/fleet-fixture.ts';

const roots: string[] = [];
after(async () => {
  await Promise.all(roots.map(removeFleet));
});

async function fleetWith(changes: FleetChanges): Promise<string> {
  const root = await makeFleet(changes);
  roots.push(root);
  return root;
}

async function loadErrors(root: string): Promise<string[]> {
  try {
    await loadFleet(root);
  } catch (error) {
    if (error instanceof FleetConfigError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  return [];
}

test('the example fleet: every app and cluster, sorted by name, with repo-relative file names', async () => {
  const fleet = await loadFleet(EXAMPLE_ROOT);
  assert.equal(fleet.fleet.file, 'fleet.yaml');
  assert.deepEqual(
    fleet.apps.map((a) => [a.name, a.parsed.file]),
    [
      ['kairoflow', 'apps/kairoflow.yaml'],
      ['matomo', 'apps/matomo.yaml'],
      ['wander', 'apps/wander.yaml'],
    ],
  );
  assert.deepEqual(
    fleet.clusters.map((c) => c.name),
    ['dev-1', 'prod-eu', 'prod-us', 'staging-1'],
  );
});

test('.yml is read too; hidden files and nested folders are not apps', async () => {
  const root = await fleetWith({
    files: {
      'apps/blog.yml': 'team: web\nnamespace: blog\n',
      'apps/.draft.yaml': 'not: [valid',
      'apps/blog/notes.yaml': 'not: [valid',
    },
  });
  const fleet = await loadFleet(root);
  assert.deepEqual(
    fleet.apps.map((a) => a.parsed.file),
    ['apps/blog.yml', 'apps/shop.yaml'],
  );
});

test('the same name as .yaml and .yml is refused', async () => {
  const root = await fleetWith({ files: { 'apps/shop.yml': 'team: web\nnamespace: shop\n' } });
  assert.deepEqual(await loadErrors(root), ['apps/shop.yml:1:1 app "shop" is also defined by apps/shop.yaml Keep one of the two files.']);
});

test('a folder or a link named like a config file is refused, not skipped', async () => {
  const root = await fleetWith({ symlinks: { 'clusters/dev-2.yaml': 'dev-1.yaml' } });
  await mkdir(path.join(root, 'apps/web.yaml'));
  assert.deepEqual(await loadErrors(root), [
    'apps/web.yaml:1:1 apps/web.yaml is a folder, not a regular file Config files must be plain files in the repository; a link could read any file of the machine.',
    'clusters/dev-2.yaml:1:1 clusters/dev-2.yaml is a symbolic link, not a regular file Config files must be plain files in the repository; a link could read any file of the machine.',
  ]);
});

test('a missing folder is named as such', async () => {
  const root = await fleetWith({ remove: ['clusters/dev-1.yaml', 'clusters/prod-1.yaml'] });
  await removeFleet(path.join(root, 'clusters'));
  assert.deepEqual(await loadErrors(root), [
    'clusters/:1:1 folder clusters/ not found Add clusters/<name>.yaml. An empty folder is an error, never "no clusters", so a failed checkout cannot delete anything.',
  ]);
});

test('every problem of every file is reported in one run', async () => {
  const root = await fleetWith({ files: { 'fleet.yaml': 'a: 1\na: 2\n', 'apps/Bad.yaml': 'x: 1\n', 'clusters/dev-1.yaml': '' } });
  assert.deepEqual(
    (await loadErrors(root)).map((line) => line.split(' ')[0]),
    ['apps/Bad.yaml:1:1', 'clusters/dev-1.yaml:1:1', 'fleet.yaml:2:1'],
  );
});

test('a 50 MB file is refused after reading at most the size limit', async () => {
  const root = await fleetWith({});
  await writeFile(path.join(root, 'apps/shop.yaml'), Buffer.alloc(50 * 1024 * 1024, '# padding\n'));
  const heap = process.memoryUsage().heapUsed;
  const external = process.memoryUsage().external;
  const found = await loadErrors(root);
  const grown = process.memoryUsage().heapUsed - heap + (process.memoryUsage().external - external);
  assert.deepEqual(found, ['apps/shop.yaml:1:1 file is 52428800 bytes; config files are limited to 1048576 bytes Split it into several app or cluster files.']);
  assert.ok(grown < 16 * 1024 * 1024, `memory grew by ${Math.round(grown / 1024 / 1024)} MB`);
});

test('a fleet root that does not exist, or is a file, is named as such (not as three missing files)', async () => {
  await assert.rejects(loadFleet('/nonexistent/fleet'), {
    name: 'UserError',
    message:
      'the fleet root /nonexistent/fleet does not exist; pass the folder that holds fleet.yaml, apps/ and clusters/ with --root (default: the current directory)',
  });
  const root = await fleetWith({});
  await assert.rejects(loadFleet(path.join(root, 'fleet.yaml')), { message: /^the fleet root .*fleet\.yaml is not a folder; / });
});

test('a FIFO in place of fleet.yaml is refused at once, without waiting for a writer', { timeout: 10_000 }, async () => {
  const root = await fleetWith({});
  await rm(path.join(root, 'fleet.yaml'));
  execFileSync('mkfifo', [path.join(root, 'fleet.yaml')]);
  assert.deepEqual(await loadErrors(root), ['fleet.yaml:1:1 fleet.yaml is not a regular file']);
});
