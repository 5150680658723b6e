/**
 * Argo CD's AppProject permission checks (v3.5.1), so tests can ask what a
 * generated project lets an Application deploy, by Argo CD's own rules:
 *
 * - controller/sync.go validateSyncPermissions: every object of a sync,
 *   including the Namespace that `CreateNamespace=true` adds to it, must pass
 *   IsGroupKindNamePermitted, and a namespaced object must also pass
 *   IsDestinationPermitted for its namespace on the destination cluster.
 * - AppProject.IsGroupKindNamePermitted: namespaced kinds are allowed unless the
 *   namespace whitelist is set and misses them, or the blacklist has them;
 *   cluster-scoped kinds only when clusterResourceWhitelist has them (kind,
 *   group and, since v3.3, name matched with Go's filepath.Match).
 * - AppProject.isDestinationMatched: a destination entry matches when its name
 *   or server glob matches and its namespace glob matches (gobwas/glob; `!`
 *   negates).
 */

type GroupKind = { group: string; kind: string; name?: string };
type Destination = { name?: string; server?: string; namespace?: string };
export interface ProjectSpec {
  destinations?: Destination[];
  clusterResourceWhitelist?: GroupKind[];
  clusterResourceBlacklist?: GroupKind[];
  namespaceResourceWhitelist?: GroupKind[] | null;
  namespaceResourceBlacklist?: GroupKind[];
}
export interface Cluster {
  name: string;
  server: string;
}
export interface SyncObject {
  group: string;
  kind: string;
  name: string;
  /** Empty for a cluster-scoped object. */
  namespace: string;
}

/** The error Argo CD's controller reports for this object in a sync of an Application in this project, or undefined when permitted. */
export function syncPermissionError(project: { metadata: { name: string }; spec: ProjectSpec }, cluster: Cluster, o: SyncObject): string | undefined {
  const namespaced = o.namespace !== '';
  if (!isGroupKindNamePermitted(project.spec, o, namespaced)) return `resource ${o.group}:${o.kind} is not permitted in project ${project.metadata.name}`;
  if (namespaced && !isDestinationPermitted(project.spec, cluster, o.namespace))
    return `namespace ${o.namespace} is not permitted in project '${project.metadata.name}'`;
  return undefined;
}

export function isGroupKindNamePermitted(spec: ProjectSpec, o: { group: string; kind: string; name: string }, namespaced: boolean): boolean {
  if (namespaced) {
    const white = spec.namespaceResourceWhitelist;
    const black = spec.namespaceResourceBlacklist ?? [];
    const whiteListed = white == null || (white.length !== 0 && white.some((i) => kindMatches(i, o)));
    return whiteListed && !black.some((i) => kindMatches(i, o));
  }
  const white = spec.clusterResourceWhitelist ?? [];
  const black = spec.clusterResourceBlacklist ?? [];
  const named = (i: GroupKind) => kindMatches(i, o) && (!i.name || filepathMatch(i.name, o.name));
  return white.some(named) && !black.some(named);
}

function kindMatches(item: GroupKind, o: { group: string; kind: string }): boolean {
  return filepathMatch(item.kind, o.kind) && filepathMatch(item.group, o.group);
}

export function isDestinationPermitted(spec: ProjectSpec, cluster: Cluster, namespace: string): boolean {
  let any = false;
  for (const item of spec.destinations ?? []) {
    const nameMatched = cluster.name !== '' && globMatch(item.name ?? '', cluster.name);
    const serverMatched = cluster.server !== '' && globMatch(item.server ?? '', cluster.server);
    const namespaceMatched = globMatch(item.namespace ?? '', namespace);
    if ((serverMatched || nameMatched) && namespaceMatched) any = true;
    else if ((!nameMatched && isDeny(item.name)) || (!serverMatched && isDeny(item.server) && namespaceMatched)) return false;
    else if (!namespaceMatched && isDeny(item.namespace) && serverMatched) return false;
  }
  return any;
}

const isDeny = (pattern: string | undefined) => pattern?.startsWith('!') ?? false;

/** gobwas/glob as Argo CD calls it for destinations: `*`, `?`, `{a,b}`, `\\` escapes; a leading `!` negates. */
export function globMatch(glob: string, value: string): boolean {
  if (glob.startsWith('!')) return !globMatch(glob.slice(1), value);
  if (glob === '*') return true;
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') pattern += escapeRegExp(glob[++i] ?? '');
    else if (c === '{') pattern += '(?:';
    else if (c === '}') pattern += ')';
    else if (c === ',') pattern += '|';
    else if (c === '*') pattern += '.*';
    else if (c === '?') pattern += '.';
    else pattern += escapeRegExp(c);
  }
  return new RegExp(`^${pattern}$`, 's').test(value);
}

/** Go's path/filepath.Match on Unix: `*` and `?` never match `/`, `[...]` classes, `\\` escapes. A malformed pattern matches nothing. */
export function filepathMatch(glob: string, value: string): boolean {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      if (i + 1 >= glob.length) return false;
      pattern += escapeRegExp(glob[++i]);
    } else if (c === '*') pattern += '[^/]*';
    else if (c === '?') pattern += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) return false;
      const body = glob.slice(i + 1, end);
      pattern += body.startsWith('^') ? `[^/${body.slice(1)}]` : `[${body}]`;
      i = end;
    } else pattern += escapeRegExp(c);
  }
  return new RegExp(`^${pattern}$`, 's').test(value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
