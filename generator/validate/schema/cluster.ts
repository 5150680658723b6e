/** One cluster: `clusters/<name>.yaml`. Its name is the file name. */
import { z } from 'zod';
import { INGRESS_KIND_NAMES } from '../../model/route-kinds.ts';
import { exactUrl, Labels, LabelValue, Name } from './common.ts';
import { dictOf } from './dict.ts';

/** Settings an environment sets and a cluster may override; a cluster that overrides one really differs. */
export const PlatformSettings = z.strictObject({
  baseDomain: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'expected a DNS domain such as prod.example.com' })
    .optional()
    .describe('Domain that route host labels are prefixed to (`host: shop` → `shop.<baseDomain>`). Default: `example.com`. Example: `prod.example.com`.'),
  storageClass: z
    .string()
    .optional()
    .describe('Storage class of PVCs and claim templates that set none. Default: none (the cluster default storage class). Example: `gp3-encrypted`.'),
  ingressKind: z
    .enum(INGRESS_KIND_NAMES)
    .optional()
    .describe(
      'Kind of routes that set none: Ingress, IngressRoute (Traefik) or HTTPRoute (Gateway API); the other Gateway API kinds are set per route. Default: `Ingress`.',
    ),
  ingressClass: z
    .string()
    .optional()
    .describe('`ingressClassName` of Ingress routes (not used by IngressRoute or HTTPRoute). Default: none (the cluster default class). Example: `nginx`.'),
  ingressNamespace: Name.optional().describe(
    'Namespace of the ingress controller (or the Gateway): the only one the network policies let reach routed components. Default: any namespace. Example: `ingress-nginx`.',
  ),
  gateway: z
    .strictObject({
      name: Name.describe('Gateway name. Example: `public`.'),
      namespace: Name.describe('Gateway namespace. Example: `gateway-system`.'),
    })
    .optional()
    .describe(
      'The parent Gateway of Gateway API routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute; required where there are any); it terminates TLS, except for a TLSRoute. Example: `{ name: public, namespace: gateway-system }`.',
    ),
  issuer: z
    .string()
    .optional()
    .describe('cert-manager ClusterIssuer of route certificates; a production issuer only in production environments. Example: `letsencrypt-staging`.'),
  monitoringNamespace: Name.optional().describe(
    'Namespace of Prometheus: the only one the network policies let scrape metrics ports. Default: any namespace. Example: `monitoring`.',
  ),
});

/** The Kubernetes version charts are rendered for when a cluster does not say: the version of the kubectl Flotilla ships. */
export const DEFAULT_KUBERNETES_VERSION = '1.35';

export const Cluster = z.strictObject({
  $schema: z
    .string()
    .optional()
    .describe('Path or URL of the JSON Schema for editors; Flotilla ignores it. Example: `../generator/schemas/cluster.schema.json`.'),
  environment: Name.describe(
    "The environment this cluster belongs to (a `name` in fleet.yaml `environments`): it runs that environment's apps. Example: `prod`.",
  ),
  renamedFrom: Name.optional().describe(
    'The previous name of a renamed cluster: its Argo CD Applications keep their names, so the rename is a move. Example: `prod-1`.',
  ),
  server: exactUrl(/^https:\/\//, 'https://kubernetes.default.svc').describe(
    'The API server URL, exactly as registered in Argo CD: the destination of every app on this cluster. Example: `https://prod-us.k8s.example.com`.',
  ),
  region: LabelValue.min(1, { message: 'expected a region such as eu-west-1' }).describe(
    'Region of the cluster: the `flotilla.dev/region` label of its Applications. Example: `us-east-1`.',
  ),
  labels: Labels.optional().describe(
    'Free-form labels for readers of the config (provider, tier); not written to generated objects. Example: `{ provider: aws }`.',
  ),
  settings: PlatformSettings.optional().describe(
    'Overrides of the environment settings for this cluster only; apps that use a differing setting get cluster overlays. Example: `{ storageClass: gp3-encrypted }`.',
  ),
  capacity: z
    .strictObject({ maxReplicas: z.number().int().min(1).describe('The limit. Example: `40`.') })
    .optional()
    .describe(
      'Largest replica count (or autoscaling max) any workload may ask for on this cluster; more is an error. Default: no limit. Example: `{ maxReplicas: 40 }`.',
    ),
  kubernetesVersion: z
    .string({ message: 'expected a Kubernetes version string such as "1.33" (quote it: unquoted, YAML reads 1.30 as the number 1.3)' })
    .regex(/^v?1\.\d{1,3}(\.\d{1,4})?$/, { message: 'expected a Kubernetes version such as "1.33" or "1.33.2"' })
    .optional()
    .describe(
      `The cluster's Kubernetes version, quoted: Argo CD gives the live version to helm as \`--kube-version\`, and preview and diff render charts for this one. Default: \`"${DEFAULT_KUBERNETES_VERSION}"\` (the bundled kubectl's). Example: \`"1.33"\`.`,
    ),
  apiVersions: z
    .array(
      z
        .string()
        .regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v\d+[a-z0-9]*(\/[A-Z][A-Za-z0-9]*)?$/, {
          message: 'expected an API version such as monitoring.coreos.com/v1 or monitoring.coreos.com/v1/ServiceMonitor',
        })
        .describe('group/version or group/version/Kind. Example: `monitoring.coreos.com/v1/ServiceMonitor`.'),
    )
    .optional()
    .describe(
      'API versions the cluster serves beyond the built-in Kubernetes ones (from CRDs), as Argo CD passes them to helm (`--api-versions`) for charts that check `.Capabilities.APIVersions`. Default: none. Example: `[monitoring.coreos.com/v1, monitoring.coreos.com/v1/ServiceMonitor]`.',
    ),
  apps: dictOf(Name, dictOf(z.string(), z.unknown()).describe('An override: the app body shape, every field optional; `null` removes a key.'))
    .optional()
    .describe("Per-app overrides on this cluster, merged last (over the app's own overrides). Example: `{ shop: { components: { web: { replicas: 6 } } } }`."),
});

export type ClusterSpec = z.output<typeof Cluster>;
export type PlatformSettingsSpec = z.output<typeof PlatformSettings>;
