/**
 * computeFleetDiff(before, after): what changes on every cluster between two
 * builds of the fleet. Each build is reduced to the Applications its
 * ApplicationSets generate (evaluated as Argo CD would) with the objects each
 * one deploys (the in-process renderer's output, and the objects helm
 * rendered for chart Applications whose inputs changed, helm/chart-applications.ts);
 * the diff engine (generator/diff/) compares and groups them.
 */

import { previewApplications } from '../../appset/fleet-applications.ts';
import type { GeneratorEnv } from '../../appset/generators/types.ts';
import { diffFleets } from '../../diff/fleet-diff.ts';
import type { FleetDiff, FleetSide, SideApplication } from '../../diff/model.ts';
import { clustersOfPlan } from '../../diff/plan-clusters.ts';
import type { ChartRenders } from '../../helm/chart-applications.ts';
import type { K8sObject } from '../../model/object.ts';
import type { BuiltFleet } from '../../pipeline.ts';
import { PLATFORM_PROJECT } from '../../render/argocd/app-project.ts';
import { manifestsOf } from '../manifests.ts';

/** The chart objects of both sides (helm/chart-applications.ts); without them, chart Applications are compared as Applications only. */
export interface DiffCharts {
  before: ChartRenders;
  after: ChartRenders;
}

export function computeFleetDiff(before: BuiltFleet, after: BuiltFleet, env: GeneratorEnv = {}, charts?: DiffCharts): FleetDiff {
  const usable = charts ? usableCharts(charts) : undefined;
  return diffFleets(fleetSide(before, env, usable?.before, usable?.errors.base), fleetSide(after, env, usable?.after, usable?.errors.head));
}

/**
 * Leaves out both sides' chart objects of any Application whose charts failed on either side (its
 * objects would otherwise read as all added or all removed); the failures are reported as errors.
 */
function usableCharts(charts: DiffCharts): DiffCharts & { errors: { base: string[]; head: string[] } } {
  const failed = new Set<string>();
  const errors = { base: [] as string[], head: [] as string[] };
  for (const [label, renders] of [
    ['base', charts.before],
    ['head', charts.after],
  ] as const) {
    for (const [name, render] of renders) {
      if (!('error' in render)) continue;
      failed.add(name);
      errors[label].push(render.error);
    }
  }
  const keep = (renders: ChartRenders) => new Map([...renders].filter(([name]) => !failed.has(name)));
  return { before: keep(charts.before), after: keep(charts.after), errors };
}

/** One build as the diff engine's input. Applications that deploy the same Kustomize paths (and no chart) share one array of objects. */
export function fleetSide(built: BuiltFleet, env: GeneratorEnv = {}, charts?: ChartRenders, chartErrors: string[] = []): FleetSide {
  const preview = previewApplications(built.output.argocdObjects, env);
  const byPaths = new Map<string, K8sObject[]>();
  const applications: SideApplication[] = preview.applications.map((a) => {
    const m = manifestsOf(a, built.output.rendered, built.plan.repoUrl, charts);
    const rendered = charts?.get(a.name);
    const chartObjects = rendered !== undefined && 'objects' in rendered;
    const key = m.paths.join('\n');
    const objects = chartObjects ? m.objects : (byPaths.get(key) ?? m.objects);
    if (!chartObjects) byPaths.set(key, objects);
    return {
      name: a.name,
      ...(a.app !== undefined ? { app: a.app } : {}),
      project: a.project,
      ...(a.project === PLATFORM_PROJECT ? { platform: true } : {}),
      appSet: a.appSet,
      ...(a.environment !== undefined ? { environment: a.environment } : {}),
      cluster: a.cluster,
      object: a.object,
      objects,
      unrendered: [...(chartObjects ? [] : m.charts.map((c) => `${c.chart} ${c.version} (${c.repoURL})`)), ...m.unrendered],
    };
  });
  return {
    applications,
    projects: built.output.argocdObjects.filter((o) => o.kind === 'AppProject'),
    clusters: clustersOfPlan(built.plan),
    warnings: built.plan.warnings,
    errors: [...preview.errors.map((e) => `ApplicationSet ${e.appSet}: ${e.message}`), ...chartErrors],
  };
}
