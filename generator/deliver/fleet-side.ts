/**
 * A delivery's side (committed or new) as the diff engine's input: its
 * Applications as the ApplicationSets generate them, each with the objects
 * its Kustomize path renders to. Helm chart Applications carry no objects
 * here (Flotilla does not render charts for deliveries); their Application
 * object and values file still tell a change.
 */
import type { FleetSide, SideApplication } from '../diff/model.ts';
import { clustersOfPlan } from '../diff/plan-clusters.ts';
import type { K8sObject } from '../model/object.ts';
import { PLATFORM_PROJECT } from '../render/argocd/app-project.ts';
import type { FleetSnapshot } from './snapshot.ts';

const NONE: readonly K8sObject[] = Object.freeze([]);

/** Null when the side's rendered objects are unknown (see FleetSnapshot.note). */
export function fleetSideOf(snapshot: FleetSnapshot): FleetSide | null {
  const rendered = snapshot.rendered;
  if (!rendered) return null;
  const applications: SideApplication[] = [...snapshot.inventory.applications.values()].map((ref) => ({
    name: ref.name,
    app: ref.app || ref.name,
    project: ref.project,
    ...(ref.project === PLATFORM_PROJECT ? { platform: true } : {}),
    appSet: ref.applicationSet,
    environment: ref.environment,
    cluster: ref.cluster,
    ...(ref.object ? { object: ref.object } : {}),
    objects: ref.kind === 'app' ? (rendered.get(ref.source) ?? NONE) : NONE,
    unrendered: ref.kind === 'chart' ? [`Helm chart with values ${ref.source}`] : [],
  }));
  return {
    applications,
    projects: snapshot.projects ?? [],
    ...(snapshot.plan ? { clusters: clustersOfPlan(snapshot.plan), warnings: snapshot.plan.warnings } : {}),
  };
}
