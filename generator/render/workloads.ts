/** Deployments, StatefulSets, CronJobs and Jobs around a rendered pod template. */

import { type K8sObject, sortedEntries } from '../model/object.ts';
import type { ComponentSpec } from '../validate/schema/component.ts';
import { appLabels, componentName, type RenderTarget, selectorLabels } from './context.ts';
import { renderPodTemplate } from './pod.ts';

export function renderWorkload(t: RenderTarget, name: string, c: ComponentSpec, configMapNames: Map<string, string>): K8sObject {
  const pod = renderPodTemplate(t, name, c, configMapNames);
  const metadata = { name: componentName(t.app.applicationId, name), namespace: t.app.namespace, labels: appLabels(t.app, name) };
  const selector = { matchLabels: selectorLabels(t.app.applicationId, name) };
  // An HPA owns the replica count: leaving replicas out keeps Argo CD from fighting it.
  const replicas = c.autoscaling ? {} : { replicas: c.replicas ?? 1 };
  switch (c.kind) {
    case 'Deployment':
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { ...replicas, revisionHistoryLimit: 5, selector, template: pod } };
    case 'StatefulSet':
      return {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata,
        spec: {
          ...replicas,
          serviceName: c.service === false ? metadata.name : (c.service?.name ?? metadata.name),
          selector,
          template: pod,
          ...(c.claimTemplates
            ? {
                volumeClaimTemplates: sortedEntries(c.claimTemplates).map(([claim, spec]) => ({
                  metadata: { name: claim },
                  spec: {
                    accessModes: [spec.accessMode],
                    ...((spec.storageClass ?? t.variant.settings.storageClass)
                      ? { storageClassName: spec.storageClass ?? t.variant.settings.storageClass }
                      : {}),
                    resources: { requests: { storage: spec.size } },
                  },
                })),
              }
            : {}),
        },
      };
    case 'Job':
      return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: jobSpec(c, pod) };
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata,
        spec: {
          schedule: c.schedule,
          ...(c.timeZone ? { timeZone: c.timeZone } : {}),
          concurrencyPolicy: c.concurrencyPolicy ?? 'Forbid',
          successfulJobsHistoryLimit: c.successfulJobsHistoryLimit ?? 3,
          failedJobsHistoryLimit: c.failedJobsHistoryLimit ?? 3,
          jobTemplate: { metadata: { labels: pod.metadata.labels }, spec: jobSpec(c, pod) },
        },
      };
  }
}

function jobSpec(c: ComponentSpec, pod: ReturnType<typeof renderPodTemplate>): Record<string, unknown> {
  return {
    ...(c.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: c.activeDeadlineSeconds } : {}),
    backoffLimit: c.backoffLimit ?? 2,
    template: { ...pod, spec: { ...pod.spec, restartPolicy: c.restartPolicy ?? 'OnFailure' } },
  };
}
