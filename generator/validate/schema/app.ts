/** One app: `apps/<name>.yaml`. */
import { z } from 'zod';
import { ConfigKey, Duration, exactlyOneOf, exactUrl, Name } from './common.ts';
import { Component } from './component.ts';

const FileRef = z.strictObject({
  file: z.string().regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\0]+$/, { message: 'expected a relative path inside apps/ (no "..", not absolute)' }),
});

const ConfigMapSpec = z.strictObject({
  data: z.record(ConfigKey, z.union([z.string(), FileRef])).describe('Keys to inline text or { file: <path relative to apps/> }.'),
});

const ExternalSecretSpec = z.strictObject({
  store: Name.describe('The SecretStore / ClusterSecretStore name.'),
  storeKind: z.enum(['SecretStore', 'ClusterSecretStore']).default('ClusterSecretStore'),
  refreshInterval: Duration.default('1h'),
  data: z.record(ConfigKey, z.strictObject({ key: z.string().min(1), property: z.string().optional() })).describe('Secret key to remote key/property.'),
});

const SealedSecretSpec = z.strictObject({
  encryptedData: z.record(ConfigKey, z.string().regex(/^[A-Za-z0-9+/=]{40,}$/, { message: 'expected kubeseal output (long base64 ciphertext)' })),
});

export const SECRET_TYPES = ['Opaque', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/tls', 'kubernetes.io/basic-auth'] as const;

const SecretSpec = z
  .strictObject({
    externalSecret: ExternalSecretSpec.optional().describe('Materialised by External Secrets Operator.'),
    sealed: SealedSecretSpec.optional().describe('A SealedSecret (encrypted for this namespace and name).'),
    existing: z.literal(true).optional().describe('A Secret created outside Git; Flotilla only references it.'),
    type: z.enum(SECRET_TYPES).default('Opaque'),
    keys: z.array(ConfigKey).optional().describe('With existing: the keys the Secret is known to hold (checked against references).'),
  })
  .refine(...exactlyOneOf([['externalSecret'], ['sealed'], ['existing']], ' (secret values never go to Git)'));

const PvcSpec = z.strictObject({
  size: z.union([z.string(), z.number()]).transform(String),
  accessMode: z.enum(['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany']).default('ReadWriteOnce'),
  storageClass: z.string().optional().describe('Default: the cluster or environment storage class.'),
});

const Backend = z.union([Name, z.strictObject({ component: Name, port: z.union([Name, z.number().int()]).optional() })]);

export const ROUTE_KINDS = ['Ingress', 'IngressRoute', 'HTTPRoute'] as const;

const RouteSpec = z.strictObject({
  host: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'expected a host label (prefixed to the base domain) or a full host name' })
    .describe('A label like "matomo" (becomes matomo.<baseDomain>) or a full host with dots.'),
  paths: z.record(z.string().startsWith('/', { message: 'expected a path starting with "/"' }), Backend),
  kind: z.enum(ROUTE_KINDS).optional().describe('@default the environment or cluster ingress kind'),
  tls: z.boolean().default(true).describe('cert-manager certificate from the environment issuer.'),
});

const ChartSpec = z.strictObject({
  repo: exactUrl(/^(https|oci):\/\//, 'https://charts.example.com or oci://registry.example.com/charts'),
  chart: z.string().min(1),
  version: z
    .string({ message: 'expected a chart version string such as "12.1.0"' })
    .regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, { message: 'expected an exact semantic version (no ranges): pinned charts give reproducible output' }),
  values: z.record(z.string(), z.unknown()).default({}),
  namespace: Name.optional(),
});

const RawObject = z
  .looseObject({
    apiVersion: z.string().min(1),
    kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, { message: 'expected a Kubernetes kind in PascalCase' }),
    metadata: z.looseObject({ name: Name, namespace: Name.optional() }),
  })
  .describe('Any other Kubernetes object (a CNPG Cluster, a MinIO Tenant): passed through, checked.');

export const AppBody = z.strictObject({
  components: z.record(Name, Component).default({}),
  configMaps: z.record(Name, ConfigMapSpec).optional(),
  secrets: z.record(Name, SecretSpec).optional(),
  pvcs: z.record(Name, PvcSpec).optional().describe('PersistentVolumeClaims; storage class from the cluster unless set.'),
  serviceAccounts: z.record(Name, z.strictObject({ automountToken: z.boolean().default(false), imagePullSecrets: z.array(Name).optional() })).optional(),
  routes: z.record(Name, RouteSpec).optional().describe('HTTP entry points: Ingress, Traefik IngressRoute or Gateway API HTTPRoute.'),
  charts: z.record(Name, ChartSpec).optional().describe('Helm chart dependencies, rendered by Argo CD as Helm sources.'),
  resources: z.array(RawObject).optional(),
  ingressFrom: z
    .array(z.strictObject({ namespace: Name, component: Name.optional(), port: z.union([Name, z.number().int()]).optional() }))
    .optional()
    .describe('Extra namespaces allowed to reach components (monitoring, other teams).'),
});

export const App = AppBody.extend({
  $schema: z.string().optional(),
  team: Name,
  namespace: Name,
  description: z.string().optional(),
  deployTo: z.array(Name).min(1).optional().describe('Environments this app runs in; @default every environment.'),
  renamedFrom: Name.optional().describe(
    'The previous name of a renamed app: its Argo CD Applications keep their names, so the rename is a move, not a delete and re-create.',
  ),
  protected: z.boolean().optional().describe('Stateful: prune and delete need confirmation in Argo CD. @default true when the app has PVCs, StatefulSets, charts or resources that hold data.'),
  clusterScoped: z
    .array(z.strictObject({ group: z.string(), kind: z.string() }))
    .optional()
    .describe('Cluster-scoped kinds this app needs (allowed in its AppProject).'),
  environments: z.record(Name, z.record(z.string(), z.unknown())).optional().describe('Per-environment overrides: same shape as the app body, merged over it.'),
  clusters: z.record(Name, z.record(z.string(), z.unknown())).optional().describe('Per-cluster overrides: merged over the environment override.'),
});

export type AppInput = z.input<typeof App>;
export type AppSpec = z.output<typeof App>;
export type AppBodySpec = z.output<typeof AppBody>;
