/**
 * A cluster's capacity limits bound every workload placed on it. One error
 * per problem, at the line that asks for too much, naming every cluster whose
 * limit it breaks (the limit itself is not the cause).
 */
import type { RuleContext } from './context.ts';
import { GroupedErrors } from './grouped.ts';

export function capacityRules(ctx: RuleContext): void {
  const errors = new GroupedErrors();
  for (const cluster of ctx.fleet.clusters) {
    const max = cluster.spec.capacity?.maxReplicas;
    if (max === undefined) continue;
    for (const app of ctx.fleet.apps) {
      const body = app.clusterBodies.get(cluster.name) ?? app.envBodies.get(cluster.spec.environment);
      if (!body) continue;
      const layers = app.layers.get(`cluster:${cluster.name}`) ?? app.layers.get(`env:${cluster.spec.environment}`)!;
      for (const [name, c] of Object.entries(body.components)) {
        const asked = Math.max(c.replicas ?? 1, c.autoscaling?.max ?? 0);
        if (asked <= max) continue;
        const field = c.autoscaling && c.autoscaling.max >= (c.replicas ?? 1) ? ['autoscaling', 'max'] : ['replicas'];
        errors.add(layers, ['components', name, ...field], `capacity ${asked} ${max}`, `cluster ${cluster.name}`, (places) => ({
          message: `asks for ${asked} replicas on ${places}, whose capacity.maxReplicas is ${max}`,
          hint: `Lower it there (an override under apps.${app.name} in the cluster file), or raise capacity.maxReplicas.`,
        }));
      }
    }
  }
  errors.flush(ctx);
}
