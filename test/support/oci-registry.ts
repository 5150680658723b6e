/**
 * A real OCI registry on loopback for tests: the CNCF distribution registry
 * (Debian package docker-registry; .ci/run installs it), storing in a temp
 * directory, charts pushed into it by the real `helm push` — optionally behind
 * the registry's own htpasswd authentication (bcrypt, made with bcryptjs).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { CHART_FIXTURES, helm } from './chart-repo.ts';

export const REGISTRY_BINARY = ['/usr/bin/docker-registry', '/usr/bin/registry'].find((p) => existsSync(p));

export interface OciRegistry {
  /** host:port/charts — a repository as an Argo CD Application names it (no scheme). */
  repo: string;
  close(): Promise<void>;
}

export async function startOciRegistry(charts: string[], options: { auth?: { username: string; password: string } } = {}): Promise<OciRegistry> {
  if (!REGISTRY_BINARY) throw new Error('no docker-registry binary: apt-get install docker-registry');
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-oci-'));
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  let auth = '';
  if (options.auth) {
    const htpasswd = path.join(dir, 'htpasswd');
    await writeFile(htpasswd, `${options.auth.username}:${bcrypt.hashSync(options.auth.password, 10)}\n`);
    auth = `auth:\n  htpasswd:\n    realm: charts\n    path: ${htpasswd}\n`;
  }
  await writeFile(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'data')}\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`,
  );
  const child: ChildProcess = spawn(REGISTRY_BINARY, ['serve', config], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  const close = async () => {
    child.kill();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`http://${host}/v2/`);
    const home = path.join(dir, 'helm');
    for (const chart of charts) {
      await helm(['package', path.join(CHART_FIXTURES, chart), '--destination', dir], home);
      const archive = path.join(dir, `${chart}.tgz`);
      const login = options.auth ? ['--username', options.auth.username, '--password', options.auth.password] : [];
      await helm(['push', archive, `oci://${host}/charts`, '--plain-http', ...login], home);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { repo: `${host}/charts`, close };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      // 401: up, and asking for credentials.
      const status = (await fetch(url)).status;
      if (status === 200 || status === 401) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the registry at ${url} did not start`);
}

export function registryVersion(): string {
  return REGISTRY_BINARY ? execFileSync(REGISTRY_BINARY, ['--version'], { encoding: 'utf8' }).trim() : 'none';
}
