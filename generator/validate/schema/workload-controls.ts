/**
 * Controls of a workload and its pods beyond what Flotilla reasons about.
 * Rollout controls are typed here; scheduling and DNS options are the native
 * Kubernetes types (affinity, tolerations, dnsConfig, hostAliases,
 * topologySpreadConstraints), passed into the pod spec as written and checked
 * against the official Kubernetes schema before output, with errors at the
 * config line.
 */
import { z } from 'zod';
import { Reason } from './common.ts';
import { dictOf, keepInput } from './dict.ts';

const NonNegative = z.number().int().min(0);

/** The name of a cluster object (a DNS-1123 subdomain), as the API server checks it. */
function ObjectName(what: string) {
  return z
    .string()
    .min(1, { message: `expected ${what}` })
    .max(253, { message: `expected ${what} of at most 253 characters` })
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
      message: `expected ${what}: lower-case letters, digits, "-" and ".", as the cluster object is named`,
    });
}

export const IntOrPercent = z.union([
  NonNegative.describe('A pod count. Example: `1`.'),
  z
    .string()
    .regex(/^\d+%$/, { message: 'expected a pod count or a percentage such as "25%"' })
    .describe('A percentage of the pods. Example: `"25%"`.'),
]);

/** A native Kubernetes object, kept as written; its fields are checked against the official schema in the rendered pod. */
function native(what: string, example: string) {
  return keepInput(z.object({}).catchall(z.unknown().describe(`A field of ${what}, as in the Kubernetes API.`))).describe(
    `${what} (the Kubernetes type, checked against the official schema). Example: \`${example}\`.`,
  );
}

function nativeList(what: string, item: string, example: string) {
  return z.array(native(item, example)).describe(`${what} (Kubernetes types, checked against the official schema). Example: \`[${example}]\`.`);
}

export const WorkloadControls = {
  strategy: z
    .union([
      z.literal('Recreate').describe('`Recreate`: stop every old pod before starting new ones (a single-writer volume, a schema that cannot run twice).'),
      z
        .strictObject({
          maxSurge: IntOrPercent.optional().describe('Pods above `replicas` during a rollout. Default: `25%`. Example: `1`.'),
          maxUnavailable: IntOrPercent.optional().describe('Pods below `replicas` during a rollout. Default: `25%`. Example: `0`.'),
        })
        .describe('A rolling update with these bounds. Example: `{ maxSurge: 1, maxUnavailable: 0 }`.'),
    ])
    .optional()
    .describe('Deployment only: how pods are replaced. Default: a rolling update (25% surge, 25% unavailable). Example: `Recreate`.'),
  updateStrategy: z
    .union([
      z.literal('OnDelete').describe('`OnDelete`: new pods only when an old one is deleted by hand.'),
      z
        .strictObject({
          partition: NonNegative.optional().describe('StatefulSet: only pods with an ordinal at least this are updated (canary). Default: `0`. Example: `2`.'),
          maxUnavailable: IntOrPercent.optional().describe('Pods that may be down during the update. Default: `1`. Example: `"10%"`.'),
          maxSurge: IntOrPercent.optional().describe('DaemonSet: new pods started on a node before its old one stops. Default: `0`. Example: `1`.'),
        })
        .describe('A rolling update with these bounds. Example: `{ maxUnavailable: 2 }`.'),
    ])
    .optional()
    .describe('StatefulSet and DaemonSet: how pods are replaced. Default: a rolling update, one pod at a time. Example: `OnDelete`.'),
  podManagementPolicy: z
    .enum(['OrderedReady', 'Parallel'])
    .optional()
    .describe('StatefulSet only: start and stop pods one by one in order, or all at once. Default: `OrderedReady`.'),
  persistentVolumeClaimRetentionPolicy: z
    .strictObject({
      whenDeleted: z.enum(['Retain', 'Delete']).optional().describe('Claims when the StatefulSet is deleted. Default: `Retain`.'),
      whenScaled: z.enum(['Retain', 'Delete']).optional().describe('Claims of pods removed by scaling down. Default: `Retain`.'),
    })
    .optional()
    .describe(
      'StatefulSet only: what happens to the claims of its pods. `Delete` loses the data: in a protected app it is an error. Default: both `Retain`. Example: `{ whenScaled: Delete }`.',
    ),
  minReadySeconds: NonNegative.optional().describe(
    'Deployments, StatefulSets and DaemonSets: seconds a new pod must be ready before it counts as available. Default: `0`. Example: `10`.',
  ),
  revisionHistoryLimit: NonNegative.optional().describe(
    'Deployments, StatefulSets and DaemonSets: old revisions kept for rollback. Default: `5` for Deployments, the Kubernetes default (`10`) otherwise. Example: `3`.',
  ),
  suspend: z.boolean().optional().describe('Jobs and CronJobs: do not start (more) pods. Default: `false`.'),
  startingDeadlineSeconds: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('CronJob only: a run that could not start within this many seconds of its time is skipped. Default: no deadline. Example: `300`.'),
  ttlSecondsAfterFinished: NonNegative.optional().describe('Jobs and CronJobs: delete a finished Job after this many seconds. Default: kept. Example: `3600`.'),
  completions: z.number().int().min(1).optional().describe('Jobs and CronJobs: successful pods needed. Default: `1`. Example: `5`.'),
  parallelism: NonNegative.optional().describe('Jobs and CronJobs: pods running at once. Default: `1`. Example: `2`.'),
  completionMode: z
    .enum(['NonIndexed', 'Indexed'])
    .optional()
    .describe('Jobs and CronJobs: `Indexed` gives each pod an index (JOB_COMPLETION_INDEX). Default: `NonIndexed`.'),
  hook: z
    .union([
      z.enum(['PreSync', 'Sync', 'PostSync', 'SyncFail']).describe('The phase; the Job is deleted before the next run creates it again.'),
      z
        .strictObject({
          phase: z.enum(['PreSync', 'Sync', 'PostSync', 'SyncFail']).describe('When Argo CD runs it. Example: `PreSync`.'),
          deletePolicy: z
            .array(z.enum(['BeforeHookCreation', 'HookSucceeded', 'HookFailed']).describe('When Argo CD deletes the hook Job.'))
            .min(1)
            .optional()
            .describe('When the Job is deleted. Default: `[BeforeHookCreation]` (kept until the next sync, so its logs can be read).'),
        })
        .describe('The phase and delete policy. Example: `{ phase: PreSync, deletePolicy: [BeforeHookCreation, HookSucceeded] }`.'),
    ])
    .optional()
    .describe(
      'Job only: an Argo CD resource hook instead of a plain object: `PreSync` runs (and must succeed) before anything of the sync is applied, `Sync` in its wave, `PostSync` after every object is healthy. Default: not a hook. Example: `PreSync`.',
    ),
  syncWave: z
    .number()
    .int()
    .min(-100)
    .max(100)
    .optional()
    .describe(
      "The Argo CD sync wave of the workload, replacing its kind's default (Deployments, StatefulSets, DaemonSets 0; Jobs, CronJobs 1). Lower waves are applied and healthy first. Example: `-1` for a Job that must finish before the workloads start.",
    ),
  annotations: dictOf(z.string(), z.string().describe('The annotation value. Example: `"true"`.'))
    .optional()
    .describe('Extra annotations on the workload object. Example: `{ reloader.stakater.com/auto: "true" }`.'),
  podAnnotations: dictOf(z.string(), z.string().describe('The annotation value. Example: `"false"`.'))
    .optional()
    .describe('Extra annotations on the pods. Example: `{ cluster-autoscaler.kubernetes.io/safe-to-evict: "true" }`.'),

  antiAffinity: z
    .enum(['required', 'preferred'])
    .optional()
    .describe(
      '`required`: never two pods of this component on one node (pods that do not fit stay pending); `preferred`: avoid it when possible. Default: none (topology spread, see `spread`).',
    ),
  affinity: native('Pod affinity: nodeAffinity, podAffinity, podAntiAffinity', '{ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: … } }')
    .optional()
    .describe(
      'Node and pod affinity, as the Kubernetes Affinity type (checked against its schema); `antiAffinity` adds to it. Example: `{ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: node-role, operator: In, values: [media] }] }] } } }`.',
    ),
  tolerations: nativeList('Taints the pods tolerate', 'A Toleration', '{ key: dedicated, operator: Equal, value: media, effect: NoSchedule }').optional(),
  topologySpreadConstraints: nativeList(
    'Topology spread constraints, replacing the default spread',
    'A TopologySpreadConstraint (give it a labelSelector)',
    '{ maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: … }',
  ).optional(),
  priorityClassName: ObjectName('a PriorityClass name')
    .optional()
    .describe('A PriorityClass of the cluster. Default: none (priority 0). Example: `system-node-critical`.'),
  runtimeClassName: ObjectName('a RuntimeClass name')
    .optional()
    .describe('A RuntimeClass of the cluster (gVisor, Kata). Default: the cluster default runtime. Example: `gvisor`.'),
  schedulerName: z.string().min(1).optional().describe('The scheduler that places the pods. Default: `default-scheduler`. Example: `volcano`.'),
  dnsPolicy: z
    .enum(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'])
    .optional()
    .describe('How the pods resolve names. Default: `ClusterFirst`, and `ClusterFirstWithHostNet` with the host network. `None` needs `dnsConfig`.'),
  dnsConfig: native('DNS settings of the pods: nameservers, searches, options', '{ options: [{ name: ndots, value: "2" }] }').optional(),
  hostAliases: nativeList('Extra /etc/hosts entries', 'A HostAlias', '{ ip: 10.0.0.5, hostnames: [legacy.internal] }').optional(),
  hostname: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    .optional()
    .describe('The pod host name. Default: the pod name. Example: `mail`.'),
  enableServiceLinks: z
    .boolean()
    .optional()
    .describe('Put every Service of the namespace into the environment (docker links style). Default: `true`, the Kubernetes default.'),
  shareProcessNamespace: z.boolean().optional().describe('Containers of the pod see each other’s processes. Default: `false`.'),
  hostUsers: z
    .boolean()
    .optional()
    .describe('`false`: the pods run in their own user namespace (root in the pod is not root on the node). Default: the host user namespace.'),
  fsGroup: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('A group that owns the mounted volumes and that every container belongs to. Default: none. Example: `2000`.'),
  podSecurityOptOut: z
    .strictObject({
      hostNetwork: Reason.optional().describe(
        'Use the node network (a TURN server, a node agent), with the reason; the namespace gets the `privileged` Pod Security level. Example: `"TURN relays media on thousands of UDP ports"`.',
      ),
      hostPID: Reason.optional().describe('See the processes of the node, with the reason; the namespace gets the `privileged` level.'),
      hostIPC: Reason.optional().describe('Share the IPC namespace of the node, with the reason; the namespace gets the `privileged` level.'),
      hostPath: Reason.optional().describe(
        'Mount folders of the node (volumes with `hostPath`), with the reason; the namespace gets the `privileged` level. Example: `"scans the files of every node for malware"`.',
      ),
    })
    .optional()
    .describe(
      'Pod-level departures from Pod Security, each with a reason of at least 12 characters; shown as warnings on every run and recorded in the pod annotation `flotilla.dev/security-opt-out`. Example: `{ hostNetwork: "TURN relays media on UDP ports" }`.',
    ),
};
