/**
 * The objects that hold data which this run's output deletes or replaces,
 * compared with the output of the run before it, found from the job records
 * alone: each record keeps its app's data-holding objects per Kustomize path
 * and the path each cluster deploys. An app whose job was reused, on the same
 * clusters, is not looked at, so the cost follows the change — where building
 * the fleet at HEAD to compare with costs two whole cold runs.
 */

import type { K8sObject } from '../model/object.ts';
import { clusterOverlayPath, envOverlayPath } from '../model/paths.ts';
import { dataAtRisk, holdsData, type PlacedDataRisk } from '../model/stateful.ts';
import type { AppPlan, FleetPlan } from '../plan/model.ts';

/** One app's objects that hold data, and where each cluster gets them from. */
export interface AppDataRecord {
  /** The app's name on the clusters (kept across a rename, like its Applications' names). */
  applicationId: string;
  /** The objects that hold data, per Kustomize path of the app (paths without any are left out). */
  byPath: [string, K8sObject[]][];
  /** Each cluster the app deploys to: its name, its name in Application names, the Kustomize path its Application builds. */
  clusters: [string, string, string][];
}

/** The data-holding objects of a job's rendered output (placed on clusters by `placeData`). */
export function dataOfRendered(rendered: ReadonlyMap<string, K8sObject[]>): [string, K8sObject[]][] {
  const byPath: [string, K8sObject[]][] = [];
  for (const [path, objects] of rendered) {
    const data = objects.filter(holdsData);
    if (data.length > 0) byPath.push([path, data]);
  }
  return byPath;
}

/** The record of an app's data on the clusters it deploys to now (none for an app without such objects). */
export function placeData(plan: FleetPlan, app: AppPlan, byPath: [string, K8sObject[]][]): AppDataRecord | undefined {
  if (byPath.length === 0) return undefined;
  const clusters: [string, string, string][] = [];
  for (const cluster of plan.clusters) {
    if (!app.envVariants.has(cluster.environment)) continue;
    const path = app.clusterVariants.has(cluster.name) ? clusterOverlayPath(cluster.name, app.name) : envOverlayPath(cluster.environment, app.name);
    clusters.push([cluster.name, cluster.applicationId, path]);
  }
  return { applicationId: app.applicationId, byPath, clusters };
}

/**
 * Risks, Application by Application, between the records of the last run and
 * this one (keyed by app name). Applications are matched by name, as Argo CD
 * matches them, so a renamed app or cluster that keeps its Application names
 * is the same Application. A record whose objects are the very same (a reused
 * job) on the same clusters is skipped without comparing.
 */
export function dataRisksBetween(
  before: ReadonlyMap<string, AppDataRecord | undefined>,
  after: ReadonlyMap<string, AppDataRecord | undefined>,
): PlacedDataRisk[] {
  const next = new Map<string, { app: string; data: AppDataRecord }>();
  for (const [app, data] of after) if (data) next.set(data.applicationId, { app, data });
  const risks: PlacedDataRisk[] = [];
  for (const [oldApp, was] of before) {
    if (!was) continue; // nothing held data there: nothing to lose
    const now = next.get(was.applicationId);
    const is = now?.data;
    if (is && is.byPath === was.byPath && samePlacement(was, is)) continue;
    const oldPaths = new Map(was.byPath);
    const newPaths = new Map(is?.byPath ?? []);
    const newClusters = new Map((is?.clusters ?? []).map(([name, id, path]) => [id, { name, path }]));
    for (const [oldCluster, id, oldPath] of was.clusters) {
      const cluster = newClusters.get(id);
      const objects = cluster ? (newPaths.get(cluster.path) ?? []) : [];
      for (const risk of dataAtRisk(oldPaths.get(oldPath) ?? [], objects)) {
        risks.push({ ...risk, app: now?.app ?? oldApp, cluster: cluster?.name ?? oldCluster });
      }
    }
  }
  return risks;
}

function samePlacement(a: AppDataRecord, b: AppDataRecord): boolean {
  if (a.clusters.length !== b.clusters.length) return false;
  return a.clusters.every((c, i) => c[0] === b.clusters[i][0] && c[1] === b.clusters[i][1] && c[2] === b.clusters[i][2]);
}
