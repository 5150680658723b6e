/**
 * The two sides of a delivery: the fleet as committed at a revision (what Argo
 * CD sees now) and the fleet as just generated. Both are reduced to the same
 * shape so change-summary.ts can compare them.
 *
 * The committed side takes its Applications from the committed ApplicationSets
 * (the truth for deletions, whatever Flotilla version wrote them), and its
 * rendered objects from building the config of the commit that last wrote the
 * output: the config at the revision itself may already be ahead of its output
 * (config pushed, output not yet regenerated), which would hide the change.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { UserError } from '../diagnostics.ts';
import { blobId, filesAt, filesMarkedAt, lastCommitTouching, showBlobs } from '../git/revision-files.ts';
import { runGit } from '../git/run-git.ts';
import { ARGOCD_DIR, HEADER_MARK } from '../model/names.ts';
import type { K8sObject } from '../model/object.ts';
import { type BuiltFleet, buildFleet } from '../pipeline.ts';
import type { FleetPlan } from '../plan/model.ts';
import { type ArgoInventory, inventoryOf } from './applications.ts';
import { buildOnce, configKey } from './build-cache.ts';
import type { FleetPaths } from './fleet-paths.ts';

export interface FleetSnapshot {
  /** For people: "main@1a2b3c4d", "the new output". */
  label: string;
  /** Generated files, fleet-relative path → git blob id. */
  files: Map<string, string>;
  /** Generated files, fleet-relative path → content without the header line; null when unknown. */
  bodies: Map<string, string> | null;
  inventory: ArgoInventory;
  /** The AppProjects (what each team may deploy where). */
  projects?: K8sObject[];
  /** Kustomize path → rendered objects; null when unknown (see `note`). */
  rendered: Map<string, K8sObject[]> | null;
  plan: FleetPlan | null;
  /** The whole build behind `rendered` and `plan`. */
  built: BuiltFleet | null;
  /** Commit that last wrote this output (committed side only). */
  generatedAt: string | null;
  /** Why something is unknown. */
  note?: string;
}

export function snapshotOfBuild(built: BuiltFleet): FleetSnapshot {
  return {
    label: 'the new output',
    files: new Map(built.output.files.map((f) => [f.path, blobId(f.content)])),
    bodies: bodiesOf(built),
    inventory: inventoryOf(built.output.argocdObjects, 'the new output'),
    projects: built.output.argocdObjects.filter((o) => o.kind === 'AppProject'),
    rendered: built.output.rendered,
    plan: built.plan,
    built,
    generatedAt: null,
  };
}

/** Flotilla's files at a revision (fleet-relative path → blob id). Hand-written files in the output folders are not Flotilla's: never compared, never removed. */
export async function generatedFilesAt(repoDir: string, paths: FleetPaths, rev: string): Promise<Map<string, string>> {
  const specs = paths.outputSpecs();
  const [tracked, marked] = await Promise.all([filesAt(repoDir, rev, specs), filesMarkedAt(repoDir, rev, specs, HEADER_MARK)]);
  const files = new Map<string, string>();
  for (const [repoPath, blob] of tracked) {
    const fleetPath = paths.toFleet(repoPath);
    if (fleetPath !== null && marked.has(repoPath)) files.set(fleetPath, blob);
  }
  return files;
}

/** `files`: generatedFilesAt(rev), when the caller already has it. */
export async function snapshotAtRevision(repoDir: string, paths: FleetPaths, rev: string, label: string, files?: Map<string, string>): Promise<FleetSnapshot> {
  const specs = paths.outputSpecs();
  files ??= await generatedFilesAt(repoDir, paths, rev);
  const argocd = await committedArgoObjects(repoDir, paths, rev, label, [...files.keys()]);
  const snapshot: FleetSnapshot = {
    label,
    files,
    inventory: inventoryOf(argocd, label),
    projects: argocd.filter((o) => o.kind === 'AppProject'),
    rendered: new Map(),
    bodies: new Map(),
    plan: null,
    built: null,
    generatedAt: null,
  };
  if (files.size === 0) return snapshot; // nothing generated yet: everything new is an addition
  const generatedAt = await lastCommitTouching(repoDir, rev, specs);
  snapshot.generatedAt = generatedAt;
  if (!generatedAt) {
    Object.assign(snapshot, { rendered: null, bodies: null, note: 'object counts unknown: no commit in the history wrote the committed output' });
    return snapshot;
  }
  if (await isShallow(repoDir)) {
    // The oldest commit of a shallow clone seems to touch every file, so it may be taken for the one that generated the output.
    snapshot.note = 'object counts may be wrong: the clone is shallow (in GitHub Actions, check out with fetch-depth: 0)';
  }
  try {
    const built = await buildConfigAt(repoDir, paths, generatedAt);
    snapshot.rendered = built.output.rendered;
    snapshot.bodies = bodiesOf(built);
    snapshot.plan = built.plan;
    snapshot.built = built;
  } catch (error) {
    snapshot.rendered = null;
    snapshot.bodies = null;
    snapshot.note = `object counts unknown: the config at ${generatedAt.slice(0, 12)}, which wrote the committed output, does not build with this Flotilla (${firstLine(error)})`;
  }
  return snapshot;
}

async function committedArgoObjects(repoDir: string, paths: FleetPaths, rev: string, label: string, generated: string[]): Promise<K8sObject[]> {
  const argoFiles = generated.filter((p) => p.startsWith(`${ARGOCD_DIR}/`) && p.endsWith('.yaml'));
  const blobs = await showBlobs(
    repoDir,
    rev,
    argoFiles.map((p) => paths.toRepo(p)),
  );
  const contents = argoFiles.map((p) => blobs.get(paths.toRepo(p))!);
  return contents.flatMap((bytes, i) =>
    parseAllDocuments(bytes.toString('utf8')).flatMap((doc) => {
      if (doc.errors.length > 0) throw new UserError(`cannot read the committed ${argoFiles[i]} at ${label}: ${doc.errors[0]!.message}`);
      const object = doc.toJS() as K8sObject | null;
      return object && typeof object === 'object' && typeof object.kind === 'string' ? [object] : [];
    }),
  );
}

async function isShallow(repoDir: string): Promise<boolean> {
  return (await runGit(repoDir, ['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
}

/** Builds the fleet config (fleet.yaml, apps/, clusters/) of a commit, in a temporary directory. */
async function buildConfigAt(repoDir: string, paths: FleetPaths, commit: string): Promise<BuiltFleet> {
  const config = await filesAt(repoDir, commit, paths.configSpecs());
  return buildOnce(configKey(config, paths), () => materialiseAndBuild(repoDir, paths, commit, [...config.keys()]));
}

async function materialiseAndBuild(repoDir: string, paths: FleetPaths, commit: string, configFiles: string[]): Promise<BuiltFleet> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-before-'));
  try {
    const files = await showBlobs(repoDir, commit, configFiles);
    for (const [repoPath, bytes] of files) {
      const target = path.join(dir, paths.toFleet(repoPath)!);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
    return await buildFleet(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The header names the config files an output depends on; comparing without it tells content changes from provenance changes. */
function bodiesOf(built: BuiltFleet): Map<string, string> {
  return new Map(built.output.files.map((f) => [f.path, f.content.slice(f.content.indexOf('\n') + 1)]));
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
