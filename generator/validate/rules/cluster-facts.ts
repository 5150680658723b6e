/**
 * What the rules of one app may know of the clusters: a cluster's environment,
 * the clusters of an environment with their Kubernetes version, and a
 * cluster's default route kind. An app's rules run on a fleet of that one app
 * with no cluster list, and ask these instead, so an incremental run can
 * record the questions and keep the findings while every answer is the same:
 * a cluster that joins an environment changes nothing for an app no rule asked
 * that environment's clusters about.
 */
import type { RouteKindName } from '../../model/route-kinds.ts';
import { DEFAULT_KUBERNETES_VERSION } from '../schema/cluster.ts';
import type { ValidCluster } from '../validate-fleet.ts';

export interface ClusterFacts {
  /** The cluster's environment; undefined for no cluster of that name. */
  environmentOf(cluster: string): string | undefined;
  /** The clusters of an environment, in fleet order, with the Kubernetes version each runs. */
  inEnvironment(environment: string): { name: string; kubernetesVersion: string }[];
  /** The kind a route without `kind` gets on the cluster, where the cluster sets one. */
  ingressKind(cluster: string): RouteKindName | undefined;
}

/** The facts of a list of clusters; each index is made on first use. */
export function clusterFacts(clusters: readonly ValidCluster[]): ClusterFacts {
  let byName: Map<string, ValidCluster> | undefined;
  const named = (cluster: string) => {
    byName ??= new Map(clusters.map((c) => [c.name, c]));
    return byName.get(cluster);
  };
  return {
    environmentOf: (cluster) => named(cluster)?.spec.environment,
    inEnvironment: (environment) =>
      clusters
        .filter((c) => c.spec.environment === environment)
        .map((c) => ({ name: c.name, kubernetesVersion: c.spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION })),
    ingressKind: (cluster) => named(cluster)?.spec.settings?.ingressKind,
  };
}
