/**
 * The commit on Flotilla's pull-request branch, prepared in a scratch
 * worktree: its tree is exactly the base plus the new output; its parents make
 * it a fast-forward of the branch that contains the base (so it is pushed
 * without force and merges cleanly).
 */
import { UserError } from '../diagnostics.ts';
import { DEFAULT_AUTHOR, stageOwnPaths } from '../git/commit.ts';
import { commitIndexWithParents } from '../git/compose-commit.ts';
import { isAncestor } from '../git/repo-state.ts';
import { runGit } from '../git/run-git.ts';
import { commitMessage } from './commit-message.ts';
import type { FleetPaths } from './fleet-paths.ts';
import { type PreparedChange, prepareChange, sameFiles, writeOutput } from './prepare-change.ts';
import { generatedFilesAt } from './snapshot.ts';

export interface PrCommitSettings {
  /** Name of the base branch, for messages. */
  baseBranch: string;
  allowDeletions: boolean;
  messagePrefix?: string;
}

export type ComposedPrCommit =
  | { kind: 'up-to-date'; change: PreparedChange } // the base already has this output: no PR needed
  | { kind: 'current'; change: PreparedChange } // the branch already carries this output
  | { kind: 'commit'; change: PreparedChange; sha: string };

/** Generates on `base` in the scratch worktree (HEAD at `head` or `base`) and commits if the branch needs it. */
export async function composePrCommit(dir: string, paths: FleetPaths, opts: PrCommitSettings, base: string, head: string | null): Promise<ComposedPrCommit> {
  if (head) {
    await refuseForeignCommits(dir, base, head);
    // Files and index become exactly the base; HEAD stays on the branch head.
    await runGit(dir, ['read-tree', '--reset', '-u', base]);
  }
  const change = await prepareChange({
    repoDir: dir,
    paths,
    baseRev: base,
    baseLabel: `${opts.baseBranch}@${base.slice(0, 12)}`,
    configAt: base,
    allowDeletions: opts.allowDeletions,
  });
  if (change.paths.length === 0) return { kind: 'up-to-date', change };
  if (head && sameFiles(await generatedFilesAt(dir, paths, head), change.outputFiles)) return { kind: 'current', change };
  const written = await writeOutput(dir, paths, change);
  await stageOwnPaths(dir, written.commitPaths);
  const parents = await parentsFor(dir, base, head);
  const sha = await commitIndexWithParents({ dir, parents, message: commitMessage(change.summary, opts.messagePrefix) });
  return { kind: 'commit', change, sha };
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
