/** Iterates every validated variant of every app with the layers that locate its values. */
import type { AppBodySpec } from '../schema/app.ts';
import type { ValidApp } from '../validate-fleet.ts';
import type { SourceLayer } from '../zod-errors.ts';
import type { RuleContext } from './context.ts';

export interface Variant {
  app: ValidApp;
  body: AppBodySpec;
  layers: SourceLayer[];
  /** null for the app body itself, which is rendered on its own as the base. */
  environment: string | null;
  cluster?: string;
}

/** Every variant that is rendered, the base included: each must hold up on its own. */
export function* variants(ctx: RuleContext): Generator<Variant> {
  for (const app of ctx.fleet.apps) {
    yield { app, body: baseBody(app), environment: null, layers: app.layers.get('')! };
    for (const [environment, body] of app.envBodies) yield { app, body, environment, layers: app.layers.get(`env:${environment}`)! };
    for (const [cluster, body] of app.clusterBodies)
      yield { app, body, environment: ctx.clusters.environmentOf(cluster)!, cluster, layers: app.layers.get(`cluster:${cluster}`)! };
  }
}

/** Another app as a variant in `environment` sees it: its base for the base, else its environment variant. */
export function bodyIn(app: ValidApp, environment: string | null): AppBodySpec | undefined {
  return environment === null ? baseBody(app) : app.envBodies.get(environment);
}

export function describeVariant(v: Variant): string {
  return v.cluster ? `cluster ${v.cluster}` : v.environment ? `environment ${v.environment}` : 'the app body';
}

/** The app body as written. Only a variant takes chart versions from the release section, so the base may lack them. */
export function baseBody(app: ValidApp): AppBodySpec {
  return app.spec as AppBodySpec;
}
