/**
 * The in-process renderer on its own: every Kustomize path an Application can
 * point at (environment and cluster overlays, the platform's namespaces) → the objects `kustomize build`
 * of it yields, straight from the plan — the same objects emit records in
 * FleetOutput.rendered (a test holds them equal), without writing patches or
 * YAML. The benchmark times this against kubectl kustomize.
 */
import { withLabels } from '../emit/kustomize.ts';
import { LABEL } from '../model/names.ts';
import type { K8sObject } from '../model/object.ts';
import { clusterOverlayPath, envOverlayPath, namespacesPath } from '../model/paths.ts';
import { fleetView } from '../plan/fleet-view.ts';
import type { AppPlan, AppVariant, FleetPlan } from '../plan/model.ts';
import { namespacesByEnvironment, renderNamespace } from '../render/argocd/namespaces.ts';
import { renderApp } from '../render/render-app.ts';

/** One Kustomize path and the variant of an app it renders. */
export interface SourceTarget {
  path: string;
  app: AppPlan;
  variant: AppVariant;
  environment: string;
}

export function sourceTargets(fleet: FleetPlan): SourceTarget[] {
  const targets: SourceTarget[] = [];
  for (const app of fleet.apps) {
    for (const [env, variant] of app.envVariants) {
      targets.push({ path: envOverlayPath(env, app.name), app, variant, environment: env });
      for (const [cluster, cv] of app.clusterVariants) {
        if (cv.environment === env) targets.push({ path: clusterOverlayPath(cluster, app.name), app, variant: cv, environment: env });
      }
    }
  }
  return targets;
}

export function renderTarget(fleet: FleetPlan, t: SourceTarget): K8sObject[] {
  // The environment overlay's `labels` transformer also covers the cluster overlays built on it.
  return withLabels(renderApp(fleetView(fleet), t.app, t.variant), { [LABEL.environment]: t.environment });
}

/** Every path: the apps' overlays, and the platform's namespaces per environment. */
export function renderSources(fleet: FleetPlan): Map<string, K8sObject[]> {
  const out = new Map(sourceTargets(fleet).map((t) => [t.path, renderTarget(fleet, t)]));
  for (const [env, namespaces] of namespacesByEnvironment(fleet)) out.set(namespacesPath(env), namespaces.map(renderNamespace));
  return out;
}
