/**
 * The fleet config at another git revision, built in a temporary directory:
 * only fleet.yaml, apps/ and clusters/ are read out of git (never checked
 * out), so the working tree, the index and HEAD are left alone. The default
 * base is the merge base with main (then origin/main), else HEAD.
 */
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FleetConfigError, formatDiagnostic, UserError } from '../../diagnostics.ts';
import { runGit, showBlobs, spawnGit } from '../../git/run-git.ts';
import { APPS_DIR, CLUSTERS_DIR, FLEET_FILE } from '../../model/names.ts';
import { type BuiltFleet, buildFleet } from '../../pipeline.ts';
import { emptyFleet } from './empty-fleet.ts';

export interface FleetRevision {
  ref: string;
  sha: string;
  /** For people: "merge base with main (1a2b3c4d)". */
  label: string;
}

const MAIN_BRANCHES = ['main', 'origin/main'];

export async function resolveRevision(root: string, ref: string): Promise<FleetRevision> {
  const r = await spawnGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (r.code !== 0) throw new UserError(`unknown git revision "${ref}"${await gitHint(root)}`);
  const sha = r.stdout.trim();
  return { ref, sha, label: `${ref} (${sha.slice(0, 8)})` };
}

export async function defaultBaseRevision(root: string): Promise<FleetRevision> {
  for (const branch of MAIN_BRANCHES) {
    const m = await spawnGit(root, ['merge-base', 'HEAD', branch]);
    if (m.code === 0 && m.stdout.trim()) {
      const sha = m.stdout.trim();
      return { ref: sha, sha, label: `merge base with ${branch} (${sha.slice(0, 8)})` };
    }
  }
  const head = await resolveRevision(root, 'HEAD');
  return { ...head, label: `HEAD (${head.sha.slice(0, 8)}; no main branch to take a merge base with)` };
}

/** Builds the fleet as it was at `rev`; an empty fleet when fleet.yaml did not exist there yet. */
export async function buildFleetAtRevision(root: string, rev: FleetRevision): Promise<BuiltFleet> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-revision-'));
  try {
    const hasFleet = await materialise(root, rev.sha, dir);
    if (!hasFleet) return emptyFleet();
    return await buildFleet(dir);
  } catch (error) {
    if (error instanceof FleetConfigError) {
      throw new UserError(`the fleet config at ${rev.label} does not build:\n${error.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}`);
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the config files of `sha` below `dir`; returns whether fleet.yaml exists there. */
async function materialise(root: string, sha: string, dir: string): Promise<boolean> {
  const top = (await runGit(root, ['rev-parse', '--show-toplevel'])).stdout.trim();
  const prefix = path
    .relative(await realpath(top), await realpath(root))
    .split(path.sep)
    .join('/');
  const specs = [FLEET_FILE, APPS_DIR, CLUSTERS_DIR].map((p) => (prefix ? `${prefix}/${p}` : p));
  const listing = (await runGit(top, ['ls-tree', '-r', '-z', '--full-tree', sha, '--', ...specs])).stdout;
  const wanted: string[] = [];
  for (const entry of listing.split('\0').filter(Boolean)) {
    const tab = entry.indexOf('\t');
    const [mode, type] = entry.slice(0, tab).split(' ');
    // Regular files only: a symlink or submodule in the config is not followed out of the revision.
    if (type === 'blob' && /^100(644|755)$/.test(mode)) wanted.push(entry.slice(tab + 1));
  }
  // One git for all the files: a git per file took 40 s of system time for 2,200 files.
  const blobs = await showBlobs(top, sha, wanted);
  let hasFleet = false;
  for (const repoPath of wanted) {
    const rel = prefix ? repoPath.slice(prefix.length + 1) : repoPath;
    const target = path.join(dir, ...rel.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, blobs.get(repoPath)!);
    if (rel === FLEET_FILE) hasFleet = true;
  }
  return hasFleet;
}

async function gitHint(root: string): Promise<string> {
  const inside = await spawnGit(root, ['rev-parse', '--is-inside-work-tree']);
  return inside.code === 0 ? '' : ` (${root} is not inside a git repository)`;
}
