/** What a renderer needs to know about its target: the app, the variant being rendered and the fleet. */

import { chartReleaseName, componentName, LABEL, MANAGED_BY } from '../model/names.ts';
import type { AppPlan, AppVariant, FleetView } from '../plan/model.ts';

export interface RenderTarget {
  /** The rest of the fleet, through the methods the incremental cache records. */
  fleet: FleetView;
  app: AppPlan;
  variant: AppVariant;
}

export { chartReleaseName, componentName };

/** Labels every object of an app carries; selectors use the stable subset only. */
export function appLabels(app: AppPlan, component?: string): Record<string, string> {
  return {
    [LABEL.partOf]: app.applicationId,
    [LABEL.managedBy]: MANAGED_BY,
    [LABEL.team]: app.team,
    // No app.kubernetes.io/instance: Argo CD's label tracking would overwrite it and break selectors.
    ...(component ? { [LABEL.name]: component, [LABEL.component]: component } : {}),
  };
}

export function selectorLabels(app: string, component: string): Record<string, string> {
  return { [LABEL.partOf]: app, [LABEL.name]: component };
}

/** `serviceName`: the component's service.name, when it sets one. */
export function serviceHost(app: string, namespace: string, component: string, serviceName?: string): string {
  return `${serviceName ?? componentName(app, component)}.${namespace}.svc.cluster.local`;
}

/** The host of a declared external service: a Service name in a namespace of the cluster, or a host name outside it. */
export function externalHost(appNamespace: string, s: { host: string; namespace?: string }): string {
  return s.host.includes('.') ? s.host : `${s.host}.${s.namespace ?? appNamespace}.svc.cluster.local`;
}
