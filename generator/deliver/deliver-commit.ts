/**
 * `flotilla commit`: generate, then commit exactly the generated changes to
 * the branch checked out in the workspace, and optionally push. Unrelated
 * edits in the working tree are never committed (commitGenerated stages only
 * Flotilla's paths); a push that loses a race regenerates on the new head.
 */
import { UserError } from '../diagnostics.ts';
import { checkoutBranch } from '../git/clone.ts';
import { commitGenerated } from '../git/commit.ts';
import { preflight } from '../git/preflight.ts';
import { pushWithRetry } from '../git/push.ts';
import { currentBranch, isAncestor, resolveCommit } from '../git/repo-state.ts';
import { uncommittedPaths } from '../git/revision-files.ts';
import type { GitAuth } from '../git/run-git.ts';
import type { ChartRenderer } from '../helm/render-charts.ts';
import type { ChangeSummary } from './change-summary.ts';
import { commitMessage } from './commit-message.ts';
import { type PreparedChange, prepareChange, writeOutput } from './prepare-change.ts';
import { remoteDefaultBranch, type Workspace } from './workspace.ts';

export interface CommitDeliveryOptions {
  workspace: Workspace;
  /** Only for a cloned workspace; default: the remote's default branch. */
  branch?: string;
  push: boolean;
  allowDeletions: boolean;
  /** Renders changed chart Applications for the summary and the data guard; null: not rendered (--skip-charts). */
  charts: ChartRenderer | null;
  dryRun: boolean;
  messagePrefix?: string;
  auth?: GitAuth;
  maxAttempts?: number;
  log: (line: string) => void;
}

export type CommitDeliveryResult =
  | { kind: 'nothing-to-do'; branch: string; summary: ChangeSummary }
  | { kind: 'dry-run'; branch: string; summary: ChangeSummary; message: string; paths: string[] }
  | { kind: 'committed'; branch: string; summary: ChangeSummary; message: string; sha: string; pushed: boolean; attempts: number; keptHandWritten: string[] }
  /** Another writer pushed the same output first; our commit was dropped, theirs is `remoteSha`. */
  | { kind: 'already-pushed'; branch: string; summary: ChangeSummary; remoteSha: string; attempts: number };

export async function deliverCommit(opts: CommitDeliveryOptions): Promise<CommitDeliveryResult> {
  const ws = opts.workspace;
  const push = opts.push || ws.cloned;
  if (ws.cloned) {
    const branch = opts.branch ?? (await remoteDefaultBranch(ws));
    await checkoutBranch(ws.repoDir, branch, `${ws.remote}/${branch}`);
  } else if (opts.branch) {
    throw new UserError('--branch applies only with --repo (a clone Flotilla manages); in your own checkout, switch branches yourself');
  }
  await preflight(ws.repoDir, { ownedPaths: ws.paths.isOutputPath });
  const branch = (await currentBranch(ws.repoDir))!;
  if (push) await refuseUncommittedConfig(ws);

  const prepare = async (): Promise<PreparedChange> => {
    const head = await resolveCommit(ws.repoDir, 'HEAD');
    return prepareChange({
      repoDir: ws.repoDir,
      paths: ws.paths,
      baseRev: head,
      baseLabel: head ? `${branch}@${head.slice(0, 12)}` : `${branch} (no commits yet)`,
      configAt: 'worktree',
      allowDeletions: opts.allowDeletions,
      charts: opts.charts,
    });
  };
  let change = await prepare();
  let message = commitMessage(change.summary, opts.messagePrefix);
  if (opts.dryRun) {
    // Say what a real run would do: with nothing to commit, it commits nothing.
    if (change.paths.length === 0) return { kind: 'nothing-to-do', branch, summary: change.summary };
    return { kind: 'dry-run', branch, summary: change.summary, message, paths: change.paths };
  }

  let keptHandWritten: string[] = [];
  let sha: string | null = null;
  if (change.paths.length > 0) {
    const written = await writeOutput(ws.repoDir, ws.paths, change);
    keptHandWritten = written.keptHandWritten;
    sha = (await commitGenerated({ dir: ws.repoDir, paths: written.commitPaths, message })).sha;
  }
  if (!push) {
    return sha
      ? { kind: 'committed', branch, summary: change.summary, message, sha, pushed: false, attempts: 0, keptHandWritten }
      : { kind: 'nothing-to-do', branch, summary: change.summary };
  }
  // Nothing new, but a commit of an earlier run may still be waiting to be pushed.
  if (!sha && !(await aheadOfRemote(ws, branch))) return { kind: 'nothing-to-do', branch, summary: change.summary };

  const pushed = await pushWithRetry({
    dir: ws.repoDir,
    remote: ws.remote,
    branch,
    auth: opts.auth,
    maxAttempts: opts.maxAttempts,
    log: opts.log,
    regenerate: async () => {
      change = await prepare();
      message = commitMessage(change.summary, opts.messagePrefix);
      const written = change.paths.length > 0 ? await writeOutput(ws.repoDir, ws.paths, change) : { commitPaths: [], keptHandWritten: [] };
      keptHandWritten = written.keptHandWritten;
      return { paths: written.commitPaths, message };
    },
  });
  if (!pushed.ours) return { kind: 'already-pushed', branch, summary: change.summary, remoteSha: pushed.sha, attempts: pushed.attempts };
  return { kind: 'committed', branch, summary: change.summary, message, sha: pushed.sha, pushed: true, attempts: pushed.attempts, keptHandWritten };
}

/** Pushed output must match pushed config: CI's `generate --check` would fail otherwise. */
async function refuseUncommittedConfig(ws: Workspace): Promise<void> {
  if (!(await resolveCommit(ws.repoDir, 'HEAD'))) return;
  const dirty = await uncommittedPaths(ws.repoDir, ws.paths.configSpecs());
  if (dirty.length === 0) return;
  throw new UserError(
    `refusing to push output generated from uncommitted config: ${dirty.join(', ')}\n` +
      'Flotilla never commits hand-written files. Commit (or stash) these config changes first, then re-run.',
  );
}

async function aheadOfRemote(ws: Workspace, branch: string): Promise<boolean> {
  const [head, remote] = await Promise.all([resolveCommit(ws.repoDir, 'HEAD'), resolveCommit(ws.repoDir, `refs/remotes/${ws.remote}/${branch}`)]);
  if (!head) return false;
  return !remote || !(await isAncestor(ws.repoDir, head, remote));
}
