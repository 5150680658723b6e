/** One app: `apps/<name>.yaml`. */
import { z } from 'zod';
import { dict } from '../../model/dict.ts';
import { CHART_VERSION, IMAGE_REPOSITORY, IMAGE_VERSION } from '../../model/release.ts';
import { ROUTE_KIND_NAMES } from '../../model/route-kinds.ts';
import { ChartName, ConfigKey, Duration, exactlyOneOf, exactUrl, Labels, Name } from './common.ts';
import { Cidr, Component, type ComponentSpec, Dependency } from './component.ts';
import { dictOf, keepInput } from './dict.ts';
import { AppExternalService } from './external-service.ts';

const FileRef = z
  .strictObject({
    file: z
      .string()
      .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\0]+$/, { message: 'expected a relative path inside apps/ (no "..", not absolute)' })
      .describe('Path of the file, relative to apps/, whose text becomes the value. Example: `kairoflow/nginx.conf`.'),
  })
  .describe('The value is read from a file next to the app config. Example: `{ file: kairoflow/nginx.conf }`.');

const ConfigMapSpec = z
  .strictObject({
    data: dictOf(
      ConfigKey,
      z.union([z.string().describe('The value, inline. Example: `"info"`.'), FileRef]).describe('The text of this key: inline, or from a file.'),
    ).describe(
      'ConfigMap keys to their text: inline, or `{ file: <path relative to apps/> }`. Example: `{ LOG_LEVEL: info, nginx.conf: { file: shop/nginx.conf } }`.',
    ),
  })
  .describe(
    'A ConfigMap. Its generated name is `<name>-<content hash>`, and every reference to it follows, so pods roll when the data changes. Example: `{ data: { LOG_LEVEL: info } }`.',
  );

const ExternalSecretSpec = z
  .strictObject({
    store: Name.describe('Name of the SecretStore or ClusterSecretStore to read from (secretStoreRef.name). Example: `vault`.'),
    storeKind: z
      .enum(['SecretStore', 'ClusterSecretStore'])
      .default('ClusterSecretStore')
      .describe('Kind of the store: a ClusterSecretStore (cluster-wide) or a SecretStore in the app namespace. Default: `ClusterSecretStore`.'),
    refreshInterval: Duration.default('1h').describe('How often the operator re-reads the remote values. Default: `1h`. Example: `15m`.'),
    data: dictOf(
      ConfigKey,
      z
        .strictObject({
          key: z.string().min(1).describe('The key (path) of the remote secret. Example: `matomo/db`.'),
          property: z.string().optional().describe('A property inside the remote secret; default: the whole value. Example: `password`.'),
        })
        .describe('Where the value of this Secret key comes from (remoteRef). Example: `{ key: matomo/db, property: password }`.'),
    ).describe('Keys of the generated Secret to the remote value each is read from. Example: `{ password: { key: matomo/db, property: password } }`.'),
  })
  .describe('An ExternalSecret (external-secrets.io/v1): External Secrets Operator creates the Secret, named like this entry, from a secret store.');

const SealedSecretSpec = z
  .strictObject({
    encryptedData: dictOf(
      ConfigKey,
      z
        .string()
        .regex(/^[A-Za-z0-9+/=]{40,}$/, { message: 'expected kubeseal output (long base64 ciphertext)' })
        .describe('Ciphertext from `kubeseal --raw` for this namespace and secret name.'),
    ).describe('Secret keys to their kubeseal ciphertext. Example: `{ token: AgBy3i4OJSWK+PiTySYZZA... }`.'),
  })
  .describe('A SealedSecret (bitnami.com/v1alpha1): the Sealed Secrets controller decrypts it into a Secret of the same name.');

export const SECRET_TYPES = ['Opaque', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/tls', 'kubernetes.io/basic-auth'] as const;

const SecretSpec = z
  .strictObject({
    externalSecret: ExternalSecretSpec.optional(),
    sealed: SealedSecretSpec.optional(),
    existing: z
      .literal(true)
      .optional()
      .describe('`true`: a Secret created outside Git (by hand or another tool); Flotilla only references it and generates nothing.'),
    type: z
      .enum(SECRET_TYPES)
      .default('Opaque')
      .describe(
        'Type of the resulting Secret (written into the ExternalSecret or SealedSecret template). Default: `Opaque`. Example: `kubernetes.io/dockerconfigjson`.',
      ),
    keys: z
      .array(ConfigKey.describe('A key of the existing Secret. Example: `password`.'))
      .optional()
      .describe(
        'With `existing`: the keys the Secret holds; references to other keys are errors. Default: any key is accepted. Example: `[username, password]`.',
      ),
  })
  .refine(...exactlyOneOf([['externalSecret'], ['sealed'], ['existing']], ' (secret values never go to Git)'))
  .describe('A Secret the app uses, from exactly one of externalSecret, sealed or existing: secret values never go to Git.');

const PvcSpec = z
  .strictObject({
    size: z
      .union([z.string().describe('A quantity. Example: `10Gi`.'), z.number().describe('A number of bytes. Example: `1073741824`.')])
      .transform(String)
      .describe('Requested storage (resources.requests.storage). Example: `10Gi`.'),
    accessMode: z
      .enum(['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'])
      .default('ReadWriteOnce')
      .describe('Access mode of the claim. Default: `ReadWriteOnce`.'),
    storageClass: z
      .string()
      .optional()
      .describe('Storage class of the claim. Default: the cluster or environment `storageClass` (none: the cluster default). Example: `gp3-encrypted`.'),
  })
  .describe('A PersistentVolumeClaim in the app namespace, mounted through a component volume `{ pvc: <name> }`. Example: `{ size: 10Gi }`.');

const PortSelector = z.union([Name.describe('A port by name. Example: `http`.'), z.number().int().describe('A port by number. Example: `8080`.')]);

const Backend = z
  .union([
    Name.describe('A component of this app, reached on its first Service port. Example: `web`.'),
    z
      .strictObject({
        component: Name.describe('A component of this app. Example: `api`.'),
        port: PortSelector.optional().describe('Its Service port, by name or number. Default: its first Service port. Example: `http`.'),
      })
      .describe('A component and the Service port to route to. Example: `{ component: api, port: http }`.'),
  ])
  .describe('The component that serves this path prefix (or route). Example: `web` or `{ component: api, port: http }`.');

const RouteSpec = z
  .strictObject({
    host: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'expected a host label (prefixed to the base domain) or a full host name' })
      .optional()
      .describe(
        'A label such as `matomo` (becomes `matomo.<baseDomain>` of the environment or cluster) or, with dots, a full host name such as `shop.example.org`. Required for HTTP routes, GRPCRoute and TLSRoute (the TLS server name); TCPRoute and UDPRoute match no host.',
      ),
    paths: dictOf(z.string().startsWith('/', { message: 'expected a path starting with "/"' }), Backend)
      .optional()
      .describe(
        'HTTP routes (Ingress, IngressRoute, HTTPRoute): path prefixes to the component that serves each. Example: `{ /: web, /api: { component: api, port: http } }`.',
      ),
    backend: Backend.optional().describe(
      'GRPCRoute, TLSRoute, TCPRoute and UDPRoute: the component (and Service port) that gets the traffic; its port must be UDP for a UDPRoute, TCP otherwise. Example: `{ component: turn, port: turn-udp }`.',
    ),
    kind: z
      .enum(ROUTE_KIND_NAMES)
      .optional()
      .describe(
        'Ingress (networking.k8s.io/v1), IngressRoute (Traefik, traefik.io/v1alpha1) or HTTPRoute (Gateway API v1) for HTTP; GRPCRoute and TLSRoute (Gateway API v1, TLSRoute from Gateway API 1.5), TCPRoute and UDPRoute (v1alpha2, the experimental channel) for other traffic. Gateway API kinds attach to the `gateway` setting. Default: the `ingressKind` of the cluster or environment.',
      ),
    listener: Name.optional().describe(
      'Gateway API kinds: the listener of the gateway to attach to (parentRefs sectionName), e.g. the one on the TURN port. Default: every listener that accepts the kind. Example: `turn-udp`.',
    ),
    annotations: dictOf(z.string(), z.string().describe('The annotation value. Example: `"10m"`.'))
      .optional()
      .describe(
        'Annotations on the route object (an IP allowlist, a body-size limit of the ingress controller); per environment through the overrides. Example: `{ nginx.ingress.kubernetes.io/proxy-body-size: 50m }`.',
      ),
    tls: z
      .boolean()
      .default(true)
      .describe(
        'Serve HTTPS with a certificate from the environment `issuer` (Ingress: cert-manager annotation; IngressRoute: a Certificate plus an HTTP-to-HTTPS redirect). Gateway API kinds leave TLS to the listeners of their Gateway (a TLSRoute passes it through to the backend), so `false` on one is an error: pick a plain-HTTP `listener` instead. Default: `true`.',
      ),
  })
  .describe('An entry point. Example: `{ host: matomo, paths: { /: matomo } }`, or `{ kind: UDPRoute, backend: { component: turn, port: turn-udp } }`.');

const ChartVersion = z
  .string({ message: 'expected a chart version string such as "12.1.0"' })
  .regex(CHART_VERSION, { message: 'expected an exact semantic version (no ranges): pinned charts give reproducible output' });

const ChartSpec = z
  .strictObject({
    repo: exactUrl(
      /^(https:\/\/|oci:\/\/|http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$))/,
      'https://charts.example.com or oci://registry.example.com/charts',
    ).describe(
      'The Helm repository (https://) or OCI registry path (oci://); also added to the team AppProject sourceRepos. Plain http:// only to this machine (a local mirror). Example: `oci://registry-1.docker.io/bitnamicharts`.',
    ),
    chart: ChartName.describe('Chart name in that repository. Example: `postgresql`.'),
    version: ChartVersion.describe(
      'Exact chart version (no ranges), quoted. In an app with a `release` section it is written there, per environment, instead. Example: `"16.4.1"`.',
    ),
    values: dictOf(z.string(), z.unknown().describe('A Helm value: any YAML.'))
      .default(() => dict())
      .describe(
        'Helm values, written to `<chart>.values.yaml` in the overlay and passed to the release. Passwords here are errors. Default: `{}`. Example: `{ architecture: standalone }`.',
      ),
    namespace: Name.optional().describe(
      "Namespace the release is installed in, created by Flotilla and owned by the app's team. Default: the app namespace. Example: `wander-data`.",
    ),
    talksTo: z
      .array(Dependency)
      .optional()
      .describe('Egress the chart’s pods need beyond their own release and DNS, as a component’s talksTo. Example: `[{ external: smtp }]`.'),
  })
  .describe(
    'A Helm chart release: its own Argo CD Application `<app>-<chart>-<cluster>` (release `<app>-<chart>`, or `<app>` when the names are equal). Example: `{ repo: https://charts.example.com, chart: redis, version: "20.1.0" }`.',
  );

const ImageRepository = z
  .string()
  .regex(IMAGE_REPOSITORY, { message: 'expected an image repository without tag or digest, such as ghcr.io/org/app' })
  .describe('An image repository without tag or digest, as the containers name it. Example: `ghcr.io/wander/api`.');

const ImageVersion = z
  .string({ message: 'expected an image version string such as "1.4.2"' })
  .regex(IMAGE_VERSION, { message: 'expected an image tag (1.4.2), a tag and digest (1.4.2@sha256:<64 hex>) or a digest (sha256:<64 hex>)' })
  .describe('A tag, a tag and digest, or a digest alone; quote what YAML would read as a number. Example: `1.4.2`, `"11.2"`, `1.4.2@sha256:<64 hex>`.');

const ReleaseImages = dictOf(ImageRepository, ImageVersion).describe(
  'Image repository → version, for every container and init container image. Example: `{ ghcr.io/wander/api: 1.5.0 }`.',
);

const EnvironmentRelease = z
  .strictObject({
    images: ReleaseImages.optional(),
    charts: dictOf(Name, ChartVersion.describe('The chart version. Example: `"12.12.10"`.'))
      .optional()
      .describe('Chart name (a key of `charts`) → chart version. Example: `{ postgresql: "12.12.10" }`.'),
    pinned: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Why this environment is held at these versions (flotilla rollback writes it): flotilla promote skips the app here until flotilla unpin. Example: `rolled back from 1.5.0: checkout fails`.',
      ),
    clusters: dictOf(
      Name,
      z
        .strictObject({ images: ReleaseImages.optional() })
        .describe("The image versions this cluster runs instead of the environment's (a chart runs one version per environment)."),
    )
      .optional()
      .describe(
        'Image versions that differ on one cluster of this environment, shown by flotilla versions; flotilla promote replaces them with the promoted versions. Example: `{ prod-us: { images: { ghcr.io/wander/api: 1.4.3-hotfix } } }`.',
      ),
  })
  .describe('The versions one environment runs. Example: `{ images: { ghcr.io/wander/api: 1.5.0 }, charts: { redis: "17.17.1" } }`.');

const RejectedVersion = z
  .strictObject({
    image: ImageRepository.optional().describe('The image repository, as in `release.<env>.images`. Example: `ghcr.io/wander/api`.'),
    chart: Name.optional().describe('The chart name, as in `release.<env>.charts`. Example: `redis`.'),
    version: z
      .string({ message: 'expected the rejected version as a string, such as "1.5.0"' })
      .min(1)
      .describe('The version: a tag, a digest, or both. Example: `1.5.0`.'),
    reason: z
      .string()
      .min(1)
      .describe('Why it must not run; shown wherever promote refuses it and generate warns about it. Example: `checkout fails on Safari`.'),
  })
  .refine(...exactlyOneOf([['image'], ['chart']]))
  .describe('A version that must not run. Example: `{ image: ghcr.io/wander/api, version: 1.5.0, reason: checkout fails on Safari }`.');

const RawObject = keepInput(
  z
    .object({
      apiVersion: z.string().min(1).describe('API version of the object. Example: `postgresql.cnpg.io/v1`.'),
      kind: z
        .string()
        .regex(/^[A-Z][A-Za-z0-9]*$/, { message: 'expected a Kubernetes kind in PascalCase' })
        .describe('Kind of the object; a cluster-scoped kind must be listed under `clusterScoped`. Example: `Cluster`.'),
      metadata: z
        .object({
          name: Name.describe('Object name. Example: `ledger-db`.'),
          namespace: Name.optional().describe('Ignored for namespaced kinds: Flotilla places them in the app namespace. Cluster-scoped objects have none.'),
        })
        .catchall(z.unknown().describe('Any other metadata (labels, annotations), passed through.'))
        .describe('Object metadata; Flotilla adds the app labels (your own labels win).'),
    })
    .catchall(z.unknown().describe('Any other field of the object (spec, data, ...), passed through.')),
).describe('Any other Kubernetes object (a CNPG Cluster, a MinIO Tenant): passed through, checked against its schema where one is known.');

const ServiceAccountSpec = z
  .strictObject({
    automountToken: z
      .boolean()
      .default(false)
      .describe('Mount the API token into pods that use this account (automountServiceAccountToken). Default: `false`.'),
    imagePullSecrets: z
      .array(Name.describe('A secret of this app. Example: `registry`.'))
      .optional()
      .describe('Secrets of this app (`secrets`) used to pull images for pods of this account. Example: `[registry]`.'),
  })
  .describe('A ServiceAccount in the app namespace. Example: `{ automountToken: true }`.');

const IngressFromEntry = z
  .strictObject({
    namespace: Name.optional().describe('The namespace allowed in (with pods: where they run). Example: `monitoring`.'),
    pods: Labels.optional().describe(
      'Only pods with these labels (made by an operator or a chart), in `namespace` or the app namespace. Example: `{ app.kubernetes.io/name: prometheus }`.',
    ),
    cidr: Cidr.optional().describe('Clients from this address range (outside the cluster, or node addresses). Example: `203.0.113.0/24`.'),
    component: Name.optional().describe('Only this component of the app. Default: every component. Example: `api`.'),
    port: PortSelector.optional().describe('Only this port. Default: every port. Example: `http`.'),
  })
  .refine(...exactlyOneOf([['namespace', 'pods'], ['cidr']]))
  .describe(
    'Who else may reach this app through the default-deny policy: all pods of a namespace, pods by labels, or an address range. Example: `{ namespace: reporting, component: api }`.',
  );

const PolicyRule = z
  .strictObject({
    apiGroups: z
      .array(z.string().describe('An API group; `""` is the core group. Example: `apps`.'))
      .optional()
      .describe('API groups of the resources. Default: none (needed with resources). Example: `["", apps]`.'),
    resources: z
      .array(z.string().min(1).describe('A resource (plural, lower case), or `<resource>/<subresource>`. Example: `pods/log`.'))
      .optional()
      .describe('Resources the verbs apply to. Example: `[configmaps, leases]`.'),
    resourceNames: z
      .array(z.string().min(1).describe('An object name. Example: `synapse-leader`.'))
      .optional()
      .describe('Only objects with these names. Default: every object of the resources. Example: `[synapse-leader]`.'),
    nonResourceURLs: z
      .array(z.string().startsWith('/').describe('A URL path. Example: `/metrics`.'))
      .optional()
      .describe('ClusterRoles only: API paths that are not resources. Example: `[/healthz]`.'),
    verbs: z.array(z.string().min(1).describe('A verb. Example: `get`.')).min(1).describe('What may be done. Example: `[get, list, watch]`.'),
  })
  .describe('One RBAC rule (a PolicyRule). Example: `{ apiGroups: [""], resources: [configmaps], verbs: [get, list] }`.');

const RoleSpec = z
  .strictObject({
    rules: z
      .array(PolicyRule)
      .min(1)
      .optional()
      .describe('What the role allows. Example: `[{ apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, update] }]`.'),
    clusterRole: z
      .string()
      .min(1)
      .optional()
      .describe('Instead of rules: bind this existing ClusterRole (`view`, `edit`, an operator’s role). Example: `view`.'),
    clusterWide: z
      .boolean()
      .default(false)
      .describe(
        '`true`: a ClusterRole and ClusterRoleBinding (every namespace); the app must list both under `clusterScoped`. Default: `false`, a Role and RoleBinding in the app namespace.',
      ),
    serviceAccounts: z
      .array(Name.describe('A service account of this app (`serviceAccounts`). Example: `synapse`.'))
      .min(1)
      .describe('The app’s service accounts the role is bound to. Example: `[synapse]`.'),
  })
  .refine(...exactlyOneOf([['rules'], ['clusterRole']]))
  .describe(
    'RBAC for the app’s service accounts: a Role (or ClusterRole) named `<app>-<name>` with its binding. Example: `{ rules: [{ apiGroups: [""], resources: [configmaps], verbs: [get] }], serviceAccounts: [api] }`.',
  );

const JsonPointer = z.string().regex(/^(\/([^~]|~[01])*)*$/, { message: 'expected a JSON pointer such as /spec/template/spec/hostname' });

const PatchOperation = z
  .strictObject({
    op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']).describe('The operation (RFC 6902). Example: `add`.'),
    path: JsonPointer.describe('Where, as a JSON pointer into the object (`~1` for "/" in a key). Example: `/spec/template/spec/shareProcessNamespace`.'),
    value: z.unknown().optional().describe('For add, replace and test: the value. Example: `true`.'),
    from: JsonPointer.optional().describe('For move and copy: where the value comes from. Example: `/metadata/labels/tier`.'),
  })
  .refine((o) => !['add', 'replace', 'test'].includes(o.op) || o.value !== undefined, {
    message: 'add, replace and test need a value',
    params: { missing: 'value', hint: 'Add value: <the value> (null for an empty one), or use op: remove.' },
  })
  .refine((o) => !['move', 'copy'].includes(o.op) || o.from !== undefined, {
    message: 'move and copy need the pointer to take the value from',
    params: { missing: 'from', hint: 'Add from: /<pointer into the object>, e.g. from: /metadata/labels/tier.' },
  })
  .describe('A JSON patch operation (RFC 6902). Example: `{ op: add, path: /spec/minReadySeconds, value: 10 }`.');

const PatchSpec = z
  .strictObject({
    target: z
      .strictObject({
        kind: z
          .string()
          .regex(/^[A-Z][A-Za-z0-9]*$/, { message: 'expected a Kubernetes kind in PascalCase' })
          .describe('The kind. Example: `Deployment`.'),
        name: z.string().min(1).describe('The rendered object’s name (a ConfigMap also by the name it has in `configMaps`). Example: `chat-synapse`.'),
      })
      .describe('The rendered object to patch, by kind and name. Example: `{ kind: Deployment, name: chat-synapse }`.'),
    json: z
      .array(PatchOperation)
      .min(1)
      .optional()
      .describe('JSON patch operations, applied in order. Example: `[{ op: add, path: /spec/minReadySeconds, value: 10 }]`.'),
    merge: dictOf(z.string(), z.unknown().describe('A field of the merge patch: `null` removes it.'))
      .optional()
      .describe(
        'A JSON merge patch (RFC 7386): maps merge, anything else replaces, `null` removes. Example: `{ spec: { template: { spec: { hostname: chat } } } }`.',
      ),
  })
  .refine(...exactlyOneOf([['json'], ['merge']]))
  .describe(
    'A patch of one rendered object, for a field the language has no name for; applied after rendering and before the output is checked. Example: `{ target: { kind: Deployment, name: chat-synapse }, json: [{ op: add, path: /spec/minReadySeconds, value: 10 }] }`.',
  );

export const AppBody = z.strictObject({
  components: dictOf(Name, Component)
    .default(() => dict<ComponentSpec>())
    .describe(
      'The workloads of the app by name; each becomes a Deployment, StatefulSet, CronJob or Job named `<app>-<component>` (just `<app>` for its namesake). Default: `{}`.',
    ),
  configMaps: dictOf(Name, ConfigMapSpec).optional().describe('ConfigMaps by name. Example: `{ settings: { data: { LOG_LEVEL: info } } }`.'),
  secrets: dictOf(Name, SecretSpec)
    .optional()
    .describe('Secrets by name (the Secret gets this name). Example: `{ db: { externalSecret: { store: vault, data: { password: { key: shop/db } } } } }`.'),
  pvcs: dictOf(Name, PvcSpec).optional().describe('PersistentVolumeClaims by name. Example: `{ data: { size: 10Gi } }`.'),
  serviceAccounts: dictOf(Name, ServiceAccountSpec)
    .optional()
    .describe('ServiceAccounts by name; components use one with `serviceAccount`. Default: pods run without a token. Example: `{ shop: {} }`.'),
  routes: dictOf(Name, RouteSpec)
    .optional()
    .describe(
      'Entry points by name: Ingress, Traefik IngressRoute or Gateway API HTTPRoute for HTTP, Gateway API GRPCRoute, TLSRoute, TCPRoute or UDPRoute for the rest, named `<app>-<route>`. Example: `{ web: { host: shop, paths: { /: web } } }`.',
    ),
  charts: dictOf(Name, ChartSpec)
    .optional()
    .describe(
      'Helm chart dependencies by name, each deployed by Argo CD as its own Application. Example: `{ redis: { repo: ..., chart: redis, version: "20.1.0" } }`.',
    ),
  resources: z
    .array(RawObject)
    .optional()
    .describe(
      'Other Kubernetes objects, passed through. Example: `[{ apiVersion: postgresql.cnpg.io/v1, kind: Cluster, metadata: { name: db }, spec: {...} }]`.',
    ),
  patches: dictOf(Name, PatchSpec)
    .optional()
    .describe(
      'Patches of rendered objects by name, applied in the order written (an override’s new ones after those below it; `null` drops one). Example: `{ hostname: { target: { kind: Deployment, name: chat-synapse }, merge: { spec: { template: { spec: { hostname: chat } } } } } }`.',
    ),
  roles: dictOf(Name, RoleSpec)
    .optional()
    .describe(
      'Roles bound to the app’s service accounts, by name. Example: `{ leases: { rules: [{ apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, update] }], serviceAccounts: [api] } }`.',
    ),
  externalServices: dictOf(Name, AppExternalService)
    .optional()
    .describe(
      'Services outside the fleet only this app reaches, by name (the ones several apps reach belong in `externalServices` of fleet.yaml). Example: `{ ledger-db: { host: ledger-db-rw, ports: { postgres: 5432 } } }`.',
    ),
  ingressFrom: z
    .array(IngressFromEntry)
    .optional()
    .describe('Extra namespaces allowed through the default-deny network policy (monitoring, another team). Example: `[{ namespace: reporting }]`.'),
});

const ClusterScopedKind = z
  .strictObject({
    group: z.string().describe('API group; `""` for the core group. Example: `rbac.authorization.k8s.io`.'),
    kind: z.string().describe('The kind. Example: `ClusterRole`.'),
  })
  .describe('A cluster-scoped kind. Example: `{ group: rbac.authorization.k8s.io, kind: ClusterRole }`.');

/** The body as written: with a release section, chart versions come from there (checked in validate/release.ts). */
const WrittenBody = AppBody.extend({
  charts: dictOf(Name, ChartSpec.extend({ version: ChartSpec.shape.version.optional() }).describe(ChartSpec.description!))
    .optional()
    .describe(AppBody.shape.charts.description!),
});

export const App = WrittenBody.extend({
  $schema: z.string().optional().describe('Path or URL of the JSON Schema for editors; Flotilla ignores it. Example: `../generator/schemas/app.schema.json`.'),
  team: Name.describe('The owning team (a key of `teams` in fleet.yaml); its AppProject confines the app. Example: `analytics`.'),
  namespace: Name.describe(
    "The namespace the app lives in, created by Flotilla (from the platform project, with Pod Security labels); one team per namespace; not `default`, `kube-*` or Argo CD's. Example: `matomo`.",
  ),
  description: z.string().optional().describe('Free text for readers of the config; not written to generated objects. Example: `Web analytics`.'),
  deployTo: z
    .array(Name.describe('An environment name. Example: `prod`.'))
    .min(1)
    .optional()
    .describe('Environments this app runs in (on every cluster of each). Default: every environment. Example: `[staging, prod]`.'),
  renamedFrom: Name.optional().describe(
    'The name the app had on the clusters before it was renamed (its first name, after several renames): its Argo CD Applications, object names, labels and Helm releases keep that name, so the rename changes nothing on the clusters and deletes no data. Example: `web-shop`.',
  ),
  protected: z
    .boolean()
    .optional()
    .describe(
      'Its objects that hold data (claims, StatefulSets, operator databases such as a CloudNativePG Cluster) carry `Prune=confirm,Delete=confirm`, so Argo CD never removes them without confirmation. Default: `true` when the app has PVCs, StatefulSets, charts or resources that hold data.',
    ),
  clusterScoped: z
    .array(ClusterScopedKind)
    .optional()
    .describe(
      'Cluster-scoped kinds this app deploys under `resources`; its team AppProject allows them. Never `Namespace`: Flotilla creates the namespaces. Example: `[{ group: rbac.authorization.k8s.io, kind: ClusterRole }]`.',
    ),
  release: dictOf(Name, EnvironmentRelease)
    .optional()
    .describe(
      'The release: per environment, the version of every container image and chart. With it, images are written without tag and charts without version, and flotilla promote, rollback and unpin edit only this. Example: `{ dev: { images: { ghcr.io/wander/api: 1.5.0 } }, prod: { images: { ghcr.io/wander/api: 1.4.2 } } }`.',
    ),
  rejected: z
    .array(RejectedVersion)
    .optional()
    .describe(
      'Versions that must not run anywhere: flotilla promote refuses them, generate warns where one still runs. Example: `[{ image: ghcr.io/wander/api, version: 1.5.0, reason: checkout fails }]`.',
    ),
  environments: dictOf(Name, dictOf(z.string(), z.unknown()).describe('An override: the app body shape, every field optional; `null` removes a key.'))
    .optional()
    .describe(
      'Per-environment overrides, merged over the app body (maps merge, lists and scalars replace). Example: `{ prod: { components: { web: { replicas: 3 } } } }`.',
    ),
  clusters: dictOf(Name, dictOf(z.string(), z.unknown()).describe('An override: the app body shape, every field optional; `null` removes a key.'))
    .optional()
    .describe('Per-cluster overrides, merged over the environment override. Example: `{ prod-us: { components: { web: { replicas: 6 } } } }`.'),
});

export type AppInput = z.input<typeof App>;
export type AppSpec = z.output<typeof App>;
export type AppBodySpec = z.output<typeof AppBody>;
export type EnvironmentReleaseSpec = z.output<typeof EnvironmentRelease>;
export type RejectedVersionSpec = z.output<typeof RejectedVersion>;
