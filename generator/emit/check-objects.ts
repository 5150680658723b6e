/**
 * The last gate before writing: every object against the official Kubernetes
 * and CRD schemas, then semantic checks a schema cannot express — Service
 * selectors that match no pod, ports that no container has, references to
 * ConfigMaps, Secrets, PVCs or ServiceAccounts that nothing creates, and env
 * values naming a Service host that does not exist.
 */

import type { Diagnostic } from '../diagnostics.ts';
import { own } from '../model/dict.ts';
import { LABEL } from '../model/names.ts';
import { type K8sObject, objectRef } from '../model/object.ts';
import { routeKindOf } from '../model/route-kinds.ts';
import { podTemplateOf, workloadKindOf } from '../model/workload-kinds.ts';
import type { FleetPlan } from '../plan/model.ts';
import { chartReleaseName } from '../render/context.ts';
import type { LocatedField } from '../validate/zod-errors.ts';
import type { SchemaCheck } from './schema-cache.ts';
import { isKnownKind, validateObjectSchema } from './validate-objects.ts';

const SERVICE_HOST = /\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?\b/g;

/** A set of names, as the checks use it: only asked whether it has a name (so a cached check can record each question). */
export interface NameSet {
  has(name: string): boolean;
}

export interface FleetIndex {
  /** `namespace/name` of every Service the fleet generates. */
  services: NameSet;
  /** `namespace/name` of Secrets created outside Git or by charts. */
  externalSecrets: NameSet;
  /** `namespace/release` of Helm chart releases: their Services are named `<release>` or `<release>-…`. */
  chartReleases: NameSet;
}

/** `services`: namespace/name of every generated Service (check-output.ts servicesOf). */
export function buildFleetIndex(fleet: FleetPlan, generated: NameSet): FleetIndex {
  const externalSecrets = new Set<string>();
  const chartReleases = new Set<string>();
  const declared = new Set<string>();
  for (const s of Object.values(fleet.externalServices)) if (!s.host.includes('.') && s.namespace) declared.add(`${s.namespace}/${s.host}`);
  for (const app of fleet.apps) {
    for (const v of [app.base, ...app.envVariants.values(), ...app.clusterVariants.values()]) {
      // Services declared under externalServices exist, though Flotilla does not make them.
      for (const s of Object.values(v.body.externalServices ?? {})) if (!s.host.includes('.')) declared.add(`${s.namespace ?? app.namespace}/${s.host}`);
      for (const [name, s] of Object.entries(v.body.secrets ?? {})) if (s.existing) externalSecrets.add(`${app.namespace}/${name}`);
      for (const [chart, spec] of Object.entries(v.body.charts ?? {}))
        chartReleases.add(`${spec.namespace ?? app.namespace}/${chartReleaseName(app.applicationId, chart)}`);
    }
  }
  const services: NameSet = { has: (name) => generated.has(name) || declared.has(name) };
  return { services, externalSecrets, chartReleases };
}

/**
 * Where the objects of one Kustomize path come from in the config. An object
 * written under `resources:` is its own config: a field inside it is that
 * field of the resource entry. A generated object points at what declared it
 * (its component, route, ConfigMap…).
 */
export interface ObjectOrigin {
  locate: Locate;
  /** The `resources` entry an object was written as, if it was. */
  resourceIndex(o: K8sObject): number | undefined;
  /** The field of the patch that wrote this field of the object, if a patch did. */
  patchedField?(o: K8sObject, path: FieldPath): FieldPath | undefined;
}

/**
 * `schemaCheck` may be a cached validator (schema-cache.ts) shared by the calls of one run.
 * Messages do not name the overlay: one config mistake seen in every environment is one error.
 */
export function checkObjects(
  objects: K8sObject[],
  origin: ObjectOrigin,
  index: FleetIndex | undefined,
  schemaCheck: SchemaCheck = validateObjectSchema,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  /** `inGenerated`: the field below what declared a generated object; `inObject`: the field inside the object itself. */
  const fieldOf = (o: K8sObject, inGenerated: FieldPath = [], inObject: FieldPath = []): FieldPath => {
    const written = origin.resourceIndex(o);
    return written === undefined ? [...configPathOf(o), ...inGenerated] : ['resources', written, ...inObject];
  };
  const fail = (o: K8sObject, message: string, hint?: string, field: FieldPath = fieldOf(o), atKey = false) =>
    out.push({ ...origin.locate(field, atKey), message: `${objectRef(o)}: ${message}`, hint, severity: 'error' });
  for (const o of objects) {
    if (!isKnownKind(o.apiVersion, o.kind)) continue; // escape-hatch CRDs: envelope checked at validation
    // Written under resources:, the diagnostic's own field path says where; generated, the message does.
    for (const e of schemaCheck(o)) {
      // A native field written in the config (tolerations, affinity…) is located at its own line there.
      const patched = origin.patchedField?.(o, e.path);
      const native = origin.resourceIndex(o) === undefined ? nativeField(o, e.path) : undefined;
      if (patched) fail(o, `schema: ${e.message}`, e.hint, patched, e.atKey && patched[patched.length - 1] === e.path[e.path.length - 1]);
      else if (native) fail(o, `schema: ${e.text}`, e.hint, fieldOf(o, native), e.atKey);
      else fail(o, `schema: ${origin.resourceIndex(o) === undefined ? e.message : e.text}`, e.hint, fieldOf(o, [], e.path), e.atKey);
    }
  }
  if (!index) return out;
  const has = (kind: string, ns: string | undefined, name: string) =>
    objects.some((o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? '') === (ns ?? ''));
  const secretMade = (ns: string | undefined, name: string) =>
    index.externalSecrets.has(`${ns}/${name}`) ||
    objects.some(
      (o) =>
        (o.kind === 'ExternalSecret' && (o.spec as { target?: { name?: string } }).target?.name === name) ||
        (o.kind === 'SealedSecret' && o.metadata.name === name),
    ) ||
    /-tls$/.test(name); // cert-manager writes TLS secrets
  const pods = objects.flatMap((o) => podOf(o).map((pod) => ({ owner: o, pod })));
  for (const { owner, pod } of pods) {
    const ns = owner.metadata.namespace;
    const spec = pod.spec as PodSpec;
    for (const v of spec.volumes ?? []) {
      if (v.configMap && !has('ConfigMap', ns, v.configMap.name)) fail(owner, `volume ${v.name} uses ConfigMap ${v.configMap.name}, which is not generated`);
      if (v.secret && !secretMade(ns, v.secret.secretName))
        fail(
          owner,
          `volume ${v.name} uses Secret ${v.secret.secretName}, which nothing creates`,
          'Declare it under secrets: (externalSecret, sealed or existing).',
        );
      if (v.persistentVolumeClaim && !has('PersistentVolumeClaim', ns, v.persistentVolumeClaim.claimName))
        fail(owner, `volume ${v.name} uses PVC ${v.persistentVolumeClaim.claimName}, which is not generated`);
    }
    if (spec.serviceAccountName && !has('ServiceAccount', ns, spec.serviceAccountName))
      fail(owner, `service account ${spec.serviceAccountName} is not generated`);
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      const portNames = new Set((c.ports ?? []).map((p) => p.name));
      const portNumbers = new Set((c.ports ?? []).map((p) => p.containerPort));
      for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
        const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
        if (port !== undefined && !(typeof port === 'string' ? portNames.has(port) : portNumbers.has(port)))
          fail(owner, `container ${c.name} probes port ${port}, which it does not expose`, undefined, fieldOf(owner, ['containers', c.name, 'probes']));
      }
      for (const e of c.env ?? []) {
        const cm = e.valueFrom?.configMapKeyRef;
        const envField = fieldOf(owner, ['containers', c.name, 'env', e.name]);
        if (cm && !has('ConfigMap', ns, cm.name)) fail(owner, `env ${e.name} reads ConfigMap ${cm.name}, which is not generated`, undefined, envField);
        const sk = e.valueFrom?.secretKeyRef;
        if (sk && !secretMade(ns, sk.name)) fail(owner, `env ${e.name} reads Secret ${sk.name}, which nothing creates`, undefined, envField);
        for (const m of (e.value ?? '').matchAll(SERVICE_HOST)) {
          const key = `${m[3]}/${m[1]}`;
          if (!index.services.has(key) && !isChartService(index, m[3], m[1]))
            fail(
              owner,
              `env ${e.name} names the Service host ${m[0]}, but no Service ${key} is generated`,
              'Use { service: <component>, app: <app> } so the host is derived and checked.',
              envField,
            );
        }
      }
    }
  }
  for (const route of objects.filter((o) => routeKindOf(o)?.gateway)) {
    if (!(route.spec as { parentRefs?: unknown[] }).parentRefs?.length)
      fail(
        route,
        'has no parent Gateway, so no traffic reaches it',
        'Set gateway: { name, namespace } on the environment in fleet.yaml, or under settings: in the cluster file.',
      );
  }
  // An ExternalName Service selects no pods: it is a DNS alias of a host.
  for (const svc of objects.filter((o) => o.kind === 'Service' && (o.spec as { type?: string }).type !== 'ExternalName')) {
    const spec = svc.spec as { selector?: Record<string, string>; ports?: { name: string; targetPort: string | number }[] };
    const selected = pods.filter(
      ({ owner, pod }) =>
        owner.metadata.namespace === svc.metadata.namespace &&
        workloadKindOf(owner)?.service !== false &&
        Object.entries(spec.selector ?? {}).every(([k, v]) => own(pod.metadata?.labels, k) === v),
    );
    if (selected.length === 0) {
      fail(svc, 'selector matches no pod of this app', 'A Service name typo or a changed label leaves it without endpoints.');
      continue;
    }
    for (const p of spec.ports ?? []) {
      const exposed = selected.some(({ pod }) =>
        ((pod.spec as PodSpec).containers ?? []).some((c) =>
          (c.ports ?? []).some((cp) => (typeof p.targetPort === 'string' ? cp.name === p.targetPort : cp.containerPort === p.targetPort)),
        ),
      );
      if (!exposed) fail(svc, `port ${p.name} targets ${p.targetPort}, which no selected container exposes`);
    }
  }
  return out;
}

function isChartService(index: FleetIndex, namespace: string, service: string): boolean {
  const parts = service.split('-');
  for (let i = parts.length; i > 0; i--) if (index.chartReleases.has(`${namespace}/${parts.slice(0, i).join('-')}`)) return true;
  return false;
}

/** Pod fields the config language passes through as the native Kubernetes types, under the same name. */
const NATIVE_POD_FIELDS = new Set(['affinity', 'tolerations', 'dnsConfig', 'hostAliases', 'topologySpreadConstraints']);

/** The config path (below the component) of a schema error inside a native pod field of a workload, if it is one. */
function nativeField(o: K8sObject, path: ReadonlyArray<string | number>): FieldPath | undefined {
  const row = workloadKindOf(o);
  if (!row) return undefined;
  const prefix = [...row.podTemplatePath, 'spec'];
  if (path.length <= prefix.length || prefix.some((p, i) => path[i] !== p)) return undefined;
  const field = path[prefix.length];
  return typeof field === 'string' && NATIVE_POD_FIELDS.has(field) ? path.slice(prefix.length) : undefined;
}

/** Where an object comes from in its app's config, from the names and labels the renderer gives it. */
export function configPathOf(o: K8sObject): FieldPath {
  const labels = o.metadata.labels ?? {};
  const app = labels[LABEL.partOf];
  const component = labels[LABEL.component];
  if (component) return ['components', component];
  const local = app && o.metadata.name.startsWith(`${app}-`) ? o.metadata.name.slice(app.length + 1) : o.metadata.name;
  if (routeKindOf(o)) return ['routes', local.replace(/-http$/, '')];
  switch (o.kind) {
    case 'Certificate':
    case 'Middleware':
      return ['routes', local.replace(/-(http|https-redirect)$/, '')];
    case 'ConfigMap':
      return ['configMaps', o.metadata.name.replace(/-[0-9a-f]{10}$/, '')];
    case 'ExternalSecret':
    case 'SealedSecret':
      return ['secrets', o.metadata.name];
    case 'PersistentVolumeClaim':
      return ['pvcs', o.metadata.name];
    case 'ServiceAccount':
      return ['serviceAccounts', o.metadata.name];
    case 'Role':
    case 'ClusterRole':
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return ['roles', local];
    default:
      return [];
  }
}

export type FieldPath = ReadonlyArray<string | number>;
/** With `atKey`, the position of the field's key rather than its value. */
export type Locate = (path: FieldPath, atKey?: boolean) => LocatedField;

interface PodSpec {
  volumes?: { name: string; configMap?: { name: string }; secret?: { secretName: string }; persistentVolumeClaim?: { claimName: string } }[];
  serviceAccountName?: string;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
}
interface ProbeSpec {
  httpGet?: { port: string | number };
  tcpSocket?: { port: string | number };
}
interface ContainerSpec {
  name: string;
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: ProbeSpec;
  livenessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
  env?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: { name: string }; secretKeyRef?: { name: string } } }[];
}

type PodTemplate = { metadata?: { labels?: Record<string, string> }; spec: unknown };

function podOf(o: K8sObject): PodTemplate[] {
  const template = podTemplateOf(o);
  return template ? [template as PodTemplate] : [];
}
