/** HorizontalPodAutoscalers and PodDisruptionBudgets (implied for replicated workloads). */

import type { K8sObject } from '../model/object.ts';
import { workloadKind } from '../model/workload-kinds.ts';
import type { ComponentSpec } from '../validate/schema/component.ts';
import { appLabels, componentName, type RenderTarget, selectorLabels } from './context.ts';

export function renderAvailability(t: RenderTarget, name: string, c: ComponentSpec): K8sObject[] {
  const row = workloadKind(c.kind);
  const out: K8sObject[] = [];
  const objectName = componentName(t.app.applicationId, name);
  const metadata = { name: objectName, namespace: t.app.namespace, labels: appLabels(t.app, name) };
  if (row.scales && c.autoscaling) {
    const metrics = [
      ...(c.autoscaling.cpu || !c.autoscaling.memory
        ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: c.autoscaling.cpu ?? 75 } } }]
        : []),
      ...(c.autoscaling.memory
        ? [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: c.autoscaling.memory } } }]
        : []),
    ];
    out.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: row.apiVersion, kind: c.kind, name: objectName },
        minReplicas: c.autoscaling.min,
        maxReplicas: c.autoscaling.max,
        metrics,
      },
    });
  }
  const replicas = c.autoscaling?.min ?? c.replicas ?? 1;
  if (row.disruptionBudget && c.disruptionBudget !== false && (c.disruptionBudget || replicas >= 2)) {
    const budget =
      c.disruptionBudget && (c.disruptionBudget.minAvailable !== undefined || c.disruptionBudget.maxUnavailable !== undefined)
        ? c.disruptionBudget
        : { maxUnavailable: 1 };
    out.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata,
      spec: { ...budget, selector: { matchLabels: selectorLabels(t.app.applicationId, name) } },
    });
  }
  return out;
}
