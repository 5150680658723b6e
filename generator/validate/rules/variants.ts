/** Iterates every validated variant of every app with the layers that locate its values. */
import type { AppBodySpec } from '../schema/app.ts';
import type { ValidApp } from '../validate-fleet.ts';
import type { SourceLayer } from '../zod-errors.ts';
import type { RuleContext } from './context.ts';

export interface Variant {
  app: ValidApp;
  body: AppBodySpec;
  layers: SourceLayer[];
  environment: string;
  cluster?: string;
}

export function* variants(ctx: RuleContext): Generator<Variant> {
  const envOf = new Map(ctx.fleet.clusters.map((c) => [c.name, c.spec.environment]));
  for (const app of ctx.fleet.apps) {
    for (const [environment, body] of app.envBodies) yield { app, body, environment, layers: app.layers.get(`env:${environment}`)! };
    for (const [cluster, body] of app.clusterBodies)
      yield { app, body, environment: envOf.get(cluster)!, cluster, layers: app.layers.get(`cluster:${cluster}`)! };
  }
}
