/**
 * Delivering a release edit (a promotion, a rollback, an unpin): the app
 * files it changes plus the output they generate, in one of four ways:
 *
 * - write (default): edit the files in place and regenerate the output;
 * - dry-run: print the config edit and the rendered per-cluster diff; write nothing;
 * - commit: write, then commit exactly the edited config files and the output;
 * - pr: on its own branch, from the remote base, as a pull request (deliverPr
 *   with a ConfigChange), idempotent like `flotilla pr`.
 *
 * In every mode the edited config is built before anything is written: a
 * release edit that does not generate leaves the files as they were.
 */
import { cp, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deletesSomething } from '../deliver/change-summary.ts';
import { dataAtRiskMarkdown } from '../deliver/data-at-risk-text.ts';
import { deliverPr, type PrDeliveryOptions, type PrDeliveryResult } from '../deliver/deliver-pr.ts';
import { DELETIONS_LABEL } from '../deliver/github/pr-labels.ts';
import type { PreparedChange } from '../deliver/prepare-change.ts';
import type { Workspace } from '../deliver/workspace.ts';
import { UserError } from '../diagnostics.ts';
import { escapeText, renderDiffMarkdown } from '../diff/format-markdown.ts';
import type { FleetDiff } from '../diff/model.ts';
import { commitGenerated } from '../git/commit.ts';
import { preflight } from '../git/preflight.ts';
import { resolveCommit } from '../git/repo-state.ts';
import { uncommittedPaths } from '../git/revision-files.ts';
import { spawnGit } from '../git/run-git.ts';
import { loadFleet } from '../load/read-fleet.ts';
import { APPS_DIR, CLUSTERS_DIR, FLEET_FILE, GENERATED_ROOTS } from '../model/names.ts';
import { type BuiltFleet, buildFleet } from '../pipeline.ts';
import { computeFleetDiff } from '../preview/diff/fleet-diff.ts';
import { validateFleet } from '../validate/validate-fleet.ts';
import { applyWrite, planWrite } from '../write/write-tree.ts';
import { type FleetReleases, fleetReleasesOf } from './fleet-releases.ts';
import { unifiedDiff } from './line-diff.ts';

export interface ReleaseChange {
  /** Fleet-relative path → new content of each edited app file. */
  files: Map<string, string>;
  /** Commit subject and pull-request title. */
  title: string;
  /** What changes, for the terminal and the commit message. */
  lines: string[];
  /** Sections of the pull-request body, before the rendered diff. */
  markdown: string[];
  labels: string[];
}

export type ComputeResult = { change: ReleaseChange } | { nothing: string };

export interface ComputeContext {
  root: string;
  fleet: FleetReleases;
  /** The repository the fleet is in, when it is in one. */
  repoDir: string | null;
  /** The default branch's history to measure soak on: a revision and how to name it. */
  history: { ref: string; label: string } | null;
}

export type ComputeChange = (ctx: ComputeContext) => Promise<ComputeResult>;

export type LocalMode = 'write' | 'dry-run' | 'commit';

export type LocalResult =
  | { kind: 'nothing'; reason: string }
  | { kind: 'dry-run'; change: ReleaseChange; configDiff: string[]; diff: FleetDiff }
  | { kind: 'written'; change: ReleaseChange; output: string[] }
  | { kind: 'committed'; change: ReleaseChange; output: string[]; sha: string };

/** The config in the working tree (write, dry-run, commit). */
export async function deliverLocally(root: string, mode: LocalMode, compute: ComputeChange): Promise<LocalResult> {
  const repo = await repositoryOf(root);
  if (mode === 'commit' && !repo) throw new UserError(`--commit needs a git repository; ${root} is not in one`);
  const validated = validateFleet(await loadFleet(root));
  const fleet = fleetReleasesOf(validated);
  const result = await compute({ root, fleet, repoDir: repo?.dir ?? null, history: repo ? await defaultBranch(repo.dir, fleet.revision) : null });
  if ('nothing' in result) return { kind: 'nothing', reason: result.nothing };
  const { change } = result;
  if (mode === 'commit') await refuseToCommitOver(repo!.dir, repo!.prefix, change);
  const after = await buildEdited(root, change.files);
  if (mode === 'dry-run') {
    const configDiff = [...change.files].flatMap(([file, text]) => unifiedDiff(file, fleet.apps.get(appOf(file))?.text ?? '', text));
    return { kind: 'dry-run', change, configDiff, diff: computeFleetDiff(await buildFleet(root), after) };
  }
  for (const [file, text] of change.files) await replaceFile(path.join(root, file), text);
  const plan = await planWrite(root, after.output.files);
  const output = await applyWrite(root, plan);
  if (mode === 'write') return { kind: 'written', change, output };
  const at = (p: string) => (repo!.prefix ? `${repo!.prefix}/${p}` : p);
  const committed = await commitGenerated({
    dir: repo!.dir,
    paths: [...[...change.files.keys()].map(at), ...output.map(at)],
    message: commitMessage(change),
  });
  if (!committed.sha) throw new UserError('nothing was committed: the edited files equal what is committed');
  return { kind: 'committed', change, output, sha: committed.sha };
}

export interface PrReleaseOptions extends Omit<PrDeliveryOptions, 'configChange' | 'messagePrefix'> {
  workspace: Workspace;
  branch: string;
  compute: ComputeChange;
  /** Said when there is nothing to do (the compute step's reason). */
  onNothing?: (reason: string) => void;
}

/** The config on the remote base, in a scratch worktree: the branch carries the edit and its output. */
export async function deliverAsPullRequest(opts: PrReleaseOptions): Promise<{ result: PrDeliveryResult; nothing?: string }> {
  const ws = opts.workspace;
  let before: BuiltFleet | undefined;
  let change: ReleaseChange | undefined;
  let nothing: string | undefined;
  const result = await deliverPr({
    ...opts,
    configChange: {
      async apply(dir) {
        const root = path.join(dir, ws.paths.prefix);
        const validated = validateFleet(await loadFleet(root));
        const fleet = fleetReleasesOf(validated);
        const history = { ref: `refs/remotes/${ws.remote}/${opts.base}`, label: `${ws.remote}/${opts.base}` };
        const computed = await opts.compute({ root, fleet, repoDir: dir, history });
        if ('nothing' in computed) {
          nothing = computed.nothing;
          return [];
        }
        change = computed.change;
        nothing = undefined;
        before = await buildFleet(root);
        for (const [file, text] of change.files) await replaceFile(path.join(root, file), text);
        return [...change.files.keys()].map((f) => ws.paths.toRepo(f));
      },
      message: () => commitMessage(change!),
      describe: (prepared) => describePullRequest(change!, before!, prepared),
    },
  });
  return { result, ...(nothing !== undefined ? { nothing } : {}) };
}

function describePullRequest(change: ReleaseChange, before: BuiltFleet, prepared: PreparedChange): { title: string; body: string; labels: string[] } {
  // Delivered only with --allow-deletions: the risk opens the body and labels the pull request, as flotilla pr does.
  const risk = dataAtRiskMarkdown(prepared.summary, escapeText);
  const head = [...risk, ...change.markdown, ''].join('\n');
  const footer =
    '\n---\n<sub>Opened by Flotilla. Re-running the same command updates this pull request; change the release in the app files, not the generated output.</sub>\n';
  // The delivery's own diff has the chart objects it rendered; without one (the base does not build), the plain one.
  const diff = renderDiffMarkdown(prepared.summary.diff ?? computeFleetDiff(before, prepared.built), {
    title: 'Rendered changes per cluster',
    maxBytes: 60_000 - Buffer.byteLength(head) - Buffer.byteLength(footer),
  });
  return {
    title: change.title,
    body: `${head}\n${diff}${footer}`,
    labels: deletesSomething(prepared.summary) ? [...change.labels, DELETIONS_LABEL].sort() : change.labels,
  };
}

export function commitMessage(change: ReleaseChange): string {
  return `${change.title}\n\n${change.lines.join('\n')}\n`;
}

/** The working tree's config with the edited files, built in a temporary copy: nothing in the checkout is touched. */
async function buildEdited(root: string, files: Map<string, string>): Promise<BuiltFleet> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-release-'));
  try {
    for (const entry of [FLEET_FILE, APPS_DIR, CLUSTERS_DIR])
      await cp(path.join(root, entry), path.join(dir, entry), { recursive: true, verbatimSymlinks: true });
    for (const [file, text] of files) await writeFile(path.join(dir, file), text);
    return await buildFleet(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Written next to the file and renamed over it: a crash leaves the old file or the new, never half of one. */
async function replaceFile(file: string, text: string): Promise<void> {
  const tmp = `${file}.flotilla-tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/** Committing an app file with someone's unfinished edits in it would publish them under Flotilla's name. */
async function refuseToCommitOver(repoDir: string, prefix: string, change: ReleaseChange): Promise<void> {
  const at = (p: string) => (prefix ? `${prefix}/${p}` : p);
  await preflight(repoDir, { ownedPaths: (p) => GENERATED_ROOTS.some((r) => p.startsWith(`${at(r)}/`)) });
  const dirty = await uncommittedPaths(repoDir, [...change.files.keys()].map(at));
  if (dirty.length > 0) {
    throw new UserError(`${dirty.join(', ')} ha${dirty.length === 1 ? 's' : 've'} uncommitted changes; commit or stash them first, then re-run with --commit`);
  }
}

async function repositoryOf(root: string): Promise<{ dir: string; prefix: string } | null> {
  const r = await spawnGit(root, ['rev-parse', '--show-toplevel', '--show-prefix']);
  if (r.code !== 0) return null;
  const [dir, prefix] = r.stdout.split('\n');
  return { dir: dir!, prefix: (prefix ?? '').replace(/\/$/, '') };
}

/** The branch Argo CD reads, as this clone knows it: the remote's copy first, else the local one, else HEAD. */
export async function defaultBranch(repoDir: string, revision: string): Promise<{ ref: string; label: string } | null> {
  for (const [ref, label] of [
    [`refs/remotes/origin/${revision}`, `origin/${revision}`],
    [`refs/heads/${revision}`, revision],
    ['HEAD', 'HEAD'],
  ] as const) {
    if (await resolveCommit(repoDir, ref)) return { ref, label };
  }
  return null;
}

function appOf(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/, '');
}
