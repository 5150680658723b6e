/** A fleet plan's clusters as the diff engine names sets of them: by environment, in promotion order. */
import type { FleetPlan } from '../plan/model.ts';
import type { ClusterRef } from './model.ts';

export function clustersOfPlan(plan: FleetPlan): ClusterRef[] {
  const order = new Map(plan.environments.map((e, i) => [e.name, i]));
  return plan.clusters
    .map((c) => ({ name: c.name, environment: c.environment }))
    .sort((a, b) => (order.get(a.environment) ?? order.size) - (order.get(b.environment) ?? order.size) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
