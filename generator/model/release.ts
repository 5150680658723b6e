/**
 * The vocabulary of releases: what a release value is (an image version or a
 * chart version), how an image reference splits into repository and version,
 * and where in an app body images and charts are used. Validation, `versions`
 * and `promote` all read an app's release through these helpers, so they
 * cannot disagree about what runs where.
 */

export type ReleaseKind = 'image' | 'chart';

/** One release value's identity within an app: an image repository or a chart name. */
export interface ReleaseKey {
  kind: ReleaseKind;
  /** `ghcr.io/wander/api` for an image, `postgresql` for a chart. */
  name: string;
}

/** Release values by key id (`image:<repository>`, `chart:<name>`); see releaseKeyId. */
export type ReleaseValues = Map<string, string>;

export function releaseKeyId(key: ReleaseKey): string {
  return `${key.kind}:${key.name}`;
}

export function parseReleaseKeyId(id: string): ReleaseKey {
  const colon = id.indexOf(':');
  return { kind: id.slice(0, colon) as ReleaseKind, name: id.slice(colon + 1) };
}

/** Sorted: images before charts, then by name (code-unit order, the same on every machine). */
export function compareKeyIds(a: string, b: string): number {
  const rank = (id: string) => (id.startsWith('image:') ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * An image repository without tag or digest: an optional registry host (with
 * port) and lower-case path components, as the OCI distribution spec names them.
 */
export const IMAGE_REPOSITORY =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = '(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})';

/** What follows the repository in an image reference: `1.4.2`, `1.4.2@sha256:<hex>`, or a digest alone, `sha256:<hex>`. */
export const IMAGE_VERSION = new RegExp(`^(?:${TAG}(?:@${DIGEST})?|${DIGEST})$`);

/** An exact chart version: ranges would make the output depend on when it was rendered. */
export const CHART_VERSION = /^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

/** `ghcr.io/x/api:1.2@sha256:…` → repository `ghcr.io/x/api`, version `1.2@sha256:…`; no version when there is neither tag nor digest. */
export function splitImage(image: string): { repository: string; version?: string } {
  const at = image.indexOf('@');
  const named = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  // A colon after the last slash starts the tag; one before it is a registry port.
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const repository = hasTag ? named.slice(0, colon) : named;
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  const version = tag && digest ? `${tag}@${digest}` : (tag ?? digest);
  return version === undefined ? { repository } : { repository, version };
}

/** The image reference for a repository at a version (the inverse of splitImage). */
export function composeImage(repository: string, version: string): string {
  return /^sha(256|512):/.test(version) ? `${repository}@${version}` : `${repository}:${version}`;
}

/** Does a rejected version (a tag, a digest, or both) name this running version? */
export function versionMatches(rejected: string, running: string): boolean {
  if (rejected === running) return true;
  const [tag, digest] = running.includes('@') ? running.split('@') : /^sha(256|512):/.test(running) ? [undefined, running] : [running, undefined];
  return rejected === tag || rejected === digest;
}

/** Where an image is used in an app body: the field path of each container's `image`. */
export interface ImageUse {
  repository: string;
  /** The version written with the image, if any (apps without a release section write it there). */
  version?: string;
  path: (string | number)[];
}

type Raw = Record<string, unknown>;

/** Every container and init container image of a (raw or validated) app body, in component and container order. */
export function imageUses(body: unknown): ImageUse[] {
  const uses: ImageUse[] = [];
  for (const [component, spec] of entries(asRecord(body)?.components)) {
    for (const list of ['initContainers', 'containers'] as const) {
      for (const [container, c] of entries(asRecord(spec)?.[list])) {
        const image = asRecord(c)?.image;
        if (typeof image !== 'string') continue;
        uses.push({ ...splitImage(image), path: ['components', component, list, container, 'image'] });
      }
    }
  }
  return uses;
}

/** Every chart of a (raw or validated) app body with the version written there, if any. */
export function chartUses(body: unknown): { name: string; version?: string; path: (string | number)[] }[] {
  return entries(asRecord(body)?.charts).map(([name, spec]) => {
    const version = asRecord(spec)?.version;
    return { name, ...(typeof version === 'string' ? { version } : {}), path: ['charts', name, 'version'] };
  });
}

/** The release values a body runs (for an app without a release section: as written in it). */
export function valuesOfBody(body: unknown): ReleaseValues {
  const values: ReleaseValues = new Map();
  for (const use of imageUses(body)) {
    const id = releaseKeyId({ kind: 'image', name: use.repository });
    const version = use.version ?? '';
    // Two containers of one repository at different versions: show both, never pick one silently.
    const known = values.get(id);
    values.set(id, known === undefined || known === version ? version : [...new Set([...known.split(' | '), version])].sort().join(' | '));
  }
  for (const chart of chartUses(body)) values.set(releaseKeyId({ kind: 'chart', name: chart.name }), chart.version ?? '');
  return values;
}

export function asRecord(value: unknown): Raw | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
}

function entries(value: unknown): [string, unknown][] {
  const record = asRecord(value);
  return record ? Object.entries(record) : [];
}
