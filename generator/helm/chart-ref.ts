/**
 * A chart as an Argo CD Application names it: repository, chart, version. A
 * repository with a scheme (https://, or http:// to this machine) is a classic
 * chart repository with an index.yaml; one without a scheme is an OCI registry
 * path (Argo CD's form: `registry-1.docker.io/bitnamicharts`).
 */
import { createHash } from 'node:crypto';

export interface ChartRef {
  repo: string;
  chart: string;
  version: string;
}

export function isOciRepo(repo: string): boolean {
  return repo.startsWith('oci://') || !/^[a-z][a-z0-9+.-]*:\/\//i.test(repo);
}

/** `oci://host/path/chart`, the reference `helm pull` takes. */
export function ociReference(ref: ChartRef): string {
  return `oci://${ref.repo.replace(/^oci:\/\//, '').replace(/\/+$/, '')}/${ref.chart}`;
}

/** host[:port] of the repository or registry. */
export function repoHost(repo: string): string {
  const withScheme = isOciRepo(repo) ? `oci://${repo.replace(/^oci:\/\//, '')}` : repo;
  return new URL(withScheme).host;
}

/**
 * Registries on this machine are spoken to over plain HTTP (a local test or
 * mirror registry); every other registry over HTTPS.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** "postgresql 12.12.10 from registry-1.docker.io/bitnamicharts", for messages. */
export function describeChart(ref: ChartRef): string {
  return `${ref.chart} ${ref.version} from ${ref.repo}`;
}

/** The cache key of a chart archive: repository, chart and version. */
export function chartKey(ref: ChartRef): string {
  return createHash('sha256')
    .update(`${ref.repo.replace(/\/+$/, '')}\0${ref.chart}\0${ref.version}`)
    .digest('hex')
    .slice(0, 32);
}
