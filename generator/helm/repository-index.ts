/**
 * A classic chart repository's index.yaml: which versions of which charts it
 * has, where their archives are and their SHA-256 digests. Read once per
 * repository per run, and only when a chart from it is not in the cache.
 */
import yaml from 'js-yaml';
import { didYouMean } from '../suggest.ts';
import { ChartError } from './chart-error.ts';
import { type ChartRef, describeChart } from './chart-ref.ts';
import { type Credentials, credentialsVariable } from './credentials.ts';

export interface IndexEntry {
  /** "sha256:<hex>". */
  digest: string;
  url: string;
}

export interface RepositoryIndex {
  text: string;
  entries: Map<string, { version: string; digest?: string; urls?: string[] }[]>;
}

export async function fetchIndex(repo: string, credentials: Credentials | undefined): Promise<RepositoryIndex> {
  const url = new URL('index.yaml', repo.endsWith('/') ? repo : `${repo}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: credentials ? { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` } : {},
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    const cause = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
    throw new ChartError('unreachable', `chart repository ${repo} cannot be reached (${cause})`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new ChartError(
      'unauthorized',
      `chart repository ${repo} refused access (HTTP ${response.status}); ${credentials ? 'check the credentials in' : 'set'} ${credentialsVariable(url.host)}=username:password`,
    );
  }
  if (!response.ok) throw new ChartError('unreachable', `chart repository ${repo} answered HTTP ${response.status} for index.yaml`);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = yaml.load(text, { json: true });
  } catch (error) {
    throw new ChartError('unreachable', `${url.href} is not a chart repository index: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  }
  const raw = (parsed as { entries?: Record<string, unknown> } | null)?.entries;
  if (!raw || typeof raw !== 'object') throw new ChartError('unreachable', `${url.href} is not a chart repository index (no entries)`);
  const entries = new Map<string, { version: string; digest?: string; urls?: string[] }[]>();
  for (const [name, versions] of Object.entries(raw)) if (Array.isArray(versions)) entries.set(name, versions);
  return { text, entries };
}

/** The index entry of one chart version, or an error naming what the repository does have. */
export function findEntry(index: RepositoryIndex, ref: ChartRef): IndexEntry {
  const versions = index.entries.get(ref.chart);
  if (!versions) {
    const hint = didYouMean(ref.chart, new Set(index.entries.keys()));
    throw new ChartError('unknown-chart', `chart repository ${ref.repo} has no chart named "${ref.chart}"${hint ? `. ${hint}` : ''}`);
  }
  const entry = versions.find((v) => String(v.version) === ref.version);
  if (!entry) {
    const known = versions.map((v) => String(v.version)).slice(0, 5);
    throw new ChartError('unknown-version', `chart ${ref.chart} has no version ${ref.version} in ${ref.repo} (newest: ${known.join(', ') || 'none'})`);
  }
  if (!entry.digest || !entry.urls?.length)
    throw new ChartError('digest-mismatch', `${describeChart(ref)}: the repository index gives no digest or URL for it, so it cannot be verified`);
  const digest = entry.digest.startsWith('sha256:') ? entry.digest : `sha256:${entry.digest}`;
  return { digest, url: new URL(entry.urls[0]!, ref.repo.endsWith('/') ? ref.repo : `${ref.repo}/`).href };
}
