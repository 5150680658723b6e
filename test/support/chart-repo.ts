/**
 * A real chart repository on loopback for tests (and the bench): fixture
 * charts from test/fixtures/charts packaged by the real `helm package`, an
 * index.yaml made by `helm repo index`, served over HTTP on 127.0.0.1 —
 * optionally behind basic auth, and recording every request. Also a helm
 * wrapper that counts its invocations, so tests can tell whether helm ran.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BUNDLED_HELM } from '../../generator/helm/helm-binary.ts';
import { REPO_ROOT } from './temp-fleet.ts';

const run = promisify(execFile);
export const CHART_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'charts');
export const HELM = BUNDLED_HELM;

/** helm with its homes in a throwaway directory, so tests never touch ~/.config/helm or ~/.cache/helm. */
export async function helm(args: string[], home: string): Promise<string> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
  };
  return (await run(HELM, args, { env, maxBuffer: 64 * 1024 * 1024 })).stdout;
}

export interface ChartRepo {
  url: string;
  dir: string;
  /** Request paths, in order. */
  requests: string[];
  /** Replace an archive's bytes after indexing (to serve something the index does not vouch for). */
  tamper(file: string, bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Packages `charts` (fixture directory names such as "postgresql-12.12.10") and serves them. */
export async function serveChartRepo(charts: string[], options: { auth?: { username: string; password: string } } = {}): Promise<ChartRepo> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-chart-repo-'));
  const home = path.join(dir, '.helm');
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    requests.push(req.url ?? '');
    const expected = options.auth && `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
    if (expected && req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="charts"' }).end('unauthorized');
      return;
    }
    const name = decodeURIComponent((req.url ?? '/').split('?')[0]!.slice(1));
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = await readFile(path.join(dir, name));
      res.writeHead(200, { 'content-type': name.endsWith('.yaml') ? 'text/yaml' : 'application/gzip' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (const chart of charts) await helm(['package', path.join(CHART_FIXTURES, chart), '--destination', dir], home);
    await helm(['repo', 'index', dir, '--url', url], home);
  } catch (error) {
    // A listening server keeps the test process alive: a failed set-up must not leave one behind.
    await close();
    throw error;
  }
  return { url, dir, requests, tamper: (file, bytes) => writeFile(path.join(dir, file), bytes), close };
}

/** A helm that appends its arguments to `log` (one line per run) and then runs the real helm. */
export async function countingHelm(dir: string): Promise<{ path: string; calls: () => Promise<string[]> }> {
  const log = path.join(dir, 'helm-calls.log');
  const wrapper = path.join(dir, 'helm');
  await writeFile(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${HELM}' "$@"\n`);
  await chmod(wrapper, 0o755);
  return {
    path: wrapper,
    calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean),
  };
}
