/**
 * A delivery's side (committed or new) as the diff engine's input: its
 * Applications as the ApplicationSets generate them, each with the objects
 * its Kustomize path renders to, or, for a chart Application whose inputs
 * change, the objects helm rendered for it (chart-changes.ts). A chart
 * Application not rendered carries no objects: its inputs did not change, or
 * the summary names it, with why (ChangeSummary.chartsNotRendered).
 */
import { compareStrings } from '../diagnostics.ts';
import type { FleetSide, SideApplication } from '../diff/model.ts';
import { clustersOfPlan } from '../diff/plan-clusters.ts';
import type { ChartRenders } from '../helm/chart-applications.ts';
import type { K8sObject } from '../model/object.ts';
import { PLATFORM_PROJECT } from '../render/argocd/app-project.ts';
import type { FleetSnapshot } from './snapshot.ts';

const NONE: readonly K8sObject[] = Object.freeze([]);

/**
 * Null when the side's rendered objects are unknown (see FleetSnapshot.note). `charts`: this side's
 * chart objects; `failed`: chart Applications left out on both sides (one side did not render).
 */
export function fleetSideOf(snapshot: FleetSnapshot, charts: ChartRenders = new Map(), failed: ReadonlySet<string> = new Set()): FleetSide | null {
  const rendered = snapshot.rendered;
  if (!rendered) return null;
  const chartObjects = (name: string) => {
    const render = failed.has(name) ? undefined : charts.get(name);
    return render && 'objects' in render ? render.objects : undefined;
  };
  const applications: SideApplication[] = [...snapshot.inventory.applications.values()].map((ref) => ({
    name: ref.name,
    app: ref.app || ref.name,
    project: ref.project,
    ...(ref.project === PLATFORM_PROJECT ? { platform: true } : {}),
    appSet: ref.applicationSet,
    environment: ref.environment,
    cluster: ref.cluster,
    ...(ref.object ? { object: ref.object } : {}),
    objects: ref.kind === 'app' ? (rendered.get(ref.source) ?? NONE) : (chartObjects(ref.name) ?? NONE),
    unrendered: ref.kind === 'chart' && !chartObjects(ref.name) ? [`Helm chart with values ${ref.source}`] : [],
  }));
  // As `flotilla diff` reports them: a chart that failed to render on this side, in the diff's errors too.
  const chartErrors = [...charts].sort(([a], [b]) => compareStrings(a, b)).flatMap(([, render]) => ('error' in render ? [render.error] : []));
  return {
    applications,
    projects: snapshot.projects ?? [],
    ...(chartErrors.length ? { errors: chartErrors } : {}),
    ...(snapshot.plan ? { clusters: clustersOfPlan(snapshot.plan), warnings: snapshot.plan.warnings } : {}),
  };
}
