// Validates every generated Kubernetes object against the published schemas
// (kubernetes-models + @kubernetes-models/* CRD packages) before it is written,
// so a bad field fails `flotilla generate` instead of an Argo CD sync.
//
// Added on top of each model's validate(), because the packages lack them:
//  1. Unknown fields. The packaged validators are ajv code compiled from the
//     OpenAPI/CRD schemas, which never say additionalProperties:false, so
//     `spec.replcias` passes validate(). No JSON schema ships at runtime (only
//     compiled code), so we watch the validator instead: it reads every
//     property its schema declares (`data.replicas === undefined`) and lists
//     keys only for maps. A key it never read is unknown to the schema.
//     Objects it never looks into (free-form, e.g. Helm valuesObject) are skipped.
//  2. Port ranges: the core OpenAPI types ports as int32 without bounds.
// Every kind is checked for unknown fields: the CRD packages model current
// operator releases (cert-manager's has http01.ingress.ingressClassName and
// Certificate nameConstraints; sealed-secrets' requires spec.encryptedData
// and allows spec.template.data), so no kind needs a patch or an exception.
// The model packages are ESM-only and export only for `import`, so their code
// is loaded asynchronously (loadSchemas), per kind and only for kinds a run
// renders; validation itself stays synchronous.

import { didYouMean, nearest } from '../suggest.ts';

export interface ObjectSchemaError {
  ref: string /* e.g. "apps/v1 Deployment matomo/web" */;
  message: string /* path + what was wrong */;
  /** The field the message is about, inside the object ([] for the whole object), and what is wrong there. */
  path: Array<string | number>;
  text: string;
  /** The field's key is the problem (an unknown field), not its value. */
  atKey?: boolean;
  /** The fix, where one is obvious (the nearest known field, a list for a single value). */
  hint?: string;
}

/** One finding: where in the object, and what is wrong there. */
interface Issue {
  path: Array<string | number>;
  text: string;
  atKey?: boolean;
  hint?: string;
}

// ---------------------------------------------------------------------------
// Schema table

// [package, apiVersion, kinds]; a kind lives in module `${package}/${apiVersion}/${kind}`.
const LAZY_MODELS: Array<[string, string, string[]]> = [
  ['kubernetes-models', 'v1', ['Namespace', 'ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'PersistentVolumeClaim', 'LimitRange', 'ResourceQuota']],
  ['kubernetes-models', 'apps/v1', ['Deployment', 'StatefulSet', 'DaemonSet']],
  ['kubernetes-models', 'batch/v1', ['Job', 'CronJob']],
  ['kubernetes-models', 'networking.k8s.io/v1', ['Ingress', 'IngressClass', 'NetworkPolicy']],
  ['kubernetes-models', 'policy/v1', ['PodDisruptionBudget']],
  ['kubernetes-models', 'autoscaling/v2', ['HorizontalPodAutoscaler']],
  ['kubernetes-models', 'rbac.authorization.k8s.io/v1', ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']],
  ['kubernetes-models', 'apiextensions.k8s.io/v1', ['CustomResourceDefinition']],
  ['kubernetes-models', 'scheduling.k8s.io/v1', ['PriorityClass']],
  ['kubernetes-models', 'storage.k8s.io/v1', ['StorageClass']],
  ['@kubernetes-models/argo-cd', 'argoproj.io/v1alpha1', ['Application', 'ApplicationSet', 'AppProject']],
  ['@kubernetes-models/cert-manager', 'cert-manager.io/v1', ['Certificate', 'Issuer', 'ClusterIssuer']],
  // Traefik v3 serves only traefik.io (traefik.containo.us was the v2 group).
  ['@kubernetes-models/traefik', 'traefik.io/v1alpha1', ['IngressRoute', 'Middleware', 'TLSOption', 'ServersTransport']],
  // v1 is served since External Secrets Operator 0.16; 0.17 stopped serving v1beta1.
  ['@kubernetes-models/external-secrets', 'external-secrets.io/v1', ['ExternalSecret', 'SecretStore', 'ClusterSecretStore']],
  ['@kubernetes-models/sealed-secrets', 'bitnami.com/v1alpha1', ['SealedSecret']],
  ['@kubernetes-models/gateway-api', 'gateway.networking.k8s.io/v1', ['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TLSRoute']],
  ['@kubernetes-models/gateway-api', 'gateway.networking.k8s.io/v1alpha2', ['TCPRoute', 'UDPRoute']],
  ['@kubernetes-models/gateway-api', 'gateway.networking.k8s.io/v1beta1', ['ReferenceGrant']],
  ['@kubernetes-models/prometheus-operator', 'monitoring.coreos.com/v1', ['ServiceMonitor', 'PodMonitor', 'PrometheusRule']],
];

// Keys never reported as unknown. The model generator strips `description` and
// `x-kubernetes-*` from schemas as if they were annotations, so real fields
// (AppProject spec.description, a CRD's x-kubernetes-preserve-unknown-fields)
// vanish from the validators. `$patch` & co. are strategic-merge directives
// that kustomize consumes before anything reaches the API server.
const isUnseenField = (key: string) => key === 'description' || key.startsWith('x-kubernetes-') || key.startsWith('$');

const PORT_FIELDS = new Set(['port', 'containerPort', 'hostPort', 'nodePort', 'targetPort']);
// File modes of volume sources (defaultMode, and mode of their items): the API takes 0 to 0777.
const MODE_FIELDS = new Set(['defaultMode', 'mode']);
const MAX_MODE = 0o777;

interface ModelClass {
  prototype: { validate(): void };
}

interface Schema {
  model: ModelClass;
  shape: Shape; // learned from traced runs, see below
}

interface TableEntry {
  specifier: string;
  kind: string;
  model?: ModelClass;
  schema?: Schema;
}

let table: Map<string, TableEntry> | undefined;

// Strings only: building the table loads no schema code.
function lookupTable(): Map<string, TableEntry> {
  if (!table) {
    table = new Map();
    for (const [pkg, apiVersion, kinds] of LAZY_MODELS) {
      for (const kind of kinds) table.set(`${apiVersion}/${kind}`, { specifier: `${pkg}/${apiVersion}/${kind}`, kind });
    }
  }
  return table;
}

/** Loads the schema code of these `apiVersion/kind` keys (default: every kind Flotilla knows); unknown keys are skipped. */
export async function loadSchemas(keys?: Iterable<string>): Promise<void> {
  const wanted = keys ? [...new Set(keys)].flatMap((key) => lookupTable().get(key) ?? []) : [...lookupTable().values()];
  await Promise.all(
    wanted
      .filter((entry) => !entry.model)
      .map(async (entry) => {
        entry.model = ((await import(entry.specifier)) as Record<string, ModelClass>)[entry.kind];
      }),
  );
}

function schemaFor(key: string): Schema | undefined {
  const entry = lookupTable().get(key);
  if (!entry) return undefined;
  if (!entry.schema) {
    if (!entry.model) throw new Error(`the schema of ${key} was not loaded before validation (loadSchemas); this is a bug`);
    entry.schema = { model: entry.model, shape: newShape() };
  }
  return entry.schema;
}

export function isKnownKind(apiVersion: string, kind: string): boolean {
  return lookupTable().has(`${apiVersion}/${kind}`);
}

// ---------------------------------------------------------------------------
// Entry point

export function validateObjectSchema(obj: Record<string, unknown>): ObjectSchemaError[] {
  const ref = describe(obj);
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    const text = 'apiVersion and kind must be set (strings) to pick a schema';
    return [{ ref, message: text, path: [], text }];
  }
  const schema = schemaFor(`${apiVersion}/${kind}`);
  if (!schema) {
    const text = `${apiVersion} ${kind} is unknown to Flotilla's schema set, so it was not validated`;
    return [{ ref, message: text, path: [], text }];
  }
  // A shallow copy whose prototype is the model's: the older model bases
  // (gateway-api, sealed-secrets) look their schema id up on `this`.
  // Much cheaper than `new Model(obj)`, which deep-copies the object.
  // Defined, not assigned: an own `__proto__` field stays a field (and is reported as unknown).
  const root = Object.create(schema.model.prototype) as Record<string, unknown>;
  for (const key of Object.keys(obj)) Object.defineProperty(root, key, { value: obj[key], writable: true, enumerable: true, configurable: true });

  // Fast path: plain validate(), then compare keys with the shape learned so
  // far. Proxy tracing (~4x slower) only runs for a kind's first objects, for
  // subtrees not seen before, and to confirm a suspected unknown field.
  let result = schema.shape.mode ? runPlain(schema, root, obj) : undefined;
  if (!result?.complete || result.unknown > 0) result = runTraced(schema, root, obj);
  const unique = new Map(result.messages.map((issue) => [`${formatPath(issue.path)}: ${issue.text}`, issue]));
  return [...unique].map(([message, { path, text, atKey, hint }]) => ({ ref, message, path, text, ...(atKey ? { atKey } : {}), ...(hint ? { hint } : {}) }));
}

function describe(obj: Record<string, unknown>): string {
  const meta = (obj.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const name = typeof meta.name === 'string' ? meta.name : '<unnamed>';
  const id = typeof meta.namespace === 'string' ? `${meta.namespace}/${name}` : name;
  return `${String(obj.apiVersion ?? '<no apiVersion>')} ${String(obj.kind ?? '<no kind>')} ${id}`;
}

interface RunResult {
  messages: Issue[];
  complete: boolean; // false: met a subtree the shape has not learned yet
  unknown: number;
}

function runPlain(schema: Schema, root: object, obj: Record<string, unknown>): RunResult {
  const messages = validateWith(schema.model, root, obj);
  const check = new FieldCheck(messages);
  const complete = check.visit(schema.shape, root, []);
  return { messages, complete, unknown: check.unknown };
}

function runTraced(schema: Schema, root: object, obj: Record<string, unknown>): RunResult {
  const tracer = new ReadTracer();
  const messages = validateWith(schema.model, tracer.wrap(root), obj);
  // Only a clean run teaches the shared shape: after an error a validator may
  // skip subtrees (sealed-secrets' ajv stops at the first one), which would
  // look like free-form objects. A failed object is checked on its own traces.
  const shape = messages.length === 0 ? schema.shape : newShape();
  learnShape(shape, root, tracer.traces, true);
  const check = new FieldCheck(messages);
  check.visit(shape, root, []);
  return { messages, complete: true, unknown: check.unknown };
}

// ---------------------------------------------------------------------------
// ajv errors -> messages

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function validateWith(model: ModelClass, target: object, obj: Record<string, unknown>): Issue[] {
  try {
    model.prototype.validate.call(target);
    return [];
  } catch (err) {
    return ajvMessages(err, obj);
  }
}

function ajvMessages(err: unknown, obj: Record<string, unknown>): Issue[] {
  const errors = (err as { errors?: AjvError[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return [{ path: [], text: err instanceof Error ? err.message : String(err) }];
  // Nullable fields are modelled as oneOf [schema, null]; once the real branch
  // says what is wrong, the "must be null" / "must match oneOf" lines are noise.
  const isNoise = (e: AjvError) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || (e.keyword === 'type' && e.params.type === 'null');
  const useful = errors.filter((e) => !isNoise(e));
  return (useful.length > 0 ? useful : errors).map((e) => {
    const path = pointerToSegments(e.instancePath);
    if (e.keyword === 'required')
      return { path: [...path, String(e.params.missingProperty)], text: 'is required', hint: `Add ${String(e.params.missingProperty)}.` };
    let message = e.message ?? `failed ${e.keyword}`;
    if (e.keyword === 'enum') message = `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    const value = valueAt(obj, path);
    if (value === null || typeof value !== 'object') message += ` (got ${JSON.stringify(value)?.slice(0, 80)})`;
    const hint =
      e.keyword === 'type' && e.params.type === 'array' && value !== undefined
        ? value !== null && typeof value === 'object'
          ? 'Write it as a list: start each entry with "- " on its own line, or wrap it in [ ].'
          : `Write it as a list: [${String(value)}].`
        : e.keyword === 'enum' && typeof value === 'string'
          ? didYouMean(value, (e.params.allowedValues as unknown[]).map(String))
          : undefined;
    return { path, text: message, ...(hint ? { hint } : {}) };
  });
}

// ---------------------------------------------------------------------------
// Which keys the validator reads

interface Trace {
  read: Set<string>;
  enumerated: boolean;
}

// Wraps the object graph in proxies recording the keys the validator looks up
// on each object, keyed by the original object.
class ReadTracer {
  readonly traces = new Map<object, Trace>();
  private readonly proxies = new Map<object, object>();

  wrap<T>(value: T): T {
    if (value === null || typeof value !== 'object') return value;
    const existing = this.proxies.get(value);
    if (existing) return existing as T;
    const trace: Trace = { read: new Set(), enumerated: false };
    this.traces.set(value, trace);
    // A proxy of a frozen object must return its exact property values, not
    // proxies of them, so trace a copy of it instead.
    const target = Object.isFrozen(value) ? (Array.isArray(value) ? [...value] : { ...value }) : value;
    const proxy = new Proxy(target, {
      get: (target, key) => {
        if (typeof key === 'string') trace.read.add(key);
        return this.wrap(Reflect.get(target, key));
      },
      has: (target, key) => {
        if (typeof key === 'string') trace.read.add(key);
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor: (target, key) => {
        if (typeof key === 'string') trace.read.add(key);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      // Only map-like schemas (additionalProperties) list an object's keys.
      ownKeys: (target) => {
        trace.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    this.proxies.set(value, proxy);
    return proxy as T;
  }
}

// What the validator reads at one location of a kind's objects. Array items
// share the child "[]", map entries the child "*". The keys a compiled
// validator reads do not depend on the data, so traces of a few objects cover
// all later ones.
interface Shape {
  mode?: 'closed' | 'open' | 'free'; // undefined: not learned yet
  keys: Set<string>;
  children: Map<string, Shape>;
}

function newShape(): Shape {
  return { keys: new Set(), children: new Map() };
}

function childShape(shape: Shape, key: string): Shape {
  let child = shape.children.get(key);
  if (!child) {
    child = newShape();
    shape.children.set(key, child);
  }
  return child;
}

function learnShape(shape: Shape, value: unknown, traces: Map<object, Trace>, parentTraced: boolean): void {
  if (Array.isArray(value)) {
    for (const item of value) if (isContainer(item)) learnShape(childShape(shape, '[]'), item, traces, parentTraced);
    return;
  }
  if (!isPlainRecord(value)) return;
  const trace = traces.get(value);
  if (!trace) {
    // Read by its parent but never looked into: a schema without properties.
    if (parentTraced) shape.mode ??= 'free';
    return;
  }
  if (trace.enumerated) shape.mode = 'open';
  else if (trace.read.size > 0 && shape.mode !== 'open') shape.mode = 'closed';
  else shape.mode ??= 'free';
  for (const key of trace.read) shape.keys.add(key);
  for (const [key, child] of Object.entries(value)) {
    if (!isContainer(child)) continue;
    if (shape.mode === 'open') learnShape(childShape(shape, '*'), child, traces, true);
    else if (trace.read.has(key)) learnShape(childShape(shape, key), child, traces, true);
  }
}

// Walks an object along a learned shape, reporting unknown fields and bad ports.
class FieldCheck {
  unknown = 0;
  constructor(private readonly out: Issue[]) {}

  /** Returns false when the object reaches a subtree the shape has not learned. */
  visit(shape: Shape, value: unknown, path: Array<string | number>): boolean {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (!isContainer(value[i])) continue;
        const items = shape.children.get('[]');
        if (!items) return false;
        path.push(i);
        const ok = this.visit(items, value[i], path);
        path.pop();
        if (!ok) return false;
      }
      return true;
    }
    if (!isPlainRecord(value) || shape.mode === 'free') return true;
    if (!shape.mode) return false;
    for (const key of Object.keys(value)) {
      const child = value[key];
      if (child === undefined) continue;
      path.push(key);
      const known = shape.mode === 'open' || shape.keys.has(key);
      if (!known && isUnseenField(key)) {
        // A real field the validator cannot see: nothing to check inside it.
      } else if (!known) {
        this.unknown++;
        const fix = nearest(
          key,
          [...shape.keys].filter((k) => !Object.hasOwn(value, k)),
        );
        this.out.push({ path: [...path], text: 'unknown field (not in the schema)', atKey: true, ...(fix ? { hint: `Did you mean "${fix}"?` } : {}) });
      } else if (isContainer(child)) {
        const childShapeOf = shape.children.get(shape.mode === 'open' ? '*' : key);
        if (!childShapeOf || !this.visit(childShapeOf, child, path)) return false;
      } else if (
        MODE_FIELDS.has(key) &&
        path.includes('volumes') &&
        typeof child === 'number' &&
        !(Number.isInteger(child) && child >= 0 && child <= MAX_MODE)
      ) {
        this.out.push({ path: [...path], text: modeMessage(child) });
      } else if (PORT_FIELDS.has(key) && Number.isInteger(child) && ((child as number) < 1 || (child as number) > 65535)) {
        const where = formatPath(path);
        // The schema may already bound it (Gateway API does); say it once.
        if (!this.out.some((m) => formatPath(m.path) === where))
          this.out.push({ path: [...path], text: `must be a port number between 1 and 65535 (got ${child})` });
      }
      path.pop();
    }
    return true;
  }
}

/** A file mode out of range is almost always an octal mode written in decimal (644 for 0644). */
function modeMessage(mode: number): string {
  const digits = String(mode);
  const octal = /^[0-7]+$/.test(digits) ? Number.parseInt(digits, 8) : Number.NaN;
  const hint = octal <= MAX_MODE ? `; ${digits} is read as decimal: for the octal mode write 0o${digits} (= ${octal})` : '';
  return `must be a file mode from 0 to 0777 (decimal 511), got ${mode}${hint}`;
}

// ---------------------------------------------------------------------------
// Paths

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return isContainer(value) && !Array.isArray(value);
}

function pointerToSegments(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
}

function valueAt(obj: unknown, path: Array<string | number>): unknown {
  let cur = obj;
  for (const seg of path) {
    if (!isContainer(cur)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

// spec.template.spec.containers[0].ports[0].containerPort; keys that are not
// identifiers are bracketed: metadata.labels["app.kubernetes.io/name"].
function formatPath(path: Array<string | number>): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
