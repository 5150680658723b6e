/**
 * The objects that hold data which this run's output deletes or replaces,
 * compared with the output of the run before it, found from the job records
 * alone: each record keeps its app's data-holding objects per Kustomize path
 * (reduced to what the comparison reads: model/stateful.ts dataView) and the
 * clusters with an overlay of their own; the run record keeps the clusters. An
 * app whose job was reused, on the same clusters, is not looked at, so the cost
 * follows the change — where building the fleet at HEAD to compare with cost
 * two whole cold runs.
 */
import type { K8sObject } from '../model/object.ts';
import { clusterOverlayPath, envOverlayPath } from '../model/paths.ts';
import { type DataRisk, dataAtRisk, dataView, holdsData, type PlacedDataRisk } from '../model/stateful.ts';
import type { AppPlan, FleetPlan } from '../plan/model.ts';

/** One app's objects that hold data, and which clusters deploy which of its Kustomize paths. */
export interface AppDataRecord {
  /** The app's name on the clusters (kept across a rename, like its Applications' names). */
  applicationId: string;
  /** The objects that hold data, per Kustomize path of the app (paths without any are left out). */
  byPath: [string, K8sObject[]][];
  /** The environments it deploys to: every cluster of them deploys it. */
  environments: string[];
  /** Clusters that deploy an overlay of their own, not their environment's. */
  ownOverlays: string[];
}

/** A cluster as Applications know it: its name, its name in Application names, its environment. */
export type ClusterEntry = [name: string, applicationId: string, environment: string];

export function clusterEntries(plan: FleetPlan): ClusterEntry[] {
  return plan.clusters.map((c) => [c.name, c.applicationId, c.environment]);
}

/** The data-holding objects of a job's rendered output, reduced to what the comparison reads. */
export function dataOfRendered(rendered: ReadonlyMap<string, K8sObject[]>): [string, K8sObject[]][] {
  const byPath: [string, K8sObject[]][] = [];
  for (const [path, objects] of rendered) {
    const data = objects.filter(holdsData).map(dataView);
    if (data.length > 0) byPath.push([path, data]);
  }
  return byPath;
}

/** The record of an app's data as this run deploys it (none for an app without such objects). */
export function placeData(app: AppPlan, byPath: [string, K8sObject[]][]): AppDataRecord | undefined {
  if (byPath.length === 0) return undefined;
  return { applicationId: app.applicationId, byPath, environments: [...app.envVariants.keys()], ownOverlays: [...app.clusterVariants.keys()] };
}

/** The fleet's side of a comparison: each app's record, and the clusters of that run. */
export interface DataSide {
  apps: ReadonlyMap<string, AppDataRecord | undefined>;
  clusters: readonly ClusterEntry[];
  /**
   * Every object of each Kustomize path rendered this run, where known: an object that no longer
   * holds data (its mark removed) is then still there, not deleted, as the whole objects show.
   */
  rendered?: ReadonlyMap<string, K8sObject[]>;
}

/**
 * Risks, Application by Application, between the last run and this one.
 * Applications are matched by name, as Argo CD matches them, so a renamed app
 * or cluster that keeps its Application names is the same Application. An app
 * whose objects are the very same (a reused job) on the same clusters is
 * skipped without comparing.
 */
export function dataRisksBetween(before: DataSide, after: DataSide): PlacedDataRisk[] {
  const next = new Map<string, { app: string; data: AppDataRecord }>();
  for (const [app, data] of after.apps) if (data) next.set(data.applicationId, { app, data });
  const changed = environmentsWithChangedClusters(before.clusters, after.clusters);
  const risks: PlacedDataRisk[] = [];
  for (const [oldApp, was] of before.apps) {
    if (!was) continue; // nothing held data there: nothing to lose
    const now = next.get(was.applicationId);
    const is = now?.data;
    // Every cluster it was on is still there as it was: the same objects on each (a cluster added elsewhere changes nothing).
    if (is && is.byPath === was.byPath && samePlacement(was, is) && !was.environments.some((env) => changed.has(env))) continue;
    const oldPaths = new Map(was.byPath);
    const newPaths = new Map(is?.byPath ?? []);
    const newClusters = new Map(placements(after.clusters, now?.app, is).map((p) => [p.id, p]));
    // Clusters of an environment deploy the same paths: each pair of paths is compared once, not once per cluster.
    const compared = new Map<string, DataRisk[]>();
    for (const { name: oldCluster, id, path: oldPath } of placements(before.clusters, oldApp, was)) {
      const cluster = newClusters.get(id);
      const pair = `${oldPath}\0${cluster?.path ?? ''}`;
      let found = compared.get(pair);
      if (!found) {
        const objects = cluster ? (after.rendered?.get(cluster.path) ?? newPaths.get(cluster.path) ?? []) : [];
        found = dataAtRisk(oldPaths.get(oldPath) ?? [], objects);
        compared.set(pair, found);
      }
      for (const risk of found) risks.push({ ...risk, app: now?.app ?? oldApp, cluster: cluster?.name ?? oldCluster });
    }
  }
  return risks;
}

/** Environments where a cluster of the last run is gone or is not the same (its name, Application name or environment). */
function environmentsWithChangedClusters(before: readonly ClusterEntry[], after: readonly ClusterEntry[]): Set<string> {
  const now = new Set(after.map((entry) => entry.join('\0')));
  return new Set(before.filter((entry) => !now.has(entry.join('\0'))).map(([, , env]) => env));
}

/** The clusters an app deploys to, and the Kustomize path each one's Application builds. */
function placements(clusters: readonly ClusterEntry[], app: string | undefined, data: AppDataRecord | undefined) {
  if (!app || !data) return [];
  const own = new Set(data.ownOverlays);
  return clusters
    .filter(([, , env]) => data.environments.includes(env))
    .map(([name, id, env]) => ({ name, id, path: own.has(name) ? clusterOverlayPath(name, app) : envOverlayPath(env, app) }));
}

/** The same objects (by identity: a reused job's) on the same clusters. */
export function sameData(a: AppDataRecord | undefined, b: AppDataRecord | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.byPath === b.byPath && samePlacement(a, b));
}

function samePlacement(a: AppDataRecord, b: AppDataRecord): boolean {
  return a.environments.join() === b.environments.join() && a.ownOverlays.join() === b.ownOverlays.join();
}
