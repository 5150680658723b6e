// Real git fixtures: a bare repository acting as the fleet remote, plus clones.
// Importing this module isolates git from the machine's global/system config so
// tests see the same git everywhere (no user identity, no credential helpers).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const configRoot = mkdtempSync(join(tmpdir(), 'flotilla-gitcfg-'));
writeFileSync(join(configRoot, 'gitconfig'), '[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n');
process.env.GIT_CONFIG_GLOBAL = join(configRoot, 'gitconfig');
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.NO_PROXY = process.env.no_proxy = '127.0.0.1,localhost';
process.on('exit', () => rmSync(configRoot, { recursive: true, force: true }));

/** A person editing the fleet repo by hand, so their commits are distinguishable from Flotilla's. */
const HUMAN_ENV = {
  GIT_AUTHOR_NAME: 'Human',
  GIT_AUTHOR_EMAIL: 'human@example.com',
  GIT_COMMITTER_NAME: 'Human',
  GIT_COMMITTER_EMAIL: 'human@example.com',
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...HUMAN_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trimEnd();
}

export function write(dir: string, rel: string, content: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), content);
}

export interface Fleet {
  root: string;
  /** Path of the bare "remote" repository. */
  bare: string;
  /** A fresh clone of the remote at root/<name>. */
  clone(name: string): string;
  remoteHead(branch?: string): string;
  /** Installs an executable hook script into the bare repository. */
  hook(name: string, script: string): void;
  cleanup(): void;
}

/** Bare remote with one human commit on main; non-fast-forward updates are refused, so a force push would fail loudly. */
export function makeFleet(): Fleet {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-fleet-'));
  const bare = join(root, 'fleet.git');
  git(root, 'init', '--quiet', '--bare', bare);
  git(bare, 'config', 'receive.denyNonFastForwards', 'true');
  git(bare, 'config', 'receive.denyDeletes', 'true');
  const seed = join(root, 'seed');
  git(root, 'clone', '--quiet', bare, seed);
  write(seed, 'README.md', '# fleet\n');
  write(seed, 'apps/.keep', '');
  git(seed, 'add', '-A');
  git(seed, 'commit', '--quiet', '-m', 'seed');
  git(seed, 'push', '--quiet', 'origin', 'main');
  return {
    root,
    bare,
    clone(name) {
      const dir = join(root, name);
      git(root, 'clone', '--quiet', bare, dir);
      return dir;
    },
    remoteHead(branch = 'main') {
      return git(bare, 'rev-parse', `refs/heads/${branch}`);
    },
    hook(name, script) {
      const path = join(bare, 'hooks', name);
      writeFileSync(path, script);
      chmodSync(path, 0o755);
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
