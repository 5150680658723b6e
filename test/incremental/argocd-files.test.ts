/**
 * A team's Argo CD files are taken as the last run wrote them only while their
 * key — the team's plan, its apps' plans, the fleet's Argo CD settings and
 * clusters — is the same and the files are on disk with that content;
 * otherwise they are made again, as a run without a cache makes them. Each of
 * the platform's own files likewise, keyed by what it is made from.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { emitArgoCd } from '../../generator/emit/emit-fleet.ts';
import { type CachedArgoCd, cachedArgoCd, type TeamArgoCdRecord } from '../../generator/incremental/argocd-files.ts';
import { loadFleet } from '../../generator/load/read-fleet.ts';
import { contentHash, dataHash } from '../../generator/model/hash.ts';
import { buildPlan } from '../../generator/plan/build-plan.ts';
import type { AppPlan, FleetPlan } from '../../generator/plan/model.ts';
import { renderAppProject } from '../../generator/render/argocd/app-project.ts';
import { renderApplicationSets } from '../../generator/render/argocd/application-sets.ts';
import { validateFleet } from '../../generator/validate/validate-fleet.ts';
import type { DiskState } from '../../generator/write/write-tree.ts';
import { EXAMPLE_ROOT } from '../validate/fleet-fixture.ts';

let plan: FleetPlan;
let first: CachedArgoCd;
const planHash = (app: AppPlan) => dataHash({ ...app, locate: undefined });

/** The disk as a run that wrote these files left it. */
function diskWith(files: { path: string; hash: string }[]): DiskState {
  return { files: new Map(files.map((f) => [f.path, { hash: f.hash, fingerprint: '', touched: false }])), dirs: new Map(), leftovers: [], emptyDirs: [] };
}

/** What a run without a cache makes of this plan: every file with its content. */
function cold(p: FleetPlan) {
  return emitArgoCd(p).files.map((f) => ({ path: f.path, hash: contentHash(f.content), content: f.content }));
}

const teamsOf = (p: FleetPlan) => p.teams.map((t) => t.name);
const teamFile = (path: string) => /^argocd\/(projects|applicationsets)\//.test(path) && !path.endsWith('/flotilla-namespaces.yaml');

before(async () => {
  plan = buildPlan(validateFleet(await loadFleet(EXAMPLE_ROOT)));
  first = cachedArgoCd(plan, undefined, diskWith([]), planHash);
});

test('without a last run, every team is made, as a run without a cache makes it', () => {
  assert.deepEqual(first.files, cold(plan));
  assert.ok(teamsOf(plan).every((t) => first.records.has(t)));
  assert.deepEqual(first.stats, { reused: 0, ran: first.records.size });
  assert.equal(first.unchecked.length, first.objects.length, 'every object is checked');
});

test('nothing changed: every file is taken from the last run, unmade, its objects unchecked', () => {
  const again = cachedArgoCd(plan, first.records, diskWith(first.files), planHash);
  assert.deepEqual(again.stats, { reused: first.records.size, ran: 0 });
  assert.deepEqual(
    again.files,
    first.files.map((f) => ({ path: f.path, hash: f.hash })),
  );
  assert.deepEqual(again.unchecked, []);
});

test("an app's plan changed: only its team is made again", () => {
  const changed = (app: AppPlan) => (app.name === 'wander' ? `${planHash(app)}!` : planHash(app));
  const again = cachedArgoCd(plan, first.records, diskWith(first.files), changed);
  const travel = plan.teams.find((t) => t.apps.includes('wander'))!.name;
  assert.deepEqual(again.stats, { reused: first.records.size - 1, ran: 1 });
  assert.ok(again.records.get(travel) !== first.records.get(travel));
  assert.ok(again.files.filter((f) => f.path.includes(`/${travel}`)).every((f) => f.content !== undefined));
});

test('a file of a team not on disk as written: the team is made again, and the file restored', () => {
  const file = first.files.find((f) => f.path.startsWith('argocd/applicationsets/'))!;
  const edited = first.files.map((f) => (f === file ? { ...f, hash: 'edited by hand' } : f));
  const again = cachedArgoCd(plan, first.records, diskWith(edited), planHash);
  assert.equal(again.stats.ran, 1);
  assert.deepEqual(
    again.files.find((f) => f.path === file.path),
    file,
  );
});

test("the fleet's revision changed: every team and every platform file that names it is made again, as without a cache", () => {
  const moved: FleetPlan = { ...plan, revision: 'release-2' };
  const again = cachedArgoCd(moved, first.records, diskWith(first.files), planHash);
  const coldFiles = cold(moved);
  const changed = coldFiles.filter((f) => first.files.find((g) => g.path === f.path)?.hash !== f.hash);
  assert.ok(changed.some((f) => f.path === 'argocd/bootstrap.yaml'));
  assert.deepEqual(
    again.files,
    coldFiles.map((f) => (changed.includes(f) || teamFile(f.path) ? f : { path: f.path, hash: f.hash })),
  );
  const records: Map<string, TeamArgoCdRecord> = again.records;
  assert.deepEqual([...records.keys()], [...first.records.keys()]);
});

test("a team's files read of the fleet's plan only what their key holds", () => {
  const read = new Set<string>();
  const watched = new Proxy(plan, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
  for (const team of plan.teams) {
    renderAppProject(watched, team);
    renderApplicationSets(watched, team);
  }
  // `apps`: only the team's own (their plans are in the key, and the team's plan lists them).
  const keyed = ['repoUrl', 'revision', 'argocdNamespace', 'progressive', 'environments', 'clusters', 'apps'];
  assert.ok(read.has('clusters') && read.has('apps'), [...read].join());
  assert.deepEqual(
    [...read].filter((k) => !keyed.includes(k)),
    [],
  );
});
