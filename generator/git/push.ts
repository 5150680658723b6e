// Pushes the delivery branch without ever rewriting the remote. When someone
// else pushed first, our generated commit is thrown away and regenerated on
// their head (never merged, never forced). After any push, the remote head is
// read back, so a push that errored but landed counts as landed, and a push
// that "succeeded" is only reported once the remote really contains it.
import { setTimeout as sleep } from 'node:timers/promises';
import { commitGenerated, DEFAULT_AUTHOR, type GitIdentity } from './commit.ts';
import { GitDeliveryError } from './errors.ts';
import { classifyPush, isAuthFailure, lastLine, type PushOutcome } from './push-outcome.ts';
import { redact } from './redact.ts';
import { currentBranch, isAncestor, repoRoot, resolveCommit } from './repo-state.ts';
import { type GitAuth, runGit, secretsOf, spawnGit } from './run-git.ts';
import { assertTokenTransport } from './transport.ts';

export interface PushOptions {
  dir: string;
  /** Remote name. Default "origin". */
  remote?: string;
  branch: string;
  /**
   * Push HEAD of a detached checkout (a scratch worktree) to `branch` instead of
   * the local branch of that name: no local branch is created or moved.
   */
  detached?: boolean;
  /** Re-runs generation on the new head; returns what to commit. */
  regenerate?: () => Promise<{ paths: string[]; message: string }>;
  /**
   * Instead of `regenerate`: builds and commits the new output itself on the
   * fetched remote head (HEAD is already there); returns the new commit, or null
   * when the remote already holds the output.
   */
  rebuild?: () => Promise<string | null>;
  /** Default 3. Each push counts as one attempt. */
  maxAttempts?: number;
  /** For https remotes; sent per command as a header, never stored. */
  auth?: GitAuth;
  log?: (line: string) => void;
  /** Author of regenerated commits, and the only author whose unpushed commits may be discarded. */
  author?: GitIdentity;
  /** Base wait before retrying after a transient error, grows per attempt. Default 500 ms. */
  backoffMs?: number;
  /** Deadline per network command. Default 120 s. */
  timeoutMs?: number;
}

type RemoteState =
  | { state: 'landed'; remoteSha: string } // remote head is our commit or builds on it
  | { state: 'behind'; remoteSha: string | null } // remote lacks our commit but a plain push would fast-forward
  | { state: 'diverged'; remoteSha: string } // remote has commits we lack: rebuild on top of them
  | { state: 'unreachable'; reason: string };

/**
 * `sha` is the commit on the remote branch that holds the output. `ours` says
 * whether this run's push put it there; false when another writer had already
 * pushed the same output and our commit was dropped (`sha` is then theirs).
 */
export interface PushResult {
  sha: string;
  attempts: number;
  ours: boolean;
}

export async function pushWithRetry(opts: PushOptions): Promise<PushResult> {
  const root = await repoRoot(opts.dir);
  const remote = opts.remote ?? 'origin';
  const { branch } = opts;
  const maxAttempts = opts.maxAttempts ?? 3;
  const author = opts.author ?? DEFAULT_AUTHOR;
  const net = { auth: opts.auth, timeoutMs: opts.timeoutMs ?? 120_000 };
  const secrets = secretsOf(opts.auth);
  const log = (line: string) => opts.log?.(redact(line, secrets));

  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new GitDeliveryError(
      'INVALID_ARGUMENT',
      `maxAttempts must be a positive integer, got ${maxAttempts}`,
      'Pass maxAttempts >= 1 or omit it (default 3)',
    );
  }
  if (!opts.regenerate === !opts.rebuild) {
    throw new GitDeliveryError('INVALID_ARGUMENT', 'Pass exactly one of regenerate and rebuild', 'regenerate returns files to commit; rebuild commits itself');
  }
  const onBranch = await currentBranch(root);
  if (opts.detached ? onBranch !== null : onBranch !== branch) {
    const fix = opts.detached ? 'Push from a detached scratch worktree' : `Check out ${branch} first`;
    throw new GitDeliveryError('WRONG_BRANCH', `Asked to push ${branch}, but ${root} has ${onBranch ?? 'a detached HEAD'} checked out`, fix);
  }
  const remoteUrl = await runGit(root, ['remote', 'get-url', '--push', '--', remote], { okCodes: [2] });
  if (remoteUrl.code !== 0) {
    throw new GitDeliveryError('INVALID_ARGUMENT', `No remote named "${remote}" in ${root}`, 'Pass the name of a configured remote (git remote -v lists them)');
  }
  if (opts.auth) assertTokenTransport(remoteUrl.stdout.trim(), `remote ${remote}`);

  const history: string[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const local = await resolveCommit(root, 'HEAD');
    if (!local) {
      throw new GitDeliveryError('INVALID_ARGUMENT', `${branch} has no commits to push`, 'Commit the generated files (commitGenerated) before pushing');
    }
    log(`push attempt ${attempt}/${maxAttempts}: ${local.slice(0, 12)} -> ${remote}/${branch}`);
    // No '+' in the refspec and no --force: the remote only ever fast-forwards.
    const source = opts.detached ? 'HEAD' : `refs/heads/${branch}`;
    const pushed = await spawnGit(root, ['push', '--porcelain', remote, `${source}:refs/heads/${branch}`], net);
    const outcome = classifyPush(pushed, branch);
    if (outcome.kind === 'auth') throw authError(remote, outcome.reason);
    if (outcome.kind === 'refused') {
      throw new GitDeliveryError(
        'PUSH_FAILED',
        `${remote} refused the push to ${branch}: ${outcome.reason}`,
        "The branch is protected: deliver through a pull request or allow Flotilla's identity to push",
        pushed.stderr,
      );
    }

    if (outcome.kind !== 'pushed') log(`${describe(outcome)}; reading the remote head`);
    // Whatever git said, the remote head decides (a dropped connection can hide a landed push).
    const seen = await readRemote(root, remote, branch, local, net);
    if (seen.state === 'landed') {
      log(`confirmed: ${remote}/${branch} is at ${seen.remoteSha.slice(0, 12)}, which contains ${local.slice(0, 12)}`);
      // Identical output committed in the same second by two writers is one commit: the first push made it, not this one.
      return { sha: local, attempts: attempt, ours: !(outcome.kind === 'pushed' && outcome.alreadyThere) };
    }
    history.push(`attempt ${attempt}: ${describe(outcome)}${seen.state === 'unreachable' ? `; could not read the remote head (${seen.reason})` : ''}`);
    log(history[history.length - 1]!);
    if (attempt === maxAttempts) break;

    if (seen.state === 'diverged') {
      const rebuilt = await rebuildOn(root, remote, branch, author, opts, log);
      if (rebuilt === null) {
        log(`regenerated output is already on ${remote}/${branch} at ${seen.remoteSha.slice(0, 12)}, pushed by another writer; nothing left to push`);
        return { sha: seen.remoteSha, attempts: attempt, ours: false };
      }
    } else {
      // Transient failure and the remote still lacks our commit: wait a little, push the same commit again.
      await sleep(jitter((opts.backoffMs ?? 500) * attempt));
    }
  }
  throw new GitDeliveryError(
    'PUSH_FAILED',
    `Could not push ${branch} to ${remote} after ${maxAttempts} attempt(s) (${history.join('; ')})`,
    'Nothing was forced and the remote is unchanged by this run; re-run Flotilla (generation is idempotent). If other writers keep winning, raise maxAttempts or serialize deliveries; if the remote was unreachable, check network access to it',
  );
}

/** Where the remote branch stands relative to our local commit, fetching it if needed. */
async function readRemote(root: string, remote: string, branch: string, local: string, net: { auth?: GitAuth; timeoutMs: number }): Promise<RemoteState> {
  const ls = await spawnGit(root, ['ls-remote', '--exit-code', remote, `refs/heads/${branch}`], net);
  if (ls.code === 2) return { state: 'behind', remoteSha: null }; // branch does not exist there yet
  if (ls.code !== 0) {
    if (isAuthFailure(ls.stderr)) throw authError(remote, ls.stderr.trim());
    return { state: 'unreachable', reason: lastLine(ls.stderr) || `ls-remote exit ${ls.code}` };
  }
  const advertised = ls.stdout.split(/\s/)[0] ?? '';
  if (advertised === local) return { state: 'landed', remoteSha: local };

  const tracking = `refs/remotes/${remote}/${branch}`;
  // Updating our own remote-tracking ref with '+' is ordinary fetch behaviour, not a force push.
  const fetched = await spawnGit(root, ['fetch', '--no-tags', remote, `+refs/heads/${branch}:${tracking}`], net);
  if (fetched.code !== 0) return { state: 'unreachable', reason: lastLine(fetched.stderr) || `fetch exit ${fetched.code}` };
  const remoteSha = await resolveCommit(root, tracking);
  if (!remoteSha) return { state: 'unreachable', reason: `fetch did not create ${tracking}` };
  if (await isAncestor(root, local, remoteSha)) return { state: 'landed', remoteSha };
  if (await isAncestor(root, remoteSha, local)) return { state: 'behind', remoteSha };
  return { state: 'diverged', remoteSha };
}

/**
 * Drops our unpushed generated commit(s), moves to the fetched remote head and
 * regenerates there. Returns the new commit, or null when the remote already has the output.
 */
async function rebuildOn(
  root: string,
  remote: string,
  branch: string,
  author: GitIdentity,
  opts: Pick<PushOptions, 'regenerate' | 'rebuild'>,
  log: (line: string) => void,
): Promise<string | null> {
  const tracking = `refs/remotes/${remote}/${branch}`;
  // Only Flotilla's own commits may be discarded; anything else is someone's work. First
  // parents only: a Flotilla pull-request commit's second parent is the base branch,
  // whose commits are safe on the remote and are not discarded by moving this branch.
  const unpushed = (await runGit(root, ['log', '--first-parent', '--format=%H%x09%ae%x09%s', `${tracking}..HEAD`])).stdout.trim().split('\n').filter(Boolean);
  const foreign = unpushed.map((l) => l.split('\t')).filter(([, email]) => email !== author.email);
  if (foreign.length > 0) {
    const list = foreign.map(([sha, , subject]) => `${sha!.slice(0, 12)} "${subject}"`).join(', ');
    throw new GitDeliveryError(
      'BRANCH_DIVERGED',
      `${remote}/${branch} moved on, and local ${branch} has unpushed commits not authored by ${author.email}: ${list}`,
      'Flotilla only discards its own generated commits. Push or rebase those commits yourself, then re-run',
    );
  }
  log(`${remote}/${branch} moved on; discarding ${unpushed.length} unpushed generated commit(s) and regenerating on ${tracking}`);
  // --keep (not --hard): moves the branch like --hard, but stops instead of wiping uncommitted edits to unrelated files.
  const reset = await spawnGit(root, ['reset', '--keep', tracking]);
  if (reset.code !== 0) {
    throw new GitDeliveryError(
      'GIT_FAILED',
      `Could not move ${branch} to ${tracking}: uncommitted local edits touch files the remote changed`,
      'Commit, stash or discard those edits in the delivery clone, then re-run',
      reset.stderr,
    );
  }
  if (opts.rebuild) return opts.rebuild();
  const next = await opts.regenerate!();
  const { sha } = await commitGenerated({ dir: root, paths: next.paths, message: next.message, author });
  return sha;
}

function authError(remote: string, reason: string): GitDeliveryError {
  return new GitDeliveryError(
    'AUTH_FAILED',
    `Authentication to ${remote} failed (${reason})`,
    'Check that the token is set, not expired, and allowed to push (contents: write) to this repository. Retrying would not help',
  );
}

function describe(o: PushOutcome): string {
  switch (o.kind) {
    case 'pushed':
      return 'push reported success';
    case 'non-fast-forward':
      return `rejected, remote has new commits (${o.reason})`;
    default:
      return `push failed (${o.reason})`;
  }
}

function jitter(ms: number): number {
  return Math.round(ms * (0.5 + Math.random()));
}
