/**
 * One generation, compared with what is committed: build the fleet in a
 * checkout, summarise the change against a base revision, apply the deletion
 * guard. Nothing is written here; writeOutput does that once the caller has
 * decided to go ahead (not in --dry-run, not when the guard refused).
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { changedPaths, filesAt } from '../git/revision-files.ts';
import type { ChartRenderer } from '../helm/render-charts.ts';
import { type BuiltFleet, buildFleet } from '../pipeline.ts';
import { recoverOutput } from '../write/journal.ts';
import { applyWrite, planWrite } from '../write/write-tree.ts';
import { inventoryOf } from './applications.ts';
import { buildOnce, configKey } from './build-cache.ts';
import { type ChangeSummary, computeChangeSummary } from './change-summary.ts';
import { deliveryCharts } from './chart-changes.ts';
import { enforceDeletionGuard } from './deletion-guard.ts';
import type { FleetPaths } from './fleet-paths.ts';
import { type FleetSnapshot, generatedFilesAt, snapshotAtRevision, snapshotOfBuild } from './snapshot.ts';

// Git's well-known empty tree: "everything is new" when nothing was generated before.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export interface ChangeContext {
  repoDir: string;
  paths: FleetPaths;
  /** Committed side; null on a branch without commits. */
  baseRev: string | null;
  baseLabel: string;
  /** Where the new config is: the working tree (commit), or a commit checked out unmodified at repoDir (pull request). */
  configAt: string | 'worktree';
  allowDeletions: boolean;
  /** Renders the chart Applications whose inputs change, as `flotilla diff` does; null: charts are not rendered (--skip-charts). */
  charts: ChartRenderer | null;
}

export interface PreparedChange {
  built: BuiltFleet;
  summary: ChangeSummary;
  /** Repository-relative generated files the change adds, changes or removes. */
  paths: string[];
  /** The new output: fleet-relative path → git blob id. */
  outputFiles: Map<string, string>;
}

export async function prepareChange(ctx: ChangeContext): Promise<PreparedChange> {
  const fleetRoot = path.join(ctx.repoDir, ctx.paths.prefix);
  recoverOutput(fleetRoot); // a killed run's write: finished or discarded before anything reads the output
  // Config from a commit (a pull request's base, checked out unmodified) has a key; a working tree does not.
  const built =
    ctx.configAt === 'worktree'
      ? await buildFleet(fleetRoot)
      : await buildOnce(configKey(await filesAt(ctx.repoDir, ctx.configAt, ctx.paths.configSpecs()), ctx.paths), () => buildFleet(fleetRoot));
  const after = snapshotOfBuild(built);
  const committed = ctx.baseRev ? await generatedFilesAt(ctx.repoDir, ctx.paths, ctx.baseRev) : new Map<string, string>();
  // Same files, same everything: skip building the committed side (the common "nothing to do" run).
  const unchanged = sameFiles(committed, after.files);
  const before = unchanged
    ? { ...after, label: ctx.baseLabel, generatedAt: null }
    : ctx.baseRev
      ? await snapshotAtRevision(ctx.repoDir, ctx.paths, ctx.baseRev, ctx.baseLabel, committed)
      : emptySnapshot(ctx.baseLabel);
  // Nothing to regenerate: no config file needs explaining (listing them all would claim a change that is not there).
  const configFiles = unchanged ? [] : await changedPaths(ctx.repoDir, before.generatedAt ?? EMPTY_TREE, ctx.configAt, ctx.paths.configSpecs());
  const summary = computeChangeSummary(
    before,
    after,
    configFiles.map((p) => ctx.paths.toFleet(p) ?? p),
    await deliveryCharts(before, after, ctx.charts),
  );
  enforceDeletionGuard(summary, built.plan.maxApplicationDeletions, ctx.allowDeletions);
  const { added, changed, removed } = summary.files;
  return { built, summary, paths: [...added, ...changed, ...removed].map((p) => ctx.paths.toRepo(p)).sort(), outputFiles: after.files };
}

/**
 * Writes the output into the checkout. Returns the paths to commit: a removed
 * generated file that is still on disk was replaced by a hand-written one
 * (write-tree never deletes those), so it is left out of the commit.
 */
export async function writeOutput(repoDir: string, paths: FleetPaths, change: PreparedChange): Promise<{ commitPaths: string[]; keptHandWritten: string[] }> {
  const fleetRoot = path.join(repoDir, paths.prefix);
  await applyWrite(fleetRoot, await planWrite(fleetRoot, change.built.output.files));
  const removed = new Set(change.summary.files.removed.map((p) => paths.toRepo(p)));
  const keptHandWritten: string[] = [];
  for (const p of removed) {
    if (
      await lstat(path.join(repoDir, p)).then(
        () => true,
        () => false,
      )
    )
      keptHandWritten.push(p);
  }
  return { commitPaths: change.paths.filter((p) => !keptHandWritten.includes(p)), keptHandWritten };
}

export function sameFiles(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, blob]) => b.get(path) === blob);
}

function emptySnapshot(label: string): FleetSnapshot {
  return { label, files: new Map(), inventory: inventoryOf([], label), rendered: new Map(), bodies: new Map(), plan: null, built: null, generatedAt: null };
}
