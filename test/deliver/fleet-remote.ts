// A real fleet repository for end-to-end delivery tests: a bare "remote"
// holding the example fleet's config and its generated output (committed by a
// human), plus clones. Built once per test file and copied per test, because
// generating the seed output is the slow part.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../generator/cli/main.ts';
import { buildFleet } from '../../generator/pipeline.ts';
import { applyWrite, planWrite } from '../../generator/write/write-tree.ts';
import { git, write } from '../git/fixtures.ts';
import type { FakeGitHub } from '../support/fake-github/server.ts';
import { CONFIG_ENTRIES, REPO_ROOT } from '../support/temp-fleet.ts';

export { git, write };

export interface FleetRemote {
  root: string;
  bare: string;
  clone(name: string): string;
  remoteHead(branch?: string): string | null;
  /** Edits a file in `dir`, commits it as a human and pushes it. */
  pushHumanChange(dir: string, path: string, edit: (text: string) => string, message: string): string;
  cleanup(): void;
}

let seeded: Promise<string> | undefined;

/** The identity of hand-made commits (as test/git/fixtures.ts's git() uses). */
export const HUMAN = { GIT_AUTHOR_NAME: 'Human', GIT_AUTHOR_EMAIL: 'human@example.com', GIT_COMMITTER_NAME: 'Human', GIT_COMMITTER_EMAIL: 'human@example.com' };

/** The seed bare repository, generated once per process. */
function seedBare(): Promise<string> {
  seeded ??= (async () => {
    const root = mkdtempSync(join(tmpdir(), 'flotilla-seed-'));
    process.on('exit', () => rmSync(root, { recursive: true, force: true }));
    const bare = join(root, 'fleet.git');
    git(root, 'init', '--quiet', '--bare', bare);
    const seed = join(root, 'seed');
    git(root, 'clone', '--quiet', bare, seed);
    for (const entry of CONFIG_ENTRIES) cpSync(join(REPO_ROOT, entry), join(seed, entry), { recursive: true });
    write(seed, 'README.md', '# fleet\n');
    const built = await buildFleet(seed);
    await applyWrite(seed, await planWrite(seed, built.output.files));
    git(seed, 'add', '-A');
    // A month old, so durations measured on the history (promotion soak) have a past to count from.
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    execFileSync('git', ['commit', '--quiet', '-m', 'fleet with generated output'], {
      cwd: seed,
      env: { ...process.env, ...HUMAN, GIT_AUTHOR_DATE: monthAgo, GIT_COMMITTER_DATE: monthAgo },
      stdio: 'ignore',
    });
    git(seed, 'push', '--quiet', 'origin', 'main');
    return bare;
  })();
  return seeded;
}

/** A fresh copy of the seeded remote; the remote refuses non-fast-forward pushes, so any force push fails loudly. */
export async function makeFleetRemote(): Promise<FleetRemote> {
  const source = await seedBare();
  const root = mkdtempSync(join(tmpdir(), 'flotilla-remote-'));
  const bare = join(root, 'fleet.git');
  cpSync(source, bare, { recursive: true });
  git(bare, 'config', 'receive.denyNonFastForwards', 'true');
  git(bare, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  return {
    root,
    bare,
    clone(name) {
      const dir = join(root, name);
      git(root, 'clone', '--quiet', bare, dir);
      return dir;
    },
    remoteHead(branch = 'main') {
      try {
        return git(bare, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`);
      } catch {
        return null;
      }
    },
    pushHumanChange(dir, path, edit, message) {
      git(dir, 'pull', '--quiet', '--ff-only', 'origin', 'main');
      const file = join(dir, path);
      writeFileSync(file, edit(readFileSync(file, 'utf8')));
      git(dir, 'add', '-A', '--', path);
      git(dir, 'commit', '--quiet', '-m', message);
      git(dir, 'push', '--quiet', 'origin', 'main');
      return git(dir, 'rev-parse', 'HEAD');
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A config change every Flotilla output reflects: wander's frontend image, in every environment's release. */
export const bumpWander = (text: string) => text.replace(/ghcr\.io\/wander\/frontend: [0-9.]+/g, 'ghcr.io/wander/frontend: 1.5.1');
export const bumpMatomo = (text: string) => text.replaceAll('matomo: 5.1.1-apache', 'matomo: 5.1.2-apache');

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function flotilla(cwd: string, env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd, env: { ...process.env, ...env }, isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Files changed by a commit, as "<status>\t<path>". */
export function committedFiles(dir: string, rev = 'HEAD'): string[] {
  return git(dir, '-c', 'core.quotePath=false', 'show', '--name-status', '--format=', rev).split('\n').filter(Boolean);
}

/**
 * `pr` against the fake GitHub: refused by the data guard (exit 4, nothing pushed, GitHub not
 * called), then allowed with --allow-deletions. Returns the refusal and the body of the pull request
 * opened, which must start with the data at risk.
 */
export async function prRefusedThenAllowed(
  remote: FleetRemote,
  gh: FakeGitHub,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ refused: CliRun; body: string }> {
  const refused = await flotilla(dir, env, 'pr', '--github-repo', 'acme/fleet');
  assert.equal(refused.code, 4, refused.err);
  assert.equal(remote.remoteHead('flotilla/update-main'), null, 'nothing pushed');
  assert.equal(gh.requests.length, 0, 'GitHub not called');
  const allowed = await flotilla(dir, env, 'pr', '--github-repo', 'acme/fleet', '--allow-deletions');
  assert.equal(allowed.code, 0, allowed.err);
  const [pull] = gh.state.repo('acme', 'fleet')!.pulls;
  assert.ok(pull);
  const body = pull.body ?? '';
  assert.ok(body.startsWith('## ⚠️ Data at risk\n'), body.slice(0, 300));
  assert.ok(pull.labels.some((l) => l.name === 'flotilla/deletions'));
  return { refused, body };
}
