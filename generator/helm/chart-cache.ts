/**
 * Chart archives, outside Git, keyed by repository, chart and version:
 * `<cache>/charts/<key>/chart.tgz` and `entry.json` (what it is and its
 * digest). Filled by `helm pull` on first use; the archive must match the
 * digest of the repository index (a classic repository's index.yaml; for an
 * OCI registry, helm checks the pulled layer against the registry's manifest)
 * and is checked against that digest again on every use, so a cached archive
 * that was changed or truncated is refused, never rendered. Offline, only
 * what is cached renders, and a missing chart is named.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from './cache-files.ts';
import { ChartError, isUnreachable } from './chart-error.ts';
import { type ChartRef, chartKey, describeChart, isLoopbackHost, isOciRepo, ociReference, repoHost } from './chart-ref.ts';
import { type Credentials, credentialsFor, credentialsVariable, redactSecrets } from './credentials.ts';
import { Limiter } from './limit.ts';
import { fetchIndex, findEntry, type RepositoryIndex } from './repository-index.ts';
import { type Env, helmEnvironment, registryConfigPath, repositoryCachePath, repositoryConfigPath, runHelm, withPrivateDir } from './run-helm.ts';

export interface CachedChart {
  archive: string;
  /** "sha256:<hex>" of the archive. */
  digest: string;
}

interface Entry {
  repo: string;
  chart: string;
  version: string;
  digest: string;
}

export interface ChartCacheOptions {
  dir: string;
  offline: boolean;
  env: Env;
  /** Resolves the helm binary when a pull is needed (not before: a warm cache needs no helm). */
  helm: () => Promise<string>;
}

const REPO_ALIAS = 'flotilla';

export class ChartCache {
  private readonly pending = new Map<string, Promise<CachedChart>>();
  private readonly indexes = new Map<string, Promise<RepositoryIndex>>();
  /** Downloads wait on the network, not the CPU: a few at a time. */
  private readonly downloads = new Limiter(4);
  /** `helm pull` runs this run, for tests and the bench. */
  pulls = 0;

  constructor(private readonly options: ChartCacheOptions) {}

  get(ref: ChartRef): Promise<CachedChart> {
    const key = chartKey(ref);
    let p = this.pending.get(key);
    if (!p) {
      p = this.load(ref, key);
      this.pending.set(key, p);
    }
    return p;
  }

  private async load(ref: ChartRef, key: string): Promise<CachedChart> {
    const dir = path.join(this.options.dir, 'charts', key);
    const cached = await readCached(dir, ref);
    if (cached) return cached;
    if (this.options.offline) throw new ChartError('not-cached', `${describeChart(ref)} is not in the chart cache (--offline)`);
    return this.downloads.run(() => this.pull(ref, dir));
  }

  private async pull(ref: ChartRef, dir: string): Promise<CachedChart> {
    const host = repoHost(ref.repo);
    const credentials = credentialsFor(host, this.options.env);
    const helm = await this.options.helm();
    const { archive, digest } = await withPrivateDir(async (home) => {
      const out = path.join(home, 'out');
      await mkdir(out, { recursive: true });
      const index = isOciRepo(ref.repo) ? undefined : await this.index(ref.repo, credentials);
      const expected = index && findEntry(index, ref);
      const args = index ? await repoPullArgs(ref, home, credentials, index.text) : await ociPullArgs(ref, home, host, credentials);
      this.pulls++;
      const result = await runHelm(helm, [...args, '--destination', out], helmEnvironment(this.options.env, home));
      if (result.code !== 0) throw pullError(ref, redactSecrets(`${result.stderr}${result.stdout}`, credentials), host, credentials);
      const files = (await readdir(out)).filter((f) => f.endsWith('.tgz'));
      if (files.length !== 1) throw new ChartError('pull-failed', `helm pull of ${describeChart(ref)} left ${files.length} archives`);
      const bytes = await readFile(path.join(out, files[0]!));
      const actual = sha256(bytes);
      if (expected && actual !== expected.digest) {
        throw new ChartError(
          'digest-mismatch',
          `${describeChart(ref)}: the archive served (${actual}) does not match the digest in the repository index (${expected.digest}); refusing it`,
        );
      }
      return { archive: bytes, digest: actual };
    });
    const target = path.join(dir, 'chart.tgz');
    await writeFileAtomic(target, archive);
    const entry: Entry = { repo: ref.repo, chart: ref.chart, version: ref.version, digest };
    await writeFileAtomic(path.join(dir, 'entry.json'), `${JSON.stringify(entry, null, 2)}\n`); // written last: the entry is complete
    return { archive: target, digest };
  }

  private index(repo: string, credentials: Credentials | undefined): Promise<RepositoryIndex> {
    let p = this.indexes.get(repo);
    if (!p) {
      p = fetchIndex(repo, credentials);
      this.indexes.set(repo, p);
    }
    return p;
  }
}

async function readCached(dir: string, ref: ChartRef): Promise<CachedChart | undefined> {
  let entry: Entry;
  try {
    entry = JSON.parse(await readFile(path.join(dir, 'entry.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const archive = path.join(dir, 'chart.tgz');
  const bytes = await readFile(archive).catch(() => undefined);
  const same = entry.repo === ref.repo && entry.chart === ref.chart && entry.version === ref.version;
  if (!same || !bytes || sha256(bytes) !== entry.digest) {
    throw new ChartError(
      'digest-mismatch',
      `the cached archive of ${describeChart(ref)} (${archive}) does not match the digest the repository index gave (${entry.digest}); refusing it. Delete ${dir} to fetch it again.`,
    );
  }
  return { archive, digest: entry.digest };
}

/** A classic repository under a private alias: its index (already fetched and checked) and credentials in private files. */
async function repoPullArgs(ref: ChartRef, home: string, credentials: Credentials | undefined, indexText: string): Promise<string[]> {
  const repository = { name: REPO_ALIAS, url: ref.repo, ...(credentials ? { username: credentials.username, password: credentials.password } : {}) };
  await writePrivate(repositoryConfigPath(home), stringify({ apiVersion: '', generated: '0001-01-01T00:00:00Z', repositories: [repository] }));
  await writePrivate(path.join(repositoryCachePath(home), `${REPO_ALIAS}-index.yaml`), indexText);
  return ['pull', `${REPO_ALIAS}/${ref.chart}`, '--version', ref.version];
}

async function ociPullArgs(ref: ChartRef, home: string, host: string, credentials: Credentials | undefined): Promise<string[]> {
  if (credentials) {
    const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    await writePrivate(registryConfigPath(home), JSON.stringify({ auths: { [host]: { auth } } }));
  }
  return ['pull', ociReference(ref), '--version', ref.version, ...(isLoopbackHost(host) ? ['--plain-http'] : [])];
}

async function writePrivate(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, content, { mode: 0o600 });
}

function pullError(ref: ChartRef, output: string, host: string, credentials: Credentials | undefined): ChartError {
  const detail = output.trim().split('\n').filter(Boolean).at(-1) ?? 'no output';
  // The distribution registry answers a pull without credentials with "basic credential not found".
  if (/\b(401|403)\b|unauthorized|forbidden|denied|credential not found/i.test(output)) {
    return new ChartError(
      'unauthorized',
      `${describeChart(ref)}: access refused (${detail}); ${credentials ? 'check the credentials in' : 'set'} ${credentialsVariable(host)}=username:password`,
    );
  }
  if (isUnreachable(output))
    return new ChartError('unreachable', `${describeChart(ref)}: the ${isOciRepo(ref.repo) ? 'registry' : 'repository'} cannot be reached (${detail})`);
  if (/not found|404/i.test(output)) return new ChartError('unknown-version', `${describeChart(ref)}: no such chart or version in the registry (${detail})`);
  return new ChartError('pull-failed', `helm pull of ${describeChart(ref)} failed: ${detail}`);
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
