/**
 * What makes a change security-relevant, defined on the objects themselves
 * (so it holds for Flotilla's own output, raw objects and rendered charts
 * alike):
 *
 * - **Pod security weakened**: a pod template gains one of these, measured
 *   against the Pod Security Standards' restricted profile and Flotilla's
 *   defaults — a privileged container, privilege escalation allowed, may run
 *   as root (runAsNonRoot not true, or runAsUser 0), a writable root
 *   filesystem, an added capability, capabilities not all dropped, no
 *   RuntimeDefault/Localhost seccomp profile, a host port, host network /
 *   PID / IPC, a hostPath volume, the service account token mounted; or a
 *   namespace (or an Application's managed namespace) whose
 *   `pod-security.kubernetes.io/enforce` level is below restricted.
 * - **Network policy widened**: a NetworkPolicy allows a (direction, peer,
 *   port) it did not allow (an added policy: everything it allows), selects
 *   different pods, stops isolating a direction, or is removed while no
 *   remaining policy of the namespace isolates a superset of its pods
 *   (matchLabels a subset of its own) in the same directions.
 * - **RBAC**: any Role, ClusterRole, RoleBinding or ClusterRoleBinding added,
 *   changed or removed.
 * - **Cluster-scoped**: an object added whose kind is cluster-scoped (or that
 *   carries no namespace).
 */
import { isClusterScopedKind, type K8sObject } from '../model/object.ts';

export const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

export function isClusterScopedObject(o: { kind: string; namespace?: string }): boolean {
  return isClusterScopedKind(o.kind) || !o.namespace;
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(asObj) : []);

const PSA_LABEL = 'pod-security.kubernetes.io/enforce';

const flagCache = new WeakMap<object, string[]>();

/** The weakenings of pod security this object carries (sorted); empty for objects without pods. */
export function podSecurityFlags(o: K8sObject): string[] {
  let flags = flagCache.get(o);
  if (flags) return flags;
  flags = [];
  if (o.kind === 'Namespace') flags.push(...admissionFlags(asObj(o.metadata.labels)));
  else if (o.kind === 'Application') {
    // Only an Application that labels its namespace itself (CreateNamespace); Flotilla's own namespaces are Namespace objects.
    const managed = asObj(asObj(o.spec).syncPolicy).managedNamespaceMetadata;
    if (managed) flags.push(...admissionFlags(asObj(asObj(managed).labels)));
  } else {
    const pod = podSpecOf(o);
    if (pod) flags.push(...podFlags(pod));
  }
  flags = [...new Set(flags)].sort();
  flagCache.set(o, flags);
  return flags;
}

function admissionFlags(labels: Obj): string[] {
  const level = labels[PSA_LABEL];
  return level === 'restricted' ? [] : [`pod security admission ${typeof level === 'string' ? level : 'not enforced'}`];
}

function podSpecOf(o: K8sObject): Obj | undefined {
  const spec = asObj(o.spec);
  if (o.kind === 'Pod') return spec;
  const template = asObj(asObj(spec.template).spec);
  if (Array.isArray(template.containers)) return template;
  const job = asObj(asObj(asObj(asObj(spec.jobTemplate).spec).template).spec);
  return Array.isArray(job.containers) ? job : undefined;
}

function podFlags(pod: Obj): string[] {
  const out: string[] = [];
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[host] === true) out.push(host);
  for (const v of asList(pod.volumes)) if (v.hostPath) out.push(`hostPath volume ${v.name}`);
  if (pod.automountServiceAccountToken !== false) out.push('service account token mounted');
  const psc = asObj(pod.securityContext);
  for (const c of [...asList(pod.initContainers), ...asList(pod.containers), ...asList(pod.ephemeralContainers)]) {
    const sc = asObj(c.securityContext);
    const who = `container ${c.name}:`;
    if (sc.privileged === true) out.push(`${who} privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${who} privilege escalation allowed`);
    const user = sc.runAsUser ?? psc.runAsUser;
    if (user === 0) out.push(`${who} runs as root`);
    else if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true && user === undefined) out.push(`${who} may run as root`);
    if (sc.readOnlyRootFilesystem !== true) out.push(`${who} writable root filesystem`);
    const caps = asObj(sc.capabilities);
    for (const cap of Array.isArray(caps.add) ? caps.add : []) out.push(`${who} capability ${cap}`);
    if (!(Array.isArray(caps.drop) && caps.drop.includes('ALL'))) out.push(`${who} capabilities not all dropped`);
    const seccomp = asObj(sc.seccompProfile).type ?? asObj(psc.seccompProfile).type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${who} seccomp ${typeof seccomp === 'string' ? seccomp : 'not set'}`);
    for (const p of asList(c.ports)) if (p.hostPort !== undefined) out.push(`${who} host port ${p.hostPort}`);
  }
  return out;
}

// ---------------------------------------------------------------- network policy

export type Direction = 'Ingress' | 'Egress';

export interface PolicyShape {
  selector: string;
  /** matchLabels of the pod selector when it has no expressions (for coverage), else null. */
  labels: Obj | null;
  isolates: Direction[];
  allows: Set<string>;
}

const shapeCache = new WeakMap<object, PolicyShape>();

export function policyShape(o: K8sObject): PolicyShape {
  const shape = shapeCache.get(o);
  if (shape) return shape;
  const spec = asObj(o.spec);
  const podSelector = asObj(spec.podSelector);
  const types: Direction[] = Array.isArray(spec.policyTypes) ? (spec.policyTypes as Direction[]) : spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
  const allows = new Set<string>();
  for (const dir of types) {
    for (const rule of asList(dir === 'Ingress' ? spec.ingress : spec.egress)) {
      const peers = asList(dir === 'Ingress' ? rule.from : rule.to);
      const ports = asList(rule.ports);
      for (const peer of peers.length ? peers.map(describePeer) : ['anywhere'])
        for (const port of ports.length ? ports.map(describePort) : ['any port'])
          allows.add(`${dir === 'Ingress' ? 'ingress from' : 'egress to'} ${peer} on ${port}`);
    }
  }
  const made: PolicyShape = {
    selector: describeSelector(podSelector),
    labels: podSelector.matchExpressions ? null : asObj(podSelector.matchLabels),
    isolates: [...types].sort(),
    allows,
  };
  shapeCache.set(o, made);
  return made;
}

/** Does `other` isolate every pod `removed` selected, in every direction `removed` isolated? */
export function covers(other: PolicyShape, removed: PolicyShape): boolean {
  if (!other.labels || !removed.isolates.every((d) => other.isolates.includes(d))) return false;
  const mine = removed.labels ?? {};
  return Object.entries(other.labels).every(([k, v]) => mine[k] === v);
}

function describePeer(peer: Obj): string {
  const block = asObj(peer.ipBlock);
  if (typeof block.cidr === 'string') return `${block.cidr}${Array.isArray(block.except) && block.except.length ? ` except ${block.except.join(', ')}` : ''}`;
  const pods = peer.podSelector ? `pods ${describeSelector(asObj(peer.podSelector))}` : '';
  const namespaces = peer.namespaceSelector ? `namespaces ${describeSelector(asObj(peer.namespaceSelector))}` : '';
  if (pods && namespaces) return `${pods} in ${namespaces}`;
  return pods ? `${pods} (same namespace)` : namespaces || 'anywhere';
}

function describeSelector(s: Obj): string {
  const parts = Object.entries(asObj(s.matchLabels))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  for (const e of asList(s.matchExpressions)) parts.push(`${e.key} ${e.operator}${Array.isArray(e.values) ? ` (${e.values.join(', ')})` : ''}`);
  return parts.length ? `{${parts.join(', ')}}` : '(all)';
}

function describePort(p: Obj): string {
  const protocol = typeof p.protocol === 'string' ? p.protocol : 'TCP';
  if (p.port === undefined) return `any ${protocol} port`;
  return `${protocol}/${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}`;
}
