/** A Service per component that has ports, selecting exactly that component's pods. */

import { type K8sObject, sortedEntries } from '../model/object.ts';
import { workloadKind } from '../model/workload-kinds.ts';
import type { ComponentSpec } from '../validate/schema/component.ts';
import { appLabels, componentName, type RenderTarget, selectorLabels } from './context.ts';

export function renderService(t: RenderTarget, name: string, c: ComponentSpec): K8sObject | undefined {
  if (c.service === false || !workloadKind(c.kind).service) return undefined;
  const ports = c.service?.ports
    ? sortedEntries(c.service.ports).map(([p, spec]) =>
        typeof spec === 'number'
          ? { name: p, port: spec, targetPort: p, protocol: 'TCP' }
          : { name: p, port: spec.port, targetPort: spec.targetPort ?? p, protocol: spec.protocol ?? 'TCP' },
      )
    : Object.values(c.containers).flatMap((ct) => sortedEntries(ct.ports ?? {}).map(([p, n]) => ({ name: p, port: n, targetPort: p, protocol: 'TCP' })));
  if (ports.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: c.service?.name ?? componentName(t.app.applicationId, name), namespace: t.app.namespace, labels: appLabels(t.app, name) },
    spec: {
      type: c.service?.type ?? 'ClusterIP',
      ...(c.service?.headless ? { clusterIP: 'None' } : {}),
      selector: selectorLabels(t.app.applicationId, name),
      ports,
    },
  };
}
