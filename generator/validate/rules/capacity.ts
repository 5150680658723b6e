/** A cluster's capacity limits bound every workload placed on it. */
import { fileLayer, type RuleContext } from './context.ts';

export function capacityRules(ctx: RuleContext): void {
  for (const cluster of ctx.fleet.clusters) {
    const max = cluster.spec.capacity?.maxReplicas;
    if (max === undefined) continue;
    for (const app of ctx.fleet.apps) {
      const body = app.clusterBodies.get(cluster.name) ?? app.envBodies.get(cluster.spec.environment);
      if (!body) continue;
      const layers = app.layers.get(`cluster:${cluster.name}`) ?? app.layers.get(`env:${cluster.spec.environment}`)!;
      for (const [name, c] of Object.entries(body.components)) {
        const asked = Math.max(c.replicas ?? 1, c.autoscaling?.max ?? 0);
        if (asked > max) {
          const field = c.autoscaling && c.autoscaling.max >= (c.replicas ?? 1) ? ['autoscaling', 'max'] : ['replicas'];
          ctx.error(
            layers,
            ['components', name, ...field],
            `asks for ${asked} replicas on cluster ${cluster.name}, whose capacity.maxReplicas is ${max}`,
            `Lower it for this cluster (clusters/${cluster.name}.yaml apps.${app.name}) or raise the cluster's capacity.`,
          );
          ctx.error(fileLayer(cluster.parsed), ['capacity', 'maxReplicas'], `app ${app.name} component ${name} asks for ${asked} replicas, above this limit`);
        }
      }
    }
  }
}
