/**
 * Which rendered objects hold data, and which changes to them put that data at
 * risk. Pure functions of Kubernetes objects, so every stage can ask: render
 * (sync options), validate (renames), deliver (the commit/pr guard), preview
 * (diff warnings), and chart previews (objects rendered by helm).
 *
 * An object holds data when its kind is in DATA_KINDS, or when it carries the
 * annotation `flotilla.dev/holds-data: "true"` (how a user marks any other
 * custom resource). The annotation travels with the object into the output,
 * so the committed side of a change can be judged without the config that
 * produced it.
 */
import { ANNOTATION } from './names.ts';
import { type K8sObject, objectRef } from './object.ts';
import { parseQuantity } from './quantity.ts';

/** The value that marks an object as holding data; any other value is a config error (see validate/). */
export const HOLDS_DATA_VALUE = 'true';

/** A kind whose objects hold data: API group ('' for the core group) and kind, and what the data is, for messages. */
export interface DataKind {
  group: string;
  kind: string;
  holds: string;
}

/**
 * Kinds known to hold data. Operators keep their data in claims they create and delete with the
 * custom resource, so deleting the resource deletes the data. Extend this table, not the code.
 */
export const DATA_KINDS: readonly DataKind[] = [
  { group: '', kind: 'PersistentVolumeClaim', holds: 'a volume claim' },
  { group: '', kind: 'PersistentVolume', holds: 'a volume' },
  { group: 'apps', kind: 'StatefulSet', holds: 'its pods’ volume claims' },
  { group: 'postgresql.cnpg.io', kind: 'Cluster', holds: 'a PostgreSQL cluster (CloudNativePG)' },
  { group: 'postgres-operator.crunchydata.com', kind: 'PostgresCluster', holds: 'a PostgreSQL cluster (Crunchy PGO)' },
  { group: 'k8s.mariadb.com', kind: 'MariaDB', holds: 'a MariaDB database (mariadb-operator)' },
  { group: 'mongodbcommunity.mongodb.com', kind: 'MongoDBCommunity', holds: 'a MongoDB replica set' },
  { group: 'minio.min.io', kind: 'Tenant', holds: 'object storage (MinIO)' },
  { group: 'rabbitmq.com', kind: 'RabbitmqCluster', holds: 'message queues (RabbitMQ)' },
  { group: 'kafka.strimzi.io', kind: 'Kafka', holds: 'Kafka topics (Strimzi)' },
  { group: 'kafka.strimzi.io', kind: 'KafkaNodePool', holds: 'Kafka broker volumes (Strimzi)' },
  { group: 'elasticsearch.k8s.elastic.co', kind: 'Elasticsearch', holds: 'search indices (Elastic ECK)' },
];

const BY_GROUP_KIND = new Map(DATA_KINDS.map((k) => [`${k.group}/${k.kind}`, k]));

/** "apps/v1" → "apps"; the core "v1" → "". */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The known data kind of an object, if any (marked objects of other kinds return undefined). */
export function dataKindOf(o: Pick<K8sObject, 'apiVersion' | 'kind'>): DataKind | undefined {
  return BY_GROUP_KIND.get(`${apiGroup(o.apiVersion)}/${o.kind}`);
}

/** Is the object marked with `flotilla.dev/holds-data: "true"`? */
export function markedAsHoldingData(o: K8sObject): boolean {
  return o.metadata.annotations?.[ANNOTATION.holdsData] === HOLDS_DATA_VALUE;
}

export function holdsData(o: K8sObject): boolean {
  return dataKindOf(o) !== undefined || markedAsHoldingData(o);
}

export interface DataRisk {
  /** objectRef() of the object: "StatefulSet matomo/matomo-mariadb". */
  ref: string;
  /**
   * deleted: gone from `after`; replaced: a change Kubernetes refuses in place; scaled down: a
   * StatefulSet whose claims are deleted with the pods it removes; claims set to be deleted: a
   * StatefulSet whose claim retention becomes Delete, so a later deletion or scale-down deletes data
   * without further warning.
   */
  reason: 'deleted' | 'replaced' | 'scaled down' | 'claims set to be deleted';
  /** Why, for people: what goes and what to do about it. */
  detail: string;
}

/**
 * What a change of one Argo CD Application's objects does to the objects that
 * hold data: deleted (gone from `after`, which Argo CD prunes), or replaced (a
 * change Kubernetes refuses to apply in place, so it only lands by deleting
 * and re-creating the object). Objects are matched by API group, kind,
 * namespace and name; a new API version of the same group is the same object.
 * Sorted by ref, so the result is deterministic.
 */
export function dataAtRisk(before: readonly K8sObject[], after: readonly K8sObject[]): DataRisk[] {
  const next = new Map(after.map((o) => [identity(o), o]));
  const risks: DataRisk[] = [];
  for (const old of before) {
    if (!holdsData(old)) continue;
    const now = next.get(identity(old));
    const ref = objectRef(old);
    if (!now) {
      risks.push({ ref, reason: 'deleted', detail: deletedDetail(old, newcomers(before, after, old)) });
      continue;
    }
    for (const risk of retentionRisks(old, now)) risks.push({ ref, ...risk });
    const refused = immutableChanges(old, now);
    if (refused.length > 0) {
      risks.push({
        ref,
        reason: 'replaced',
        detail: `${refused.join('; ')}: Kubernetes cannot change this in place, so it would be deleted and re-created${replacedConsequence(old)}`,
      });
    }
  }
  return risks.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

/** A risk where it happens: the Flotilla app and the cluster of the Argo CD Application. */
export interface PlacedDataRisk extends DataRisk {
  app: string;
  cluster: string;
}

/** One object, one reason, every cluster where it happens: how people read a list of risks. */
export interface GroupedDataRisk extends DataRisk {
  apps: string[];
  clusters: string[];
}

export function groupDataRisks(risks: readonly PlacedDataRisk[]): GroupedDataRisk[] {
  const groups = new Map<string, GroupedDataRisk>();
  for (const r of risks) {
    const key = `${r.ref}\n${r.reason}\n${r.detail}`;
    const g = groups.get(key) ?? { ref: r.ref, reason: r.reason, detail: r.detail, apps: [], clusters: [] };
    if (!g.apps.includes(r.app)) g.apps.push(r.app);
    if (!g.clusters.includes(r.cluster)) g.clusters.push(r.cluster);
    groups.set(key, g);
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (const g of groups.values()) {
    g.apps.sort(order);
    g.clusters.sort(order);
  }
  return [...groups.values()].sort((a, b) => order(a.ref, b.ref) || order(a.reason, b.reason));
}

/** "StatefulSet matomo/matomo-mariadb (app matomo) deleted on prod-eu, prod-us: <detail>" */
export function describeGroupedRisk(g: GroupedDataRisk): string {
  return `${g.ref} (app ${g.apps.join(', ')}) ${g.reason} on ${g.clusters.join(', ')}: ${g.detail}`;
}

/** One line per risk, for errors, warnings and commit messages. */
export function formatDataRisk(r: DataRisk): string {
  return `${r.ref} ${r.reason}: ${r.detail}`;
}

function identity(o: K8sObject): string {
  return `${apiGroup(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** Objects of the same group, kind and namespace that `after` adds: one of them is almost always a rename of `old`. */
function newcomers(before: readonly K8sObject[], after: readonly K8sObject[], old: K8sObject): K8sObject[] {
  const had = new Set(before.map(identity));
  return after.filter(
    (o) =>
      !had.has(identity(o)) && o.kind === old.kind && apiGroup(o.apiVersion) === apiGroup(old.apiVersion) && o.metadata.namespace === old.metadata.namespace,
  );
}

function deletedDetail(old: K8sObject, successors: K8sObject[]): string {
  const what = dataKindOf(old)?.holds ?? 'the data it holds';
  const renamed = successors.length === 1 ? ` (renamed to ${successors[0]!.metadata.name}?)` : '';
  if (isStatefulSet(old)) {
    const claims = claimTemplates(old).map((t) => `${t.name}-${old.metadata.name}-<n>`);
    if (claims.length > 0 && retention(old).whenDeleted === 'Delete')
      return `no longer generated${renamed}; Argo CD prunes it, and with persistentVolumeClaimRetentionPolicy.whenDeleted: Delete Kubernetes deletes its claims ${claims.join(', ')} and their data with it`;
    return `no longer generated${renamed}; Argo CD prunes it${claims.length ? `, and a StatefulSet under another name starts on new, empty claims instead of ${claims.join(', ')}` : ''}`;
  }
  return `no longer generated${renamed}; Argo CD prunes it, and ${what} with it`;
}

function replacedConsequence(old: K8sObject): string {
  if (old.kind === 'PersistentVolumeClaim') return ', with a new, empty volume';
  if (old.kind === 'StatefulSet') return '; claims whose template changed or was renamed start empty';
  return '';
}

function isStatefulSet(o: K8sObject): boolean {
  return o.kind === 'StatefulSet' && apiGroup(o.apiVersion) === 'apps';
}

type Retention = { whenDeleted: string; whenScaled: string };

/** A StatefulSet's claim retention policy, with the Kubernetes defaults (Retain). */
function retention(sts: K8sObject): Retention {
  const policy = (spec(sts).persistentVolumeClaimRetentionPolicy ?? {}) as Partial<Retention>;
  return { whenDeleted: policy.whenDeleted ?? 'Retain', whenScaled: policy.whenScaled ?? 'Retain' };
}

/**
 * A StatefulSet with claim retention Delete deletes data on its own: its claims
 * go with it (whenDeleted) or with the pods a scale-down removes (whenScaled).
 * Switching retention to Delete arms that; scaling down with whenScaled: Delete
 * fires it now. The policy in force for a scale-down is the new object's, as
 * Kubernetes applies both in one update.
 */
function retentionRisks(old: K8sObject, now: K8sObject): Omit<DataRisk, 'ref'>[] {
  if (!isStatefulSet(old) || !isStatefulSet(now)) return [];
  const claims = claimTemplates(now).map((t) => t.name);
  if (claims.length === 0) return [];
  const was = retention(old);
  const is = retention(now);
  const out: Omit<DataRisk, 'ref'>[] = [];
  const armed = (['whenDeleted', 'whenScaled'] as const).filter((when) => is[when] === 'Delete' && was[when] !== 'Delete');
  if (armed.length > 0)
    out.push({
      reason: 'claims set to be deleted',
      detail: `${armed.map((when) => `persistentVolumeClaimRetentionPolicy.${when} changes from ${was[when]} to Delete`).join('; ')}: from then on ${armed
        .map((when) => (when === 'whenDeleted' ? 'deleting the StatefulSet deletes its claims' : 'scaling it down deletes the claims of the pods it removes'))
        .join(', and ')}, and their data, with no further review`,
    });
  const before = spec(old).replicas;
  const after = spec(now).replicas;
  // Without a replica count on both sides (an autoscaler owns it) nothing tells how far it scales.
  if (is.whenScaled === 'Delete' && typeof before === 'number' && typeof after === 'number' && after < before) {
    const removed = Array.from({ length: before - after }, (_, i) => after + i);
    const names = claims.flatMap((c) => removed.map((n) => `${c}-${now.metadata.name}-${n}`));
    out.push({
      reason: 'scaled down',
      detail: `replicas go from ${before} to ${after} with persistentVolumeClaimRetentionPolicy.whenScaled: Delete: Kubernetes deletes the claims ${names.join(', ')} of the pods it removes, and their data`,
    });
  }
  return out;
}

/** Changes to fields Kubernetes validates as immutable after creation, described for people. */
function immutableChanges(old: K8sObject, now: K8sObject): string[] {
  if (apiGroup(old.apiVersion) === '' && old.kind === 'PersistentVolumeClaim') return claimSpecChanges(spec(old), spec(now), 'the claim');
  if (apiGroup(old.apiVersion) === 'apps' && old.kind === 'StatefulSet') return statefulSetChanges(old, now);
  return [];
}

/**
 * A StatefulSet accepts updates only to replicas, ordinals, template, updateStrategy,
 * revisionHistoryLimit, persistentVolumeClaimRetentionPolicy and minReadySeconds.
 * These are the others that a config change realistically touches.
 */
function statefulSetChanges(old: K8sObject, now: K8sObject): string[] {
  const a = spec(old);
  const b = spec(now);
  const out: string[] = [];
  if (!same(a.serviceName, b.serviceName)) out.push(`serviceName changes from ${show(a.serviceName)} to ${show(b.serviceName)}`);
  if (!same(a.selector, b.selector)) out.push(`selector changes from ${show(a.selector)} to ${show(b.selector)}`);
  if (!same(a.podManagementPolicy ?? 'OrderedReady', b.podManagementPolicy ?? 'OrderedReady'))
    out.push(`podManagementPolicy changes from ${show(a.podManagementPolicy ?? 'OrderedReady')} to ${show(b.podManagementPolicy ?? 'OrderedReady')}`);
  const before = new Map(claimTemplates(old).map((t) => [t.name, t]));
  const after = new Map(claimTemplates(now).map((t) => [t.name, t]));
  const removed = [...before.keys()].filter((n) => !after.has(n));
  const added = [...after.keys()].filter((n) => !before.has(n));
  if (removed.length === 1 && added.length === 1) out.push(`claim template ${removed[0]} is renamed to ${added[0]}`);
  else {
    for (const n of removed) out.push(`claim template ${n} is removed`);
    for (const n of added) out.push(`claim template ${n} is added`);
  }
  for (const [name, t] of before) {
    const u = after.get(name);
    if (!u) continue;
    const changes = claimSpecChanges(t.spec, u.spec, `claim template ${name}`, true);
    if (changes.length === 0 && !same(t.metadata, u.metadata)) changes.push(`claim template ${name} changes its labels or annotations`);
    out.push(...changes);
  }
  return out;
}

/** PVC spec fields that are immutable once bound; in a claim template, every field is. */
function claimSpecChanges(a: Record<string, unknown>, b: Record<string, unknown>, what: string, template = false): string[] {
  const out: string[] = [];
  for (const field of ['storageClassName', 'accessModes', 'selector', 'volumeMode', 'volumeName', 'dataSource', 'dataSourceRef'] as const) {
    if (!same(a[field], b[field])) out.push(`${what}: ${field} changes from ${show(a[field])} to ${show(b[field])}`);
  }
  const was = storageRequest(a);
  const is = storageRequest(b);
  if (was !== is) {
    // A bound claim may grow (where its storage class allows expansion), never shrink; a template may do neither.
    const shrinks = was !== undefined && is !== undefined && quantityBytes(is) < quantityBytes(was);
    if (template || shrinks || was === undefined || is === undefined) out.push(`${what}: storage changes from ${show(was)} to ${show(is)}`);
  }
  return out;
}

interface ClaimTemplate {
  name: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
}

function claimTemplates(sts: K8sObject): ClaimTemplate[] {
  const list = spec(sts).volumeClaimTemplates;
  if (!Array.isArray(list)) return [];
  return list.map((t: { metadata?: { name?: string }; spec?: Record<string, unknown> }) => {
    const { name = '', ...rest } = t.metadata ?? {};
    return { name, metadata: rest, spec: t.spec ?? {} };
  });
}

function spec(o: K8sObject): Record<string, unknown> {
  return o.spec && typeof o.spec === 'object' ? (o.spec as Record<string, unknown>) : {};
}

function storageRequest(claimSpec: Record<string, unknown>): string | undefined {
  const requests = (claimSpec.resources as { requests?: { storage?: unknown } } | undefined)?.requests;
  return requests?.storage === undefined ? undefined : String(requests.storage);
}

/** A Kubernetes quantity in bytes, closely enough to compare sizes; NaN when unreadable (never "smaller"). */
export function quantityBytes(q: string): number {
  return parseQuantity(q.trim()) ?? Number.NaN;
}

/** Structural equality that ignores key order. */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value) && 'matchLabels' in value && Object.keys(value).length === 1) {
    return Object.entries((value as { matchLabels: Record<string, string> }).matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  }
  return canonical(value);
}

/** The fields of a StatefulSet's spec that `dataAtRisk` compares. */
const STATEFULSET_FIELDS = ['serviceName', 'selector', 'podManagementPolicy', 'volumeClaimTemplates', 'persistentVolumeClaimRetentionPolicy', 'replicas'];

/**
 * An object that holds data, reduced to what `dataAtRisk` reads of it: its
 * identity, the holds-data mark, and the fields it compares. What a cache keeps
 * to compare with later (a StatefulSet's pod template is most of its bytes).
 * `dataAtRisk` gives the same answer for the reduced objects as for the whole
 * ones (test/model/stateful.test.ts).
 */
export function dataView(o: K8sObject): K8sObject {
  const metadata: K8sObject['metadata'] = { name: o.metadata.name };
  if (o.metadata.namespace !== undefined) metadata.namespace = o.metadata.namespace;
  if (markedAsHoldingData(o)) metadata.annotations = { [ANNOTATION.holdsData]: HOLDS_DATA_VALUE };
  const view: K8sObject = { apiVersion: o.apiVersion, kind: o.kind, metadata };
  const whole = (o as { spec?: Record<string, unknown> }).spec;
  if (!whole) return view;
  const group = apiGroup(o.apiVersion);
  if (group === '' && o.kind === 'PersistentVolumeClaim') return { ...view, spec: whole };
  if (group === 'apps' && o.kind === 'StatefulSet') {
    const kept: Record<string, unknown> = {};
    for (const field of STATEFULSET_FIELDS) if (Object.hasOwn(whole, field)) kept[field] = whole[field];
    return { ...view, spec: kept };
  }
  return view;
}
