/** What a renderer needs to know about its target: the app, the variant being rendered and the fleet. */

import { LABEL, MANAGED_BY } from '../model/names.ts';
import type { AppPlan, AppVariant, FleetView } from '../plan/model.ts';

export interface RenderTarget {
  /** The rest of the fleet, through the methods the incremental cache records. */
  fleet: FleetView;
  app: AppPlan;
  variant: AppVariant;
}

/** Workload and Service name: `<app>-<component>`, or just `<app>` for its namesake component. */
export function componentName(app: string, component: string): string {
  return component === app ? app : `${app}-${component}`;
}

export function chartReleaseName(app: string, chart: string): string {
  return chart === app ? app : `${app}-${chart}`;
}

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
