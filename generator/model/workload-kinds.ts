/**
 * Workload kinds, described once. Every stage asks this table what a kind is
 * instead of comparing kind names: the schema's `kind` enum, the rules on
 * which component fields a kind allows, replicas and capacity, disruption
 * budgets, Services, topology spread, sync waves, where the pod template sits
 * in the rendered object (output checks, graph). A new kind is one row here
 * plus one builder in render/workloads.ts (the compiler asks for it); a kind
 * not in the table is not a workload kind, never a default.
 */

export const WORKLOAD_KIND_NAMES = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'] as const;
export type WorkloadKindName = (typeof WORKLOAD_KIND_NAMES)[number];

/**
 * How a kind runs its pods: `replicated` keeps N long-running pods, `per-node`
 * one long-running pod on each matching node, `to-completion` pods that finish
 * (once, or on a schedule).
 */
export type PodsRun = 'replicated' | 'per-node' | 'to-completion';

export interface WorkloadKind {
  kind: WorkloadKindName;
  apiVersion: string;
  runs: PodsRun;
  /** Where the pod template sits in the rendered object. */
  podTemplatePath: readonly string[];
  /** Argo CD sync wave: after what the pods need (ConfigMaps, claims: −1), before what needs the pods. */
  wave: number;
  /** A Service in front of the pods by default (when they have named ports). */
  service: boolean;
  /** `replicas` and a HorizontalPodAutoscaler apply. */
  scales: boolean;
  /** A PodDisruptionBudget applies (node drains evict its pods; they skip per-node pods). */
  disruptionBudget: boolean;
  /** Topology spread across nodes and zones applies. */
  spread: boolean;
  /** The pods hold data: one claim per pod (claim templates), kept across restarts. */
  claimTemplates: boolean;
  /** Component fields that apply only to the kinds that list them (a field no row lists applies to every kind). */
  fields: readonly ComponentFieldName[];
  /** Fields this kind cannot do without, with an example for the error. */
  required: readonly { field: ComponentFieldName; what: string; example: string }[];
  /** How the graph draws it (Mermaid node shape around the text). */
  shape: readonly [string, string];
}

/** Names of component fields the rows refer to (kept as strings so the model stays below the schema). */
export type ComponentFieldName =
  | 'replicas'
  | 'autoscaling'
  | 'disruptionBudget'
  | 'spread'
  | 'claimTemplates'
  | 'schedule'
  | 'timeZone'
  | 'concurrencyPolicy'
  | 'successfulJobsHistoryLimit'
  | 'failedJobsHistoryLimit'
  | 'restartPolicy'
  | 'activeDeadlineSeconds'
  | 'backoffLimit'
  | 'suspend'
  | 'startingDeadlineSeconds'
  | 'ttlSecondsAfterFinished'
  | 'completions'
  | 'parallelism'
  | 'completionMode'
  | 'strategy'
  | 'updateStrategy'
  | 'podManagementPolicy'
  | 'persistentVolumeClaimRetentionPolicy'
  | 'minReadySeconds'
  | 'revisionHistoryLimit'
  | 'antiAffinity'
  | 'hook';

const SCALED: readonly ComponentFieldName[] = ['replicas', 'autoscaling', 'disruptionBudget', 'spread', 'antiAffinity'];
const RUN_TO_COMPLETION: readonly ComponentFieldName[] = [
  'restartPolicy',
  'activeDeadlineSeconds',
  'backoffLimit',
  'suspend',
  'ttlSecondsAfterFinished',
  'completions',
  'parallelism',
  'completionMode',
];
const LONG_RUNNING: readonly ComponentFieldName[] = ['minReadySeconds', 'revisionHistoryLimit'];

export const WORKLOAD_KINDS: ReadonlyMap<WorkloadKindName, WorkloadKind> = new Map(
  (
    [
      {
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        runs: 'replicated',
        podTemplatePath: ['spec', 'template'],
        wave: 0,
        service: true,
        scales: true,
        disruptionBudget: true,
        spread: true,
        claimTemplates: false,
        fields: [...SCALED, ...LONG_RUNNING, 'strategy'],
        required: [],
        shape: ['[', ']'],
      },
      {
        kind: 'StatefulSet',
        apiVersion: 'apps/v1',
        runs: 'replicated',
        podTemplatePath: ['spec', 'template'],
        wave: 0,
        service: true,
        scales: true,
        disruptionBudget: true,
        spread: true,
        claimTemplates: true,
        fields: [...SCALED, ...LONG_RUNNING, 'claimTemplates', 'updateStrategy', 'podManagementPolicy', 'persistentVolumeClaimRetentionPolicy'],
        required: [],
        shape: ['[(', ')]'],
      },
      {
        kind: 'DaemonSet',
        apiVersion: 'apps/v1',
        runs: 'per-node',
        podTemplatePath: ['spec', 'template'],
        wave: 0,
        service: true,
        scales: false,
        // Node drains skip DaemonSet pods, so a budget would protect nothing.
        disruptionBudget: false,
        spread: false,
        claimTemplates: false,
        fields: [...LONG_RUNNING, 'updateStrategy'],
        required: [],
        shape: ['[[', ']]'],
      },
      {
        kind: 'CronJob',
        apiVersion: 'batch/v1',
        runs: 'to-completion',
        podTemplatePath: ['spec', 'jobTemplate', 'spec', 'template'],
        wave: 1,
        service: false,
        scales: false,
        disruptionBudget: false,
        spread: false,
        claimTemplates: false,
        fields: [
          ...RUN_TO_COMPLETION,
          'schedule',
          'timeZone',
          'concurrencyPolicy',
          'successfulJobsHistoryLimit',
          'failedJobsHistoryLimit',
          'startingDeadlineSeconds',
        ],
        required: [{ field: 'schedule', what: 'a schedule', example: 'schedule: "*/5 * * * *" (cron syntax)' }],
        shape: ['([', '])'],
      },
      {
        kind: 'Job',
        apiVersion: 'batch/v1',
        runs: 'to-completion',
        podTemplatePath: ['spec', 'template'],
        wave: 1,
        service: false,
        scales: false,
        disruptionBudget: false,
        spread: false,
        claimTemplates: false,
        fields: [...RUN_TO_COMPLETION, 'hook'],
        required: [],
        shape: ['([', '])'],
      },
    ] satisfies WorkloadKind[]
  ).map((row) => [row.kind, row]),
);

/** The row of a workload kind; throws for a name not in the table (the schema admits only names in it). */
export function workloadKind(kind: string): WorkloadKind {
  const row = WORKLOAD_KINDS.get(kind as WorkloadKindName);
  if (!row) throw new Error(`"${kind}" is not a workload kind (known: ${WORKLOAD_KIND_NAMES.join(', ')})`);
  return row;
}

/** The row for a rendered object, when it is a workload kind of the table (same API version too). */
export function workloadKindOf(o: { apiVersion: string; kind: string }): WorkloadKind | undefined {
  const row = WORKLOAD_KINDS.get(o.kind as WorkloadKindName);
  return row && row.apiVersion === o.apiVersion ? row : undefined;
}

/** Every field some row restricts, with the kinds that allow it. */
export const KIND_FIELDS: ReadonlyMap<ComponentFieldName, readonly WorkloadKindName[]> = (() => {
  const out = new Map<ComponentFieldName, WorkloadKindName[]>();
  for (const row of WORKLOAD_KINDS.values()) for (const f of row.fields) out.set(f, [...(out.get(f) ?? []), row.kind]);
  return out;
})();

/** The pod template of a rendered workload object (undefined for other objects). */
export function podTemplateOf(o: {
  apiVersion: string;
  kind: string;
  [field: string]: unknown;
}): { metadata?: Record<string, unknown>; spec: unknown } | undefined {
  const row = workloadKindOf(o);
  if (!row) return undefined;
  let at: unknown = o;
  for (const key of row.podTemplatePath) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at && typeof at === 'object' ? (at as { spec: unknown }) : undefined;
}
