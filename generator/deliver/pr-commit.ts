/**
 * The commit on Flotilla's pull-request branch, prepared in a scratch
 * worktree: its tree is exactly the base plus the new output; its parents make
 * it a fast-forward of the branch that contains the base (so it is pushed
 * without force and merges cleanly).
 */
import { UserError } from '../diagnostics.ts';
import { DEFAULT_AUTHOR, stageOwnPaths } from '../git/commit.ts';
import { commitIndexWithParents, indexTree, treeOf } from '../git/compose-commit.ts';
import { isAncestor } from '../git/repo-state.ts';
import { runGit } from '../git/run-git.ts';
import type { ChartRenderer } from '../helm/render-charts.ts';
import { changeFingerprint } from './change-fingerprint.ts';
import { commitMessage } from './commit-message.ts';
import type { FleetPaths } from './fleet-paths.ts';
import { type PreparedChange, prepareChange, sameFiles, writeOutput } from './prepare-change.ts';
import { generatedFilesAt } from './snapshot.ts';

export interface PrCommitSettings {
  /** Name of the base branch, for messages. */
  baseBranch: string;
  allowDeletions: boolean;
  charts: ChartRenderer | null;
  messagePrefix?: string;
  /** A change to the config itself, made before generating (a promotion); without it the branch carries only output. */
  configChange?: ConfigChange;
}

/** A config edit a pull request carries along with the output it generates (e.g. `flotilla promote`). */
export interface ConfigChange {
  /** Edits config files in the scratch checkout, whose files are exactly the base; returns the repository paths it changed. */
  apply(dir: string): Promise<string[]>;
  /** Commit message for the prepared change. */
  message(change: PreparedChange): string;
  /** Pull request title, body and labels for the prepared change. */
  describe(change: PreparedChange): { title: string; body: string; labels: string[] };
}

/** `fingerprint`: what the branch proposes (change-fingerprint.ts). */
export type ComposedPrCommit =
  | { kind: 'up-to-date'; change: PreparedChange } // the base already has this output: no PR needed
  | { kind: 'current'; change: PreparedChange; fingerprint: string } // the branch already carries this output
  | { kind: 'commit'; change: PreparedChange; fingerprint: string; sha: string };

/** Generates on `base` in the scratch worktree (HEAD at `head` or `base`) and commits if the branch needs it. */
export async function composePrCommit(dir: string, paths: FleetPaths, opts: PrCommitSettings, base: string, head: string | null): Promise<ComposedPrCommit> {
  if (head) {
    await refuseForeignCommits(dir, base, head);
    // Files and index become exactly the base; HEAD stays on the branch head.
    await runGit(dir, ['read-tree', '--reset', '-u', base]);
  }
  const configPaths = opts.configChange ? await opts.configChange.apply(dir) : [];
  const change = await prepareChange({
    repoDir: dir,
    paths,
    baseRev: base,
    baseLabel: `${opts.baseBranch}@${base.slice(0, 12)}`,
    configAt: opts.configChange ? 'worktree' : base,
    allowDeletions: opts.allowDeletions,
    charts: opts.charts,
  });
  // A config edit that changes nothing (say, nothing left to promote) leaves the base as it is, stale output included: that is `flotilla pr`'s job.
  if (opts.configChange ? configPaths.length === 0 : change.paths.length === 0) return { kind: 'up-to-date', change };
  if (!opts.configChange && head && sameFiles(await generatedFilesAt(dir, paths, head), change.outputFiles))
    return { kind: 'current', change, fingerprint: changeFingerprint(change) };
  const written = await writeOutput(dir, paths, change);
  await stageOwnPaths(dir, [...written.commitPaths, ...configPaths]);
  const fingerprint = changeFingerprint(change, await stagedBlobs(dir, configPaths));
  // With a config edit, the branch is current when its tree is exactly base + edit + output.
  if (opts.configChange && head && (await indexTree(dir)) === (await treeOf(dir, head))) return { kind: 'current', change, fingerprint };
  const parents = await parentsFor(dir, base, head);
  const message = opts.configChange ? opts.configChange.message(change) : commitMessage(change.summary, opts.messagePrefix);
  const sha = await commitIndexWithParents({ dir, parents, message });
  return { kind: 'commit', change, fingerprint, sha };
}

/** The staged blob of each path (null: not in the index, i.e. deleted). */
async function stagedBlobs(dir: string, paths: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>(paths.map((p) => [p, null]));
  if (paths.length === 0) return out;
  const listed = (await runGit(dir, ['--literal-pathspecs', 'ls-files', '-s', '-z', '--', ...paths])).stdout;
  for (const entry of listed.split('\0').filter(Boolean)) {
    const [meta, file] = entry.split('\t');
    if (file !== undefined && out.has(file)) out.set(file, meta!.split(' ')[1] ?? null);
  }
  return out;
}

/**
 * The new commit must fast-forward the branch (contain `head`) and contain the
 * base. One parent when one already contains the other, else a merge of both.
 */
async function parentsFor(dir: string, base: string, head: string | null): Promise<string[]> {
  if (!head || (await isAncestor(dir, head, base))) return [base];
  if (await isAncestor(dir, base, head)) return [head];
  return [head, base];
}

/** Someone else's commits on the Flotilla branch would be silently undone by the next regeneration: stop instead. */
async function refuseForeignCommits(dir: string, base: string, head: string): Promise<void> {
  const log = (await runGit(dir, ['log', '--format=%H%x09%ae%x09%s', `${base}..${head}`])).stdout.trim();
  const foreign = log
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'))
    .filter(([, email]) => email !== DEFAULT_AUTHOR.email);
  if (foreign.length === 0) return;
  const list = foreign.map(([sha, , subject]) => `${sha!.slice(0, 12)} "${subject}"`).join(', ');
  throw new UserError(
    `the pull-request branch has commits Flotilla did not make: ${list}\n` +
      'Flotilla regenerates that branch from the config and would undo them. Move those changes to the config on the base branch (or merge/close the pull request and delete the branch), then re-run.',
  );
}
