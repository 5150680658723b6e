/**
 * Workload objects around a rendered pod template: one builder per row of the
 * workload kinds table (model/workload-kinds.ts). The record is typed by the
 * table's kind names, so a row without a builder does not compile.
 */

import { ANNOTATION } from '../model/names.ts';
import { type K8sObject, sortedEntries } from '../model/object.ts';
import { type WorkloadKindName, workloadKind } from '../model/workload-kinds.ts';
import type { ComponentSpec } from '../validate/schema/component.ts';
import { appLabels, componentName, type RenderTarget, selectorLabels } from './context.ts';
import { type PodTemplate, renderPodTemplate } from './pod.ts';

interface Parts {
  t: RenderTarget;
  c: ComponentSpec;
  name: string;
  pod: PodTemplate;
  selector: { matchLabels: Record<string, string> };
  /** `{ replicas }`, or nothing when an HPA owns the count (so Argo CD does not fight it). */
  replicas: { replicas?: number };
}

type Builder = (p: Parts) => Record<string, unknown>;

const BUILDERS: Record<WorkloadKindName, Builder> = {
  Deployment: ({ c, replicas, selector, pod }) => ({
    ...replicas,
    revisionHistoryLimit: c.revisionHistoryLimit ?? 5,
    ...minReady(c),
    ...(c.strategy === 'Recreate' ? { strategy: { type: 'Recreate' } } : c.strategy ? { strategy: { type: 'RollingUpdate', rollingUpdate: c.strategy } } : {}),
    selector,
    template: pod,
  }),
  StatefulSet: ({ t, c, name, replicas, selector, pod }) => ({
    ...replicas,
    ...(c.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: c.revisionHistoryLimit } : {}),
    ...minReady(c),
    ...(c.podManagementPolicy ? { podManagementPolicy: c.podManagementPolicy } : {}),
    ...(c.persistentVolumeClaimRetentionPolicy ? { persistentVolumeClaimRetentionPolicy: c.persistentVolumeClaimRetentionPolicy } : {}),
    ...updateStrategy(c),
    serviceName: c.service === false ? name : (c.service?.name ?? name),
    selector,
    template: pod,
    ...(c.claimTemplates
      ? {
          volumeClaimTemplates: sortedEntries(c.claimTemplates).map(([claim, spec]) => ({
            metadata: { name: claim },
            spec: {
              accessModes: [spec.accessMode],
              ...((spec.storageClass ?? t.variant.settings.storageClass) ? { storageClassName: spec.storageClass ?? t.variant.settings.storageClass } : {}),
              resources: { requests: { storage: spec.size } },
            },
          })),
        }
      : {}),
  }),
  DaemonSet: ({ c, selector, pod }) => ({
    ...(c.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: c.revisionHistoryLimit } : {}),
    ...minReady(c),
    ...updateStrategy(c),
    selector,
    template: pod,
  }),
  Job: ({ c, pod }) => jobSpec(c, pod),
  CronJob: ({ c, pod }) => ({
    schedule: c.schedule,
    ...(c.timeZone ? { timeZone: c.timeZone } : {}),
    concurrencyPolicy: c.concurrencyPolicy ?? 'Forbid',
    ...(c.startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds: c.startingDeadlineSeconds } : {}),
    ...(c.suspend !== undefined ? { suspend: c.suspend } : {}),
    successfulJobsHistoryLimit: c.successfulJobsHistoryLimit ?? 3,
    failedJobsHistoryLimit: c.failedJobsHistoryLimit ?? 3,
    jobTemplate: { metadata: { labels: pod.metadata.labels }, spec: jobSpec({ ...c, suspend: undefined }, pod) },
  }),
};

function minReady(c: ComponentSpec): Record<string, unknown> {
  return c.minReadySeconds !== undefined ? { minReadySeconds: c.minReadySeconds } : {};
}

function updateStrategy(c: ComponentSpec): Record<string, unknown> {
  if (!c.updateStrategy) return {};
  if (c.updateStrategy === 'OnDelete') return { updateStrategy: { type: 'OnDelete' } };
  return { updateStrategy: { type: 'RollingUpdate', rollingUpdate: c.updateStrategy } };
}

export function renderWorkload(t: RenderTarget, name: string, c: ComponentSpec, configMapNames: Map<string, string>): K8sObject {
  const row = workloadKind(c.kind);
  const pod = renderPodTemplate(t, name, c, configMapNames);
  const objectName = componentName(t.app.applicationId, name);
  const metadata = { name: objectName, namespace: t.app.namespace, labels: appLabels(t.app, name) };
  const selector = { matchLabels: selectorLabels(t.app.applicationId, name) };
  const replicas = !row.scales || c.autoscaling ? {} : { replicas: c.replicas ?? 1 };
  const annotations = {
    ...(c.annotations ?? {}),
    ...hookAnnotations(c),
    ...(c.syncWave !== undefined ? { [ANNOTATION.syncWave]: String(c.syncWave) } : {}),
  };
  return {
    apiVersion: row.apiVersion,
    kind: row.kind,
    metadata: { ...metadata, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: BUILDERS[row.kind]({ t, c, name: objectName, pod, selector, replicas }),
  };
}

function jobSpec(c: ComponentSpec, pod: PodTemplate): Record<string, unknown> {
  const optional = (['completions', 'parallelism', 'completionMode', 'suspend', 'ttlSecondsAfterFinished'] as const).filter((f) => c[f] !== undefined);
  return {
    ...(c.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: c.activeDeadlineSeconds } : {}),
    backoffLimit: c.backoffLimit ?? 2,
    ...Object.fromEntries(optional.map((f) => [f, c[f]])),
    template: { ...pod, spec: { ...pod.spec, restartPolicy: c.restartPolicy ?? 'OnFailure' } },
  };
}

/** Argo CD resource hook annotations; the wave (syncWave or the kind's) is set with the other sync annotations. */
function hookAnnotations(c: ComponentSpec): Record<string, string> {
  if (!c.hook) return {};
  const hook = typeof c.hook === 'string' ? { phase: c.hook, deletePolicy: undefined } : c.hook;
  return { [ANNOTATION.hook]: hook.phase, [ANNOTATION.hookDeletePolicy]: (hook.deletePolicy ?? ['BeforeHookCreation']).join(',') };
}
