/**
 * The static list-generator elements Flotilla computes. They are the whole
 * input of the ApplicationSet templates, so `preview` can evaluate exactly
 * what Argo CD will generate, and no outage inside Argo CD (a failed cluster
 * listing, an unreachable git generator) can shrink them to nothing.
 */

import { sortedEntries } from '../../model/object.ts';
import { chartValuesPath, clusterOverlayPath, envOverlayPath } from '../../model/paths.ts';
import type { AppPlan, ClusterPlan, FleetPlan } from '../../plan/model.ts';
import { chartReleaseName } from '../context.ts';

export interface ClusterElement {
  cluster: { name: string; id: string; server: string; environment: string; region: string };
}

export interface AppElement {
  app: { name: string; id: string; namespace: string; path: string; clusterPaths: Record<string, string> };
}

export interface ChartElement {
  chart: {
    release: string;
    id: string;
    app: string;
    namespace: string;
    repoURL: string;
    chart: string;
    version: string;
    valuesFile: string;
    clusterValuesFiles: Record<string, string>;
  };
}

export function clusterElement(c: ClusterPlan): ClusterElement {
  return { cluster: { name: c.name, id: c.applicationId, server: c.server, environment: c.environment, region: c.region } };
}

export function appElement(app: AppPlan, env: string): AppElement {
  const clusterPaths: Record<string, string> = {};
  for (const [cluster, v] of app.clusterVariants) if (v.environment === env) clusterPaths[cluster] = clusterOverlayPath(cluster, app.name);
  return {
    app: {
      name: app.name,
      id: app.applicationId,
      namespace: app.namespace,
      path: envOverlayPath(env, app.name),
      clusterPaths,
    },
  };
}

export function chartElements(app: AppPlan, env: string): ChartElement[] {
  const variant = app.envVariants.get(env)!;
  return sortedEntries(variant.body.charts ?? {}).map(([name, spec]) => {
    const clusterValuesFiles: Record<string, string> = {};
    for (const [cluster, v] of app.clusterVariants)
      if (v.environment === env && v.body.charts?.[name]) clusterValuesFiles[cluster] = chartValuesPath(clusterOverlayPath(cluster, app.name), name);
    return {
      chart: {
        release: chartReleaseName(app.applicationId, name),
        id: chartReleaseName(app.applicationId, name),
        app: app.name,
        namespace: spec.namespace ?? app.namespace,
        repoURL: spec.repo.startsWith('oci://') ? spec.repo.slice('oci://'.length) : spec.repo,
        chart: spec.chart,
        version: spec.version,
        valuesFile: chartValuesPath(envOverlayPath(env, app.name), name),
        clusterValuesFiles,
      },
    };
  });
}

export function clustersOf(fleet: FleetPlan, env: string): ClusterPlan[] {
  return fleet.clusters.filter((c) => c.environment === env);
}
