/**
 * Crash consistency of the output tree, tested the way storage engines test it:
 * the write phase is stopped after its k-th file-system step, for every k, as a
 * kill would stop it (the step at k is torn: a file write leaves half its
 * bytes; renames and removals are atomic). Then:
 *   - no final path holds anything but its old or its new content (never a
 *     partial or empty file);
 *   - the next command's recovery leaves exactly the old tree or the new one,
 *     with no temporary files and no empty folders; from the commit point on,
 *     the new one.
 * One real SIGKILL test runs the CLI as a child process and kills it mid-write,
 * before and after the commit point.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { GeneratedFile } from '../../generator/emit/files.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { diskSteps, type FileSteps } from '../../generator/write/file-steps.ts';
import { recoverOutput, STAGING_DIR } from '../../generator/write/journal.ts';
import { applyWrite, planWrite, type WritePlan } from '../../generator/write/write-tree.ts';
import { writeFleet as writeSyntheticFleet } from '../../scripts/synthetic-fleet.ts';
import { CONFIG_ENTRIES, copyFleet, flotilla, REPO_ROOT, readTree, removeDir } from '../support/temp-fleet.ts';

const OUTPUT = ['base', 'overlays', 'argocd'];

class SimulatedCrash extends Error {}

/**
 * The disk, stopped before step `crashAt` (0-based): that step is torn, every later one fails,
 * and the writer's own clean-up cannot run either, as after a kill. Flushes are counted, not done.
 */
function crashingSteps(crashAt: number): FileSteps & { count: () => number } {
  const real = diskSteps();
  let n = 0;
  const step = (whole: () => void, torn: () => void = () => {}) => {
    if (n > crashAt) throw new SimulatedCrash();
    if (n++ === crashAt) {
      torn();
      throw new SimulatedCrash();
    }
    whole();
  };
  return {
    createFile(file, content) {
      step(() => closeSync(openSync(file, 'wx')));
      step(
        () => writeFileSync(file, content),
        () => writeFileSync(file, content.slice(0, content.length >> 1)),
      );
    },
    mkdir: (dir) => step(() => real.mkdir(dir)),
    rename: (from, to) => step(() => real.rename(from, to)),
    unlink: (file) => step(() => real.unlink(file)),
    rmdir: (dir) => step(() => real.rmdir(dir)),
    flush: () => step(() => {}),
    count: () => n,
  };
}

/** Changes every kind of thing a run can change: adds an app, removes one, edits one and every ApplicationSet. */
async function changeConfig(dir: string): Promise<void> {
  const edit = async (file: string, f: (s: string) => string) => writeFile(path.join(dir, file), f(await readFile(path.join(dir, file), 'utf8')));
  await edit('fleet.yaml', (s) => s.replace('revision: main', 'revision: release'));
  await edit('apps/wander.yaml', (s) => s.replace('ghcr.io/wander/frontend:1.4.2', 'ghcr.io/wander/frontend:1.4.3'));
  await writeFile(
    path.join(dir, 'apps/notes.yaml'),
    'team: analytics\nnamespace: notes\ncomponents:\n  notes:\n    containers:\n      notes:\n        image: nginx:1.27\n        runAsUser: 101\n',
  );
  rmSync(path.join(dir, 'apps/matomo.yaml'));
}

function emptyFolders(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    if (entries.length === 0) out.push(rel);
    for (const e of entries) if (e.isDirectory()) walk(`${rel}/${e.name}`);
  };
  for (const root of OUTPUT) if (existsSync(path.join(dir, root))) walk(root);
  return out;
}

function sameTree(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([f, c]) => b.get(f) === c);
}

interface Scenario {
  /** The old output, generated; copied for every crash point. */
  template: string;
  /** The new config, whose output the crashed write was writing. */
  newConfig: string;
  oldTree: Map<string, string>;
  newTree: Map<string, string>;
  newFiles: GeneratedFile[];
}

/** `first`: the crashed write is a first run's, into no output at all (every folder is new). */
async function scenario(first = false): Promise<Scenario> {
  const template = await copyFleet();
  assert.equal((await flotilla(template, 'generate', '--quiet')).code, 0);
  const newConfig = await copyFleet(template);
  await changeConfig(newConfig);
  assert.equal((await flotilla(newConfig, 'generate', '--quiet')).code, 0);
  if (first) for (const entry of OUTPUT) rmSync(path.join(template, entry), { recursive: true });
  const [oldTree, newTree] = [await readTree(template), await readTree(newConfig)];
  if (first) assert.equal(oldTree.size, 0);
  else assert.ok([...oldTree.keys()].some((f) => !newTree.has(f)) && [...newTree.keys()].some((f) => !oldTree.has(f)), 'adds and removes files');
  return { template, newConfig, oldTree, newTree, newFiles: (await buildFleet(newConfig)).output.files };
}

/** A copy of the old output with the new config beside it: what the crashed run found. */
function freshCopy(s: Scenario, into: string): void {
  rmSync(into, { recursive: true, force: true });
  for (const entry of OUTPUT) if (existsSync(path.join(s.template, entry))) cpSync(path.join(s.template, entry), path.join(into, entry), { recursive: true });
  for (const entry of CONFIG_ENTRIES) cpSync(path.join(s.newConfig, entry), path.join(into, entry), { recursive: true });
}

/** The write, stopped at step k. (A stop in the final clean-up is not an error of the write: it is left for the next recovery.) */
async function crashedWrite(dir: string, plan: WritePlan, k: number): Promise<void> {
  try {
    await applyWrite(dir, plan, crashingSteps(k));
  } catch (error) {
    if (!(error instanceof SimulatedCrash) && !(error instanceof Error && error.cause instanceof SimulatedCrash)) throw error;
  }
}

async function crashAtEveryStep(s: Scenario): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'flotilla-crash-'));
  try {
    freshCopy(s, work);
    const counting = crashingSteps(Number.POSITIVE_INFINITY);
    await applyWrite(work, await planWrite(work, s.newFiles), counting);
    assert.ok(sameTree(await readTree(work), s.newTree), 'an uninterrupted write gives the new tree');
    const total = counting.count();
    assert.ok(total > 50, `${total} steps`);

    freshCopy(s, work);
    const plan = await planWrite(work, s.newFiles); // the same for every crash point: each starts from the old tree
    let sawOld = 0;
    let sawNew = 0;
    let committed = false;
    for (let k = 0; k < total; k++) {
      freshCopy(s, work);
      await crashedWrite(work, plan, k);
      // Before recovery: every file at a final path is whole, old or new.
      for (const [file, content] of await readTree(work)) {
        assert.ok(content === s.oldTree.get(file) || content === s.newTree.get(file), `crash at step ${k}: ${file} holds neither its old nor its new content`);
      }
      const journaled = existsSync(path.join(work, STAGING_DIR, 'journal.json'));
      const outcome = recoverOutput(work);
      const tree = await readTree(work);
      const isNew = sameTree(tree, s.newTree);
      assert.ok(isNew || sameTree(tree, s.oldTree), `crash at step ${k}: recovery left a mixture (${outcome})`);
      // Old before the journal's rename, new from then on (also once the applied journal is deleted).
      committed ||= journaled;
      assert.equal(isNew, committed, `crash at step ${k}: ${committed ? 'committed, yet the old tree' : 'not committed, yet the new tree'}`);
      assert.ok(!existsSync(path.join(work, STAGING_DIR)), `crash at step ${k}: staging folder left`);
      assert.deepEqual(emptyFolders(work), [], `crash at step ${k}: empty folders left`);
      if (isNew) sawNew++;
      else sawOld++;
      // The next command itself recovers too (checked on a sample: each run builds the fleet).
      if (k % 25 === 0 || k === total - 1) {
        freshCopy(s, work);
        await crashedWrite(work, plan, k);
        const check = await flotilla(work, 'generate', '--check');
        assert.equal(check.code, isNew ? 0 : 3, `crash at step ${k}: generate --check after recovery\n${check.out}\n${check.err}`);
        assert.ok(!existsSync(path.join(work, STAGING_DIR)));
      }
    }
    assert.ok(sawOld > 0 && sawNew > 0, `crash points before (${sawOld}) and after (${sawNew}) the commit point`);
  } finally {
    await removeDir(work);
    await removeDir(s.template);
    await removeDir(s.newConfig);
  }
}

describe('crash points of the write phase', () => {
  it('after a crash at every step, recovery leaves the old tree or the new one, whole', async () => {
    await crashAtEveryStep(await scenario());
  });

  it('the same for a first run, into no output at all', async () => {
    await crashAtEveryStep(await scenario(true));
  });

  it('a write that fails before the commit point (disk full) leaves the old tree and nothing staged', async () => {
    const s = await scenario();
    const work = await mkdtemp(path.join(tmpdir(), 'flotilla-crash-'));
    try {
      freshCopy(s, work);
      const real = diskSteps();
      let created = 0;
      const full: FileSteps = {
        ...real,
        createFile(file, content) {
          if (++created === 5) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          real.createFile(file, content);
        },
      };
      await assert.rejects(
        applyWrite(work, await planWrite(work, s.newFiles), full),
        /could not write the generated output \(ENOSPC\); the previous output is unchanged/,
      );
      assert.ok(sameTree(await readTree(work), s.oldTree));
      assert.ok(!existsSync(path.join(work, STAGING_DIR)));
    } finally {
      await removeDir(work);
      await removeDir(s.template);
      await removeDir(s.newConfig);
    }
  });

  it('a real SIGKILL during generate: the next generate finishes or discards the write, and the tree is whole', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-kill-'));
    try {
      await writeSyntheticFleet(dir, { apps: 30, environments: 3, clusters: 6, overrideClusters: 2, teams: 3 }, 9);
      assert.equal((await flotilla(dir, 'generate', '--quiet')).code, 0);
      const oldTree = await readTree(dir);
      // A change to every app's output: the fleet's repo URL is in every ApplicationSet, the domain in every route.
      const fleetFile = path.join(dir, 'fleet.yaml');
      await writeFile(fleetFile, (await readFile(fleetFile, 'utf8')).replaceAll('example.com', 'example.org'));
      const expected = await copyFleet(dir);
      assert.equal((await flotilla(expected, 'generate', '--quiet')).code, 0);
      const newTree = await readTree(expected);
      await removeDir(expected);

      // Killed before the commit point (the next run discards the staged files and writes again) and well after it
      // (the next run finishes the journal). The preload kills at the same rename every time: no race with the write.
      for (const killAt of ['commit', '40']) {
        const child = spawn(
          process.execPath,
          ['--import', path.join(REPO_ROOT, 'test/support/kill-at-rename.mjs'), path.join(REPO_ROOT, 'bin/flotilla.js'), 'generate', '--quiet', '--root', dir],
          { stdio: 'ignore', env: { ...process.env, FLOTILLA_OFFLINE: '1', FLOTILLA_TEST_KILL_AT: killAt } },
        );
        const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
        assert.equal(signal, 'SIGKILL', `the run was killed at ${killAt}`);
        assert.ok(existsSync(path.join(dir, STAGING_DIR, 'journal.json')) === (killAt !== 'commit'), 'killed on the intended side of the commit point');
        const tree = await readTree(dir);
        for (const [file, content] of tree) assert.ok(content === oldTree.get(file) || content === newTree.get(file), `${file} after SIGKILL`);
        const next = await flotilla(dir, 'generate', '--quiet');
        assert.equal(next.code, 0, next.err);
        assert.ok(sameTree(await readTree(dir), newTree), 'the next generate leaves the new tree');
        assert.ok(!existsSync(path.join(dir, STAGING_DIR)));
        assert.deepEqual(emptyFolders(dir), []);
        // Back to the old output for the second kill.
        await writeFile(fleetFile, (await readFile(fleetFile, 'utf8')).replaceAll('example.org', 'example.com'));
        assert.equal((await flotilla(dir, 'generate', '--quiet')).code, 0);
        assert.ok(sameTree(await readTree(dir), oldTree));
        await writeFile(fleetFile, (await readFile(fleetFile, 'utf8')).replaceAll('example.com', 'example.org'));
      }
    } finally {
      await removeDir(dir);
    }
  });
});
