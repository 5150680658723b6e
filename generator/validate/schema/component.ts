/** Components: the workloads of an app, with their Service, availability, network and monitoring needs. */
import { z } from 'zod';
import { WORKLOAD_KIND_NAMES } from '../../model/workload-kinds.ts';
import { Duration, exactlyOneOf, Labels, Name, Port, Quantity } from './common.ts';
import { Container } from './container.ts';
import { dictOf } from './dict.ts';
import { WorkloadControls } from './workload-controls.ts';

const Volume = z
  .strictObject({
    pvc: Name.optional().describe('A PVC declared in the app (`pvcs`). Example: `matomo-data`.'),
    configMap: Name.optional().describe('A ConfigMap declared in the app (`configMaps`); each key becomes a file. Example: `nginx`.'),
    secret: Name.optional().describe('A secret declared in the app (`secrets`); each key becomes a file. Example: `tls-client`.'),
    emptyDir: z
      .strictObject({
        medium: z.enum(['Memory']).optional().describe('`Memory`: a tmpfs. Default: node disk.'),
        sizeLimit: Quantity.optional().describe('Largest size before the pod is evicted. Default: no limit. Example: `256Mi`.'),
      })
      .optional()
      .describe('Scratch space that lives as long as the pod. Example: `{ medium: Memory, sizeLimit: 64Mi }`.'),
    claimTemplate: z.boolean().optional().describe('`true`: the StatefulSet claim template of the same name (`claimTemplates`), one PVC per pod.'),
    hostPath: z
      .strictObject({
        path: z
          .string()
          .startsWith('/', { message: 'expected an absolute path on the node' })
          .describe('The folder or file on the node. Example: `/var/lib/docker`.'),
        type: z
          .enum(['Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket', 'CharDevice', 'BlockDevice'])
          .optional()
          .describe('What must exist at the path. Default: no check. Example: `Directory`.'),
      })
      .optional()
      .describe(
        'A folder of the node (node agents, scanners); needs `podSecurityOptOut.hostPath` with the reason. Example: `{ path: /var/log, type: Directory }`.',
      ),
  })
  .refine(...exactlyOneOf([['pvc'], ['configMap'], ['secret'], ['emptyDir'], ['claimTemplate'], ['hostPath']]))
  .describe(
    'A pod volume, from exactly one of pvc, configMap, secret, emptyDir, claimTemplate or hostPath; containers mount it by name. A writable `/tmp` is added unless a container mounts one. Example: `{ pvc: data }`.',
  );

const ClaimTemplate = z
  .strictObject({
    size: Quantity.describe('Requested storage per pod. Example: `20Gi`.'),
    accessMode: z
      .enum(['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'])
      .default('ReadWriteOnce')
      .describe('Access mode of each claim. Default: `ReadWriteOnce`.'),
    storageClass: z.string().optional().describe('Storage class. Default: the cluster or environment `storageClass`. Example: `gp3-encrypted`.'),
  })
  .describe('A StatefulSet volumeClaimTemplate: one PVC per pod. Example: `{ size: 20Gi }`.');

const ServicePort = z
  .union([
    Port.describe('The Service port number; it targets the container port of the same name. Example: `80`.'),
    z
      .strictObject({
        port: Port.describe('The Service port number. Example: `80`.'),
        targetPort: z
          .union([Name.describe('A container port name. Example: `http`.'), Port.describe('A container port number. Example: `8080`.')])
          .optional()
          .describe('The container port it forwards to. Default: the container port named like this Service port.'),
        protocol: z
          .enum(['TCP', 'UDP', 'SCTP'])
          .optional()
          .describe('Default: the protocol of the container port it targets (TCP for a number). A different one is an error.'),
        nodePort: z
          .number()
          .int()
          .min(30000, { message: 'expected a node port from 30000 to 32767 (the Kubernetes default node port range)' })
          .max(32767, { message: 'expected a node port from 30000 to 32767 (the Kubernetes default node port range)' })
          .optional()
          .describe('NodePort and LoadBalancer Services: the port on every node. Default: one the cluster picks. Example: `30478`.'),
        appProtocol: z.string().optional().describe('The application protocol (a hint for proxies). Default: none. Example: `kubernetes.io/h2c`.'),
      })
      .describe('A Service port with an explicit target. Example: `{ port: 80, targetPort: 8080 }`.'),
  ])
  .describe('A Service port. Example: `80` or `{ port: 80, targetPort: http }`.');

const Service = z
  .strictObject({
    ports: dictOf(Name, ServicePort)
      .optional()
      .describe('Service ports by name. Default: every named container port, with its own number. Example: `{ http: 80 }`.'),
    type: z
      .enum(['ClusterIP', 'NodePort', 'LoadBalancer'])
      .optional()
      .describe(
        'Service type. NodePort and LoadBalancer open the ports outside the cluster, and the network policy lets in `loadBalancerSourceRanges` (everyone when none). An ExternalName Service selects no pods: declare it as `externalServices.<name>.serviceName`. Default: `ClusterIP`.',
      ),
    externalTrafficPolicy: z
      .enum(['Cluster', 'Local'])
      .optional()
      .describe('NodePort and LoadBalancer: `Local` keeps the client address and sends traffic only to pods on the receiving node. Default: `Cluster`.'),
    internalTrafficPolicy: z
      .enum(['Cluster', 'Local'])
      .optional()
      .describe('`Local`: in-cluster clients reach only pods on their own node. Default: `Cluster`.'),
    loadBalancerSourceRanges: z
      .array(
        z
          .string()
          .regex(/^[0-9a-fA-F.:]+\/[0-9]{1,3}$/, { message: 'expected a CIDR such as 203.0.113.0/24' })
          .describe('An address range. Example: `203.0.113.0/24`.'),
      )
      .min(1)
      .optional()
      .describe('LoadBalancer: the client ranges allowed in (the cloud firewall and the network policy). Default: everyone. Example: `[203.0.113.0/24]`.'),
    loadBalancerIP: z
      .string()
      .regex(/^[0-9a-fA-F.:]+$/, { message: 'expected an IP address such as 203.0.113.10' })
      .optional()
      .describe(
        'LoadBalancer: the address to ask the cloud for (deprecated in Kubernetes, honoured by some providers and MetalLB; prefer their annotation). Default: one the provider picks. Example: `203.0.113.10`.',
      ),
    externalIPs: z
      .array(
        z
          .string()
          .regex(/^[0-9a-fA-F.:]+$/, { message: 'expected an IP address such as 198.51.100.7' })
          .describe('An address of a node or router that forwards to the cluster. Example: `198.51.100.7`.'),
      )
      .min(1)
      .optional()
      .describe(
        'Addresses outside the cluster routed to the nodes, on which the Service ports are served; the network policy lets everyone in on those ports. Many clusters refuse them (the DenyServiceExternalIPs admission plugin, since they let a Service take over any address). Default: none. Example: `[198.51.100.7]`.',
      ),
    loadBalancerClass: z
      .string()
      .optional()
      .describe('LoadBalancer: the load balancer implementation. Default: the cluster default. Example: `service.k8s.aws/nlb`.'),
    sessionAffinity: z.enum(['None', 'ClientIP']).optional().describe('`ClientIP`: a client keeps reaching the same pod. Default: `None`.'),
    publishNotReadyAddresses: z.boolean().optional().describe('List pods before they are ready (peer discovery of clustered databases). Default: `false`.'),
    ipFamilyPolicy: z.enum(['SingleStack', 'PreferDualStack', 'RequireDualStack']).optional().describe('IPv4/IPv6 dual stack. Default: `SingleStack`.'),
    annotations: dictOf(z.string(), z.string().describe('The annotation value. Example: `"true"`.'))
      .optional()
      .describe('Annotations on the Service (cloud load balancer settings). Example: `{ service.beta.kubernetes.io/aws-load-balancer-type: nlb }`.'),
    headless: z.boolean().optional().describe('`true`: `clusterIP: None`, for StatefulSet peer discovery. Default: `false`.'),
    name: Name.optional().describe('Service name. Default: `<app>-<component>` (just `<app>` for its namesake component). Example: `mariadb`.'),
  })
  .describe('Settings of the component Service. Example: `{ headless: true }`.');

const RecordingRule = z
  .strictObject({
    expr: z
      .string()
      .min(1)
      .describe('PromQL expression whose result is stored as the new series. Example: `sum by (worker) (rate(synapse_http_requests_total[5m]))`.'),
    labels: dictOf(z.string(), z.string().describe('The label value. Example: `synapse`.'))
      .optional()
      .describe('Labels added to the recorded series. Default: none. Example: `{ team: chat }`.'),
  })
  .describe('A Prometheus recording rule: the series named like its key is computed from expr. Example: `{ expr: sum(rate(http_requests_total[5m])) }`.');

export const Cidr = z.string().regex(/^[0-9a-fA-F.:]+\/[0-9]{1,3}$/, { message: 'expected a CIDR such as 10.0.0.0/8' });

const PortRef = z.union([Name.describe('A port name. Example: `http`.'), Port.describe('A port number. Example: `5432`.')]);

/** An edge in the network graph: the basis for allow rules next to the default-deny policy. */
export const Dependency = z
  .union([
    Name.describe('A component of this app, on all its container ports. Example: `mariadb`.'),
    z
      .strictObject({
        component: Name.optional().describe('A component of this app, or with `app` of that app. Example: `api`.'),
        app: Name.optional().describe('Another app of the fleet; with `component` only that component, else every component. Example: `billing`.'),
        port: PortRef.optional().describe('The one port allowed. Default: the container ports of the component (of another app without component: any port).'),
        cidr: Cidr.optional().describe('An address range outside the cluster. Example: `10.40.0.0/16`.'),
        ports: z
          .array(Port.describe('A port number. Example: `5432`.'))
          .optional()
          .describe('With cidr or pods: the ports allowed. Default: every port. Example: `[5432, 6379]`.'),
        protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional().describe('With cidr or pods: the protocol of `ports`. Default: `TCP`.'),
        chart: Name.optional().describe(
          'A chart release of this app (`charts`); its pods are selected by `app.kubernetes.io/instance`. Example: `postgresql`.',
        ),
        pods: Labels.optional().describe(
          'Pods Flotilla did not generate (made by an operator or a chart), by their labels, in this namespace or `namespace`. Example: `{ cnpg.io/cluster: ledger-db }`.',
        ),
        namespace: Name.optional().describe('With pods: the namespace they run in. Default: the app namespace. Example: `databases`.'),
        external: Name.optional().describe('A service declared under `externalServices`, on its ports. Example: `ledger-db`.'),
      })
      .refine(...exactlyOneOf([['component', 'app'], ['cidr'], ['chart'], ['pods'], ['external']]))
      .describe(
        'One of: component/app, cidr (with ports), chart (with port), pods (labels, with namespace and ports) or external. Example: `{ app: billing, component: api, port: http }`.',
      ),
  ])
  .describe('A destination this component connects to: egress is allowed here, and ingress on the other side when it is in the fleet.');

const Alert = z
  .strictObject({
    expr: z.string().min(1).describe('PromQL expression; the alert fires while it returns series. Example: `rate(http_errors_total[5m]) > 1`.'),
    for: Duration.optional().describe('How long the expression must hold before the alert fires. Default: at once. Example: `10m`.'),
    severity: z.enum(['info', 'warning', 'critical']).default('warning').describe('The `severity` label. Default: `warning`.'),
    summary: z.string().min(1).describe('One-line text shown with the alert (annotation `summary`). Example: `Checkout errors above 1/s`.'),
    runbook: z.string().url().optional().describe('Link to what to do (annotation `runbook_url`). Example: `https://wiki.example.com/runbooks/shop`.'),
  })
  .describe('A Prometheus alerting rule, in the PrometheusRule named after the app; it is labelled with the app and component.');

const NonNegative = z.number().int().min(0);

const PodResourceAmounts = (what: string) =>
  z
    .strictObject({
      cpu: Quantity.optional().describe(`CPU ${what}, in cores or millicores. Example: \`500m\`.`),
      memory: Quantity.optional().describe(`Memory ${what}. Example: \`1Gi\`.`),
    })
    .describe(`Pod ${what}: cpu and memory (the only resources a pod-level budget takes). Example: \`{ cpu: 500m, memory: 1Gi }\`.`);

export const Component = z
  .strictObject({
    kind: z
      .enum(WORKLOAD_KIND_NAMES)
      .default('Deployment')
      .describe(`The workload kind: ${WORKLOAD_KIND_NAMES.join(', ')}. Default: \`Deployment\`.`),
    containers: dictOf(Name, Container)
      .refine((c) => Object.keys(c).length > 0, { message: 'expected at least one container' })
      .describe('The containers of the pod, by name (at least one). Example: `{ web: { image: nginx:1.27 } }`.'),
    initContainers: dictOf(Name, Container)
      .optional()
      .describe('Containers that run to completion, in order, before the others start. Example: `{ migrate: { image: shop:1.2, args: [migrate] } }`.'),
    replicas: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Number of pods (Deployments and StatefulSets); left to the HPA when `autoscaling` is set. Default: `1`. Example: `3`.'),
    volumes: dictOf(Name, Volume).optional().describe('Pod volumes by name, mounted with a container `mounts`. Example: `{ data: { pvc: shop-data } }`.'),
    claimTemplates: dictOf(Name, ClaimTemplate)
      .optional()
      .describe(
        'StatefulSet only: volumeClaimTemplates by name, mounted through a volume `{ claimTemplate: true }` of the same name. Example: `{ data: { size: 20Gi } }`.',
      ),
    serviceAccount: Name.optional().describe(
      'A service account declared in the app (`serviceAccounts`). Default: the namespace default account, token not mounted. Example: `shop`.',
    ),
    imagePullSecrets: z
      .array(Name.describe('A secret of this app. Example: `registry`.'))
      .optional()
      .describe('Secrets declared in the app (`secrets`) to pull images with. Example: `[registry]`.'),
    service: z
      .union([Service, z.literal(false).describe('`false`: no Service.')])
      .optional()
      .describe(
        'The Service in front of the pods, or `false` for none. Default: a ClusterIP Service on every named container port (none for CronJobs, Jobs and components without ports).',
      ),
    schedule: z
      .string()
      .regex(/^(@(yearly|annually|monthly|weekly|daily|hourly)|(\S+\s+){4}\S+)$/, { message: 'expected a cron schedule such as "*/5 * * * *"' })
      .optional()
      .describe('CronJob only, required there: cron schedule. Example: `"*/5 * * * *"` or `@daily`.'),
    timeZone: z
      .string()
      .optional()
      .describe('CronJob only: IANA time zone of the schedule. Default: the controller time zone (UTC on most clusters). Example: `Europe/Berlin`.'),
    concurrencyPolicy: z
      .enum(['Allow', 'Forbid', 'Replace'])
      .optional()
      .describe('CronJob only: what happens when a run is due while the last still runs. Default: `Forbid`.'),
    activeDeadlineSeconds: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Jobs and CronJobs: seconds a run may take before it is stopped. Default: no limit. Example: `3600`.'),
    backoffLimit: NonNegative.optional().describe('Jobs and CronJobs: retries before a run counts as failed. Default: `2`.'),
    successfulJobsHistoryLimit: NonNegative.optional().describe('CronJob only: finished Jobs kept. Default: `3`.'),
    failedJobsHistoryLimit: NonNegative.optional().describe('CronJob only: failed Jobs kept. Default: `3`.'),
    restartPolicy: z.enum(['OnFailure', 'Never']).optional().describe('Jobs and CronJobs: restart a failed container in place, or not. Default: `OnFailure`.'),
    autoscaling: z
      .strictObject({
        min: z.number().int().min(1).describe('Fewest pods. Example: `2`.'),
        max: z.number().int().min(1).describe('Most pods; at most the cluster `capacity.maxReplicas`. Example: `10`.'),
        cpu: z
          .number()
          .int()
          .min(1)
          .max(100)
          .optional()
          .describe('Target average CPU utilisation in percent of requests. Default: `75` when memory is not set either.'),
        memory: z
          .number()
          .int()
          .min(1)
          .max(100)
          .optional()
          .describe('Target average memory utilisation in percent of requests. Default: not scaled on memory.'),
      })
      .refine((a) => a.max >= a.min, { message: 'expected max to be at least min', path: ['max'] })
      .optional()
      .describe('A HorizontalPodAutoscaler (Deployments and StatefulSets); it owns the replica count. Example: `{ min: 2, max: 10, cpu: 70 }`.'),
    disruptionBudget: z
      .union([
        z.literal(false).describe('`false`: no PodDisruptionBudget.'),
        z
          .strictObject({
            minAvailable: z
              .union([
                NonNegative.describe('A pod count. Example: `1`.'),
                z
                  .string()
                  .regex(/^\d+%$/)
                  .describe('A percentage. Example: `"50%"`.'),
              ])
              .optional()
              .describe('Pods that must stay up during voluntary disruptions. Example: `1`.'),
            maxUnavailable: z
              .union([
                z.number().int().min(1).describe('A pod count. Example: `1`.'),
                z
                  .string()
                  .regex(/^\d+%$/)
                  .describe('A percentage. Example: `"25%"`.'),
              ])
              .optional()
              .describe('Pods that may be down during voluntary disruptions. Default: `1` when neither is set.'),
          })
          .describe('The budget. Example: `{ minAvailable: 2 }`.'),
      ])
      .optional()
      .describe(
        'A PodDisruptionBudget (Deployments and StatefulSets). Default: `maxUnavailable: 1` when replicas (or autoscaling min) are 2 or more, none otherwise; `false` turns it off.',
      ),
    spread: z
      .boolean()
      .optional()
      .describe(
        'Spread pods across nodes and zones (topology spread, best effort). Default: `true` when replicas (or autoscaling min) are 2 or more. Ignored for Jobs and CronJobs.',
      ),
    talksTo: z
      .array(Dependency)
      .optional()
      .describe(
        'Egress this component needs under the default-deny policy; DNS is always allowed. Example: `[mariadb, { cidr: 10.40.0.0/16, ports: [5432] }]`.',
      ),
    metrics: z
      .strictObject({
        port: Name.describe('The Service port name to scrape. Example: `metrics`.'),
        path: z.string().default('/metrics').describe('HTTP path of the metrics. Default: `/metrics`.'),
        interval: Duration.default('30s').describe('Scrape interval. Default: `30s`. Example: `1m`.'),
      })
      .optional()
      .describe('A ServiceMonitor (prometheus-operator); the monitoring namespace may reach the port. Example: `{ port: metrics }`.'),
    alerts: dictOf(z.string().regex(/^[A-Z][A-Za-z0-9]*$/, { message: 'expected an alert name in PascalCase' }), Alert)
      .optional()
      .describe('Alerting rules by name (PascalCase). Example: `{ HighErrorRate: { expr: ..., summary: ... } }`.'),
    recordingRules: dictOf(
      z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { message: 'expected a metric name such as job:http_requests:rate5m' }),
      RecordingRule,
    )
      .optional()
      .describe(
        'Recording rules by the series they record (level:metric:operations), in the app’s PrometheusRule, evaluated before its alerts. Example: `{ "worker:http_requests:rate5m": { expr: ... } }`.',
      ),
    nodeSelector: Labels.optional().describe('Node labels the pods must run on. Example: `{ kubernetes.io/arch: arm64 }`.'),
    podLabels: Labels.optional().describe('Extra labels on the pods (not on the workload or its selector). Example: `{ sidecar.istio.io/inject: "false" }`.'),
    podResources: z
      .strictObject({
        requests: PodResourceAmounts('requests (what the scheduler reserves for the whole pod)').optional(),
        limits: PodResourceAmounts('limits (the most all containers together may use)').optional(),
      })
      .optional()
      .describe(
        'Pod-level resources (PodSpec.resources, Kubernetes 1.34 and later): one budget the containers share; a container without its own limits may use up to it. Default: none. Example: `{ requests: { cpu: "1", memory: 1Gi }, limits: { memory: 2Gi } }`.',
      ),
    terminationGracePeriodSeconds: NonNegative.optional().describe(
      'Seconds a pod gets to stop after SIGTERM. Default: the Kubernetes default, `30`. Example: `60`.',
    ),
    ...WorkloadControls,
  })
  .describe('A workload of the app. Example: `{ replicas: 2, containers: { web: { image: nginx:1.27, ports: { http: 8080 } } } }`.');

export type ComponentSpec = z.output<typeof Component>;
