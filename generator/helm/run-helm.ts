/**
 * Runs the helm binary with an environment of Flotilla's choosing: only the
 * variables helm needs to reach a network (PATH, proxies, CA bundles, TMPDIR)
 * pass through, and every helm and XDG home points into a private directory,
 * so helm neither reads the user's helm config nor writes to ~.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

const PASS_THROUGH = /^(PATH|TMPDIR|TZ|LANG|LC_[A-Z]+|SSL_CERT_FILE|SSL_CERT_DIR|(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy)$/;

/** The environment of one helm run with its homes in `home`. */
export function helmEnvironment(env: Env, home: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && PASS_THROUGH.test(key)) out[key] = value;
  return {
    ...out,
    HOME: home,
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    HELM_CACHE_HOME: path.join(home, 'cache', 'helm'),
    HELM_CONFIG_HOME: path.join(home, 'config', 'helm'),
    HELM_DATA_HOME: path.join(home, 'data', 'helm'),
    HELM_REGISTRY_CONFIG: registryConfigPath(home),
    HELM_REPOSITORY_CONFIG: repositoryConfigPath(home),
    HELM_REPOSITORY_CACHE: repositoryCachePath(home),
    DOCKER_CONFIG: path.join(home, 'docker'),
  };
}

export function registryConfigPath(home: string): string {
  return path.join(home, 'config', 'helm', 'registry', 'config.json');
}

export function repositoryConfigPath(home: string): string {
  return path.join(home, 'config', 'helm', 'repositories.yaml');
}

export function repositoryCachePath(home: string): string {
  return path.join(home, 'cache', 'helm', 'repository');
}

/**
 * A fresh private directory (mode 0700) for one use, removed afterwards.
 * In memory (/dev/shm) where the machine has it: credentials helm must read
 * from a file never reach a disk.
 */
export async function withPrivateDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const parent = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = await mkdtemp(path.join(parent, 'flotilla-helm-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function runHelm(helm: string, args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<HelmResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(helm, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') + (signal ? `\n(helm stopped by ${signal} after ${timeoutMs / 1000} s)` : ''),
      }),
    );
  });
}
