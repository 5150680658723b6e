/** A Service per component that has ports, selecting exactly that component's pods. */

import { type K8sObject, sortedEntries } from '../model/object.ts';
import { portProtocol } from '../model/ports.ts';
import { workloadKind } from '../model/workload-kinds.ts';
import { containerPort } from '../validate/rules/services.ts';
import type { ComponentSpec } from '../validate/schema/component.ts';
import { appLabels, componentName, externalHost, type RenderTarget, selectorLabels } from './context.ts';

export interface RenderedServicePort {
  name: string;
  port: number;
  targetPort: string | number;
  protocol: string;
  nodePort?: number;
  appProtocol?: string;
}

/** The Service ports of a component: explicit, or every named container port with its own number and protocol. */
export function servicePortsOf(c: ComponentSpec): RenderedServicePort[] {
  if (c.service === false) return [];
  if (c.service?.ports)
    return sortedEntries(c.service.ports).map(([p, spec]) => {
      const written = typeof spec === 'number' ? { port: spec } : spec;
      const targetPort = typeof spec === 'number' ? p : (spec.targetPort ?? p);
      const protocol = (typeof spec === 'number' ? undefined : spec.protocol) ?? containerPort(c, targetPort)?.protocol ?? 'TCP';
      return {
        name: p,
        port: written.port,
        targetPort,
        protocol,
        ...('nodePort' in written && written.nodePort !== undefined ? { nodePort: written.nodePort } : {}),
        ...('appProtocol' in written && written.appProtocol !== undefined ? { appProtocol: written.appProtocol } : {}),
      };
    });
  return Object.values(c.containers).flatMap((ct) =>
    sortedEntries(ct.ports ?? {}).map(([p, spec]) => ({
      name: p,
      port: typeof spec === 'number' ? spec : spec.port,
      targetPort: p,
      protocol: portProtocol(spec),
    })),
  );
}

const PASSED = [
  'externalTrafficPolicy',
  'internalTrafficPolicy',
  'loadBalancerSourceRanges',
  'loadBalancerClass',
  'loadBalancerIP',
  'externalIPs',
  'sessionAffinity',
  'publishNotReadyAddresses',
  'ipFamilyPolicy',
] as const;

export function renderService(t: RenderTarget, name: string, c: ComponentSpec): K8sObject | undefined {
  if (c.service === false || !workloadKind(c.kind).service) return undefined;
  const ports = servicePortsOf(c);
  if (ports.length === 0) return undefined;
  const s = c.service;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: s?.name ?? componentName(t.app.applicationId, name),
      namespace: t.app.namespace,
      labels: appLabels(t.app, name),
      ...(s?.annotations ? { annotations: { ...s.annotations } } : {}),
    },
    spec: {
      type: s?.type ?? 'ClusterIP',
      ...(s?.headless ? { clusterIP: 'None' } : {}),
      ...Object.fromEntries(PASSED.filter((f) => s?.[f] !== undefined).map((f) => [f, s![f]])),
      selector: selectorLabels(t.app.applicationId, name),
      ports,
    },
  };
}

/**
 * ExternalName Services of the app's external services that ask for one: a DNS alias
 * (no selector, no ports) for software that takes a fixed Service name. A network
 * policy cannot select them; egress goes to the host behind, as for the external service.
 */
export function renderExternalNameServices(t: RenderTarget): K8sObject[] {
  return sortedEntries(t.variant.body.externalServices ?? {}).flatMap(([, s]) =>
    s.serviceName
      ? [
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: s.serviceName, namespace: t.app.namespace, labels: appLabels(t.app) },
            spec: { type: 'ExternalName', externalName: externalHost(t.app.namespace, s) },
          },
        ]
      : [],
  );
}
