// Read-only questions about what a commit holds, for comparing the committed
// fleet with a new generation: which generated files it has (by blob id),
// which config files changed since, when the output was last generated.
import { createHash } from 'node:crypto';
import { runGit, showBlob, showBlobs, splitZ } from './run-git.ts';

/** Git's blob id for content, so a new file can be compared with a committed one without writing it. */
export function blobId(content: string | Buffer): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Repo-relative path → blob id of every regular file under `pathspecs` at `rev`. */
export async function filesAt(dir: string, rev: string, pathspecs: string[]): Promise<Map<string, string>> {
  const out = (await runGit(dir, ['ls-tree', '-r', '-z', '--full-tree', rev, '--', ...pathspecs])).stdout;
  const files = new Map<string, string>();
  for (const entry of splitZ(out)) {
    // "<mode> blob <sha>\t<path>"
    const tab = entry.indexOf('\t');
    const [mode, type, sha] = entry.slice(0, tab).split(' ');
    // Regular files only: a symlink or submodule is never followed out of the revision.
    if (type === 'blob' && sha && /^100(644|755)$/.test(mode ?? '')) files.set(entry.slice(tab + 1), sha);
  }
  return files;
}

/** Paths under `pathspecs` at `rev` whose content has a line starting with `mark` (Flotilla's header). */
export async function filesMarkedAt(dir: string, rev: string, pathspecs: string[], mark: string): Promise<Set<string>> {
  const r = await runGit(dir, ['grep', '-l', '-z', '--full-name', '-e', `^${escapeBasicRegex(mark)}`, rev, '--', ...pathspecs], { okCodes: [1] });
  // Output names are "<rev>:<path>".
  return new Set(splitZ(r.stdout).map((name) => name.slice(rev.length + 1)));
}

/** The newest commit reachable from `rev` that touched `pathspecs`, or null. */
export async function lastCommitTouching(dir: string, rev: string, pathspecs: string[]): Promise<string | null> {
  const r = await runGit(dir, ['log', '-1', '--format=%H', rev, '--', ...pathspecs]);
  return r.stdout.trim() || null;
}

/**
 * Paths under `pathspecs` that differ between commit `from` and `to`: another
 * commit, or the working tree (tracked edits plus untracked, not ignored, files).
 */
export async function changedPaths(dir: string, from: string, to: string | 'worktree', pathspecs: string[]): Promise<string[]> {
  const range = to === 'worktree' ? [from] : [from, to];
  const diff = await runGit(dir, ['diff', '--name-only', '-z', '--no-renames', ...range, '--', ...pathspecs]);
  const paths = new Set(splitZ(diff.stdout));
  if (to === 'worktree') {
    const untracked = await runGit(dir, ['ls-files', '-z', '--others', '--exclude-standard', '--', ...pathspecs]);
    for (const p of splitZ(untracked.stdout)) paths.add(p);
  }
  return [...paths].sort();
}

/** Paths under `pathspecs` with uncommitted changes (staged, unstaged or untracked). */
export async function uncommittedPaths(dir: string, pathspecs: string[]): Promise<string[]> {
  return changedPaths(dir, 'HEAD', 'worktree', pathspecs);
}

export { showBlob, showBlobs };

function escapeBasicRegex(text: string): string {
  return text.replace(/[\\.*[\]^$]/g, '\\$&');
}
