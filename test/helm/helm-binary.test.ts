/**
 * Which helm renders: FLOTILLA_HELM, else the newer of the bundled helm and
 * one on PATH; a binary's version is asked once and then remembered. The
 * "helms" on PATH here are scripts that print a version and log each run,
 * since only the choice between binaries is under test.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUNDLED_HELM, findHelm } from '../../generator/helm/helm-binary.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'flotilla-helm-binary-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function fakeHelm(folder: string, version: string): Promise<{ path: string; runs: () => Promise<number> }> {
  await mkdir(path.join(dir, folder), { recursive: true });
  const file = path.join(dir, folder, 'helm');
  const log = path.join(dir, folder, 'runs.log');
  await writeFile(file, `#!/bin/sh\necho run >> '${log}'\nprintf '%s' '${version}'\n`);
  await chmod(file, 0o755);
  return { path: file, runs: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length };
}

describe('findHelm', () => {
  it('takes a helm on PATH when it is newer than the bundled one, and asks its version only once', async () => {
    const newer = await fakeHelm('newer', 'v9.0.0');
    const cache = path.join(dir, 'cache-newer');
    const found = await findHelm({ PATH: path.dirname(newer.path) }, cache);
    assert.deepEqual(found, { path: newer.path, version: 'v9.0.0' });
    await findHelm({ PATH: path.dirname(newer.path) }, cache);
    assert.equal(await newer.runs(), 1);
  });

  it('keeps the bundled helm over an older one on PATH', async () => {
    const older = await fakeHelm('older', 'v3.9.0');
    const found = await findHelm({ PATH: path.dirname(older.path) }, path.join(dir, 'cache-older'));
    assert.equal(found.path, BUNDLED_HELM);
    assert.match(found.version, /^v4\./);
  });

  it('uses FLOTILLA_HELM alone, and refuses one too old for OCI registries', async () => {
    const old = await fakeHelm('ancient', 'v3.7.2');
    await assert.rejects(findHelm({ FLOTILLA_HELM: old.path }, path.join(dir, 'cache-ancient')), /FLOTILLA_HELM=.* is not a helm of version 3\.8 or newer/);
  });
});
