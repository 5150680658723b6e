/**
 * Workload objects around a rendered pod template: one builder per row of the
 * workload kinds table (model/workload-kinds.ts). The record is typed by the
 * table's kind names, so a row without a builder does not compile.
 */

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
  Deployment: ({ replicas, selector, pod }) => ({ ...replicas, revisionHistoryLimit: 5, selector, template: pod }),
  StatefulSet: ({ t, c, name, replicas, selector, pod }) => ({
    ...replicas,
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
  Job: ({ c, pod }) => jobSpec(c, pod),
  CronJob: ({ c, pod }) => ({
    schedule: c.schedule,
    ...(c.timeZone ? { timeZone: c.timeZone } : {}),
    concurrencyPolicy: c.concurrencyPolicy ?? 'Forbid',
    successfulJobsHistoryLimit: c.successfulJobsHistoryLimit ?? 3,
    failedJobsHistoryLimit: c.failedJobsHistoryLimit ?? 3,
    jobTemplate: { metadata: { labels: pod.metadata.labels }, spec: jobSpec(c, pod) },
  }),
};

export function renderWorkload(t: RenderTarget, name: string, c: ComponentSpec, configMapNames: Map<string, string>): K8sObject {
  const row = workloadKind(c.kind);
  const pod = renderPodTemplate(t, name, c, configMapNames);
  const objectName = componentName(t.app.applicationId, name);
  const metadata = { name: objectName, namespace: t.app.namespace, labels: appLabels(t.app, name) };
  const selector = { matchLabels: selectorLabels(t.app.applicationId, name) };
  const replicas = !row.scales || c.autoscaling ? {} : { replicas: c.replicas ?? 1 };
  return { apiVersion: row.apiVersion, kind: row.kind, metadata, spec: BUILDERS[row.kind]({ t, c, name: objectName, pod, selector, replicas }) };
}

function jobSpec(c: ComponentSpec, pod: PodTemplate): Record<string, unknown> {
  return {
    ...(c.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: c.activeDeadlineSeconds } : {}),
    backoffLimit: c.backoffLimit ?? 2,
    template: { ...pod, spec: { ...pod.spec, restartPolicy: c.restartPolicy ?? 'OnFailure' } },
  };
}
