/** One cluster: `clusters/<name>.yaml`. Its name is the file name. */
import { z } from 'zod';
import { ROUTE_KINDS } from './app.ts';
import { exactUrl, Labels, Name } from './common.ts';

/** Settings an environment sets and a cluster may override; a cluster that overrides one really differs. */
export const PlatformSettings = z.strictObject({
  baseDomain: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'expected a DNS domain such as prod.example.com' })
    .optional(),
  storageClass: z.string().optional(),
  ingressKind: z.enum(ROUTE_KINDS).optional(),
  ingressClass: z.string().optional().describe('IngressClass, Traefik entry point owner, or Gateway name for HTTPRoute.'),
  ingressNamespace: Name.optional().describe('Namespace of the ingress controller (allowed in by network policies).'),
  gateway: z.strictObject({ name: Name, namespace: Name }).optional().describe('Parent Gateway for HTTPRoute.'),
  issuer: z.string().optional().describe('cert-manager ClusterIssuer, e.g. letsencrypt-staging outside prod.'),
  monitoringNamespace: Name.optional(),
});

export const Cluster = z.strictObject({
  $schema: z.string().optional(),
  environment: Name,
  renamedFrom: Name.optional().describe('The previous name of a renamed cluster: its Argo CD Applications keep their names, so the rename is a move.'),
  server: exactUrl(/^https:\/\//, 'https://kubernetes.default.svc').describe('The API server URL: the Argo CD destination of every app on this cluster.'),
  region: z.string().min(1),
  labels: Labels.optional(),
  settings: PlatformSettings.optional().describe('Overrides of the environment settings for this cluster only.'),
  capacity: z
    .strictObject({ maxReplicas: z.number().int().min(1) })
    .optional()
    .describe('Largest replica count (or HPA max) any workload may ask for here.'),
  apps: z.record(Name, z.record(z.string(), z.unknown())).optional().describe('Per-app overrides on this cluster (same shape as the app body).'),
});

export type ClusterSpec = z.output<typeof Cluster>;
export type PlatformSettingsSpec = z.output<typeof PlatformSettings>;
