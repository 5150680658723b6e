/** Components: the workloads of an app, with their Service, availability, network and monitoring needs. */
import { z } from 'zod';
import { Duration, exactlyOneOf, Labels, Name, Port, Quantity } from './common.ts';
import { Container } from './container.ts';

const Volume = z
  .strictObject({
    pvc: Name.optional().describe('A PVC declared in the app (volumes).'),
    configMap: Name.optional().describe('A ConfigMap declared in the app (configMaps).'),
    secret: Name.optional().describe('A secret declared in the app (secrets).'),
    emptyDir: z.strictObject({ medium: z.enum(['Memory']).optional(), sizeLimit: Quantity.optional() }).optional(),
    claimTemplate: z.boolean().optional().describe('A volumeClaimTemplate of this StatefulSet (claimTemplates).'),
  })
  .refine(...exactlyOneOf([['pvc'], ['configMap'], ['secret'], ['emptyDir'], ['claimTemplate']]));

const ClaimTemplate = z.strictObject({
  size: Quantity,
  accessMode: z.enum(['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany']).default('ReadWriteOnce'),
  storageClass: z.string().optional().describe('Default: the cluster or environment storage class.'),
});

const ServicePort = z.union([Port, z.strictObject({ port: Port, targetPort: z.union([Name, Port]).optional(), protocol: z.enum(['TCP', 'UDP']).optional() })]);

const Service = z.strictObject({
  ports: z.record(Name, ServicePort).optional().describe('Service ports by name; default: every named container port.'),
  type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).optional(),
  headless: z.boolean().optional().describe('clusterIP: None (StatefulSet peer discovery).'),
  name: Name.optional().describe('Service name; default <app>-<component>.'),
});

/** An edge in the network graph: the basis for allow rules next to the default-deny policy. */
export const Dependency = z.union([
  Name.describe('A component of this app.'),
  z
    .strictObject({
      component: Name.optional(),
      app: Name.optional().describe('Another app of the fleet (with component, or every component).'),
      port: z.union([Name, Port]).optional(),
      cidr: z
        .string()
        .regex(/^[0-9a-fA-F.:]+\/[0-9]{1,3}$/, { message: 'expected a CIDR such as 10.0.0.0/8' })
        .optional(),
      ports: z.array(Port).optional(),
      chart: Name.optional().describe('A chart release of this app (charts).'),
    })
    .refine(...exactlyOneOf([['component', 'app'], ['cidr'], ['chart']])),
]);

const Alert = z.strictObject({
  expr: z.string().min(1),
  for: Duration.optional(),
  severity: z.enum(['info', 'warning', 'critical']).default('warning'),
  summary: z.string().min(1),
  runbook: z.string().url().optional(),
});

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'CronJob', 'Job'] as const;

export const Component = z.strictObject({
  kind: z.enum(WORKLOAD_KINDS).default('Deployment'),
  containers: z.record(Name, Container).refine((c) => Object.keys(c).length > 0, { message: 'expected at least one container' }),
  initContainers: z.record(Name, Container).optional(),
  replicas: z.number().int().min(0).optional().describe('@default 1'),
  volumes: z.record(Name, Volume).optional(),
  claimTemplates: z.record(Name, ClaimTemplate).optional().describe('StatefulSet volumeClaimTemplates.'),
  serviceAccount: Name.optional().describe('A service account declared in the app (serviceAccounts).'),
  imagePullSecrets: z.array(Name).optional().describe('Secrets declared in the app (secrets).'),
  service: z
    .union([Service, z.literal(false)])
    .optional()
    .describe('Default: a ClusterIP Service when containers have ports.'),
  schedule: z
    .string()
    .regex(/^(@(yearly|annually|monthly|weekly|daily|hourly)|(\S+\s+){4}\S+)$/, { message: 'expected a cron schedule such as "*/5 * * * *"' })
    .optional(),
  timeZone: z.string().optional(),
  concurrencyPolicy: z.enum(['Allow', 'Forbid', 'Replace']).optional(),
  activeDeadlineSeconds: z.number().int().min(1).optional(),
  backoffLimit: z.number().int().min(0).optional(),
  successfulJobsHistoryLimit: z.number().int().min(0).optional(),
  failedJobsHistoryLimit: z.number().int().min(0).optional(),
  restartPolicy: z.enum(['OnFailure', 'Never']).optional(),
  autoscaling: z
    .strictObject({
      min: z.number().int().min(1),
      max: z.number().int().min(1),
      cpu: z.number().int().min(1).max(100).optional(),
      memory: z.number().int().min(1).max(100).optional(),
    })
    .refine((a) => a.max >= a.min, { message: 'expected max to be at least min', path: ['max'] })
    .optional(),
  disruptionBudget: z
    .union([
      z.literal(false),
      z.strictObject({
        minAvailable: z.union([z.number().int().min(0), z.string().regex(/^\d+%$/)]).optional(),
        maxUnavailable: z.union([z.number().int().min(1), z.string().regex(/^\d+%$/)]).optional(),
      }),
    ])
    .optional()
    .describe('Implied (maxUnavailable 1) when replicas >= 2; false turns it off.'),
  spread: z.boolean().optional().describe('Spread pods across nodes and zones; @default true when replicas >= 2.'),
  talksTo: z.array(Dependency).optional().describe('Egress this component needs; DNS is always allowed.'),
  metrics: z.strictObject({ port: Name, path: z.string().default('/metrics'), interval: Duration.default('30s') }).optional(),
  alerts: z.record(z.string().regex(/^[A-Z][A-Za-z0-9]*$/, { message: 'expected an alert name in PascalCase' }), Alert).optional(),
  nodeSelector: Labels.optional(),
  podLabels: Labels.optional(),
  terminationGracePeriodSeconds: z.number().int().min(0).optional(),
});

export type ComponentSpec = z.output<typeof Component>;
