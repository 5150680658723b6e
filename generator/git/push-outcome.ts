// Reads what one `git push --porcelain` attempt did to our ref. Kept apart from
// the retry loop so the classification rules are easy to see and to test.
import type { GitRunResult } from './run-git.ts';

export type PushOutcome =
  | { kind: 'pushed'; alreadyThere: boolean } // alreadyThere: the remote had this very commit (an identical one pushed by another writer)
  | { kind: 'non-fast-forward'; reason: string } // someone else pushed first: rebuild on their head
  | { kind: 'refused'; reason: string } // retrying cannot help (branch protection)
  | { kind: 'auth'; reason: string } // retrying cannot help (bad or missing token)
  | { kind: 'error'; reason: string }; // network drop, flaky hook, ...: confirm, then retry

const AUTH_FAILURE =
  /Authentication failed|could not read (?:Username|Password)|terminal prompts disabled|requested URL returned error: 40[13]|Permission to \S+ denied|Write access to repository not granted|Invalid username or password|Permission denied \(publickey/i;

export function classifyPush(result: GitRunResult, branch: string): PushOutcome {
  const ref = `refs/heads/${branch}`;
  // Porcelain status line: "<flag>\t<src>:<dst>\t<summary> (<reason>)"
  // The source is the branch itself, or HEAD when pushing from a detached scratch worktree.
  const line = result.stdout.split('\n').find((l) => l.split('\t')[1]?.endsWith(`:${ref}`));
  const flag = line?.[0];
  const summary = line?.split('\t')[2] ?? '';
  const reason = (summary.match(/\((.*)\)\s*$/)?.[1] ?? lastLine(result.stderr)) || `exit ${result.code}`;

  if (result.code === 0 && flag !== undefined && ' *='.includes(flag)) return { kind: 'pushed', alreadyThere: flag === '=' };
  if (flag === '!' && summary.startsWith('[rejected]')) return { kind: 'non-fast-forward', reason };
  if (flag === '!' && /protected branch|not allowed to push|push declined due to repository rule/i.test(summary)) {
    return { kind: 'refused', reason };
  }
  if (AUTH_FAILURE.test(result.stderr)) return { kind: 'auth', reason: lastLine(result.stderr) };
  return { kind: 'error', reason };
}

export function isAuthFailure(stderr: string): boolean {
  return AUTH_FAILURE.test(stderr);
}

export function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
