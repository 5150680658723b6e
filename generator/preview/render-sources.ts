/**
 * The in-process renderer on its own: every Kustomize path an Application can
 * point at (environment and cluster overlays) → the objects `kustomize build`
 * of it yields, straight from the plan — the same objects emit records in
 * FleetOutput.rendered (a test holds them equal), without writing patches or
 * YAML. The benchmark times this against kubectl kustomize.
 */
import { clusterOverlayPath, envOverlayPath, withLabels } from '../emit/kustomize.ts';
import { LABEL } from '../names.ts';
import type { FleetPlan } from '../plan/model.ts';
import type { K8sObject } from '../render/object.ts';
import { renderApp } from '../render/render-app.ts';

export function renderSources(fleet: FleetPlan): Map<string, K8sObject[]> {
  const rendered = new Map<string, K8sObject[]>();
  for (const app of fleet.apps) {
    for (const [env, variant] of app.envVariants) {
      // The environment overlay's `labels` transformer also covers the cluster overlays built on it.
      const envLabel = { [LABEL.environment]: env };
      rendered.set(envOverlayPath(env, app.name), withLabels(renderApp(fleet, app, variant), envLabel));
      for (const [cluster, cv] of app.clusterVariants) {
        if (cv.environment === env) rendered.set(clusterOverlayPath(env, app.name, cluster), withLabels(renderApp(fleet, app, cv), envLabel));
      }
    }
  }
  return rendered;
}
