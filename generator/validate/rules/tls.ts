/**
 * Let's Encrypt rate limits (5 duplicate certificates per week, 50 per registered domain)
 * must never be spent by test environments: outside production, the issuer may
 * not be a production ACME issuer.
 */
import { fileLayer, type RuleContext } from './context.ts';

const PRODUCTION_ISSUER = /(^|[-_.])(prod|production)([-_.]|$)/;

export function tlsRules(ctx: RuleContext): void {
  const layer = fileLayer(ctx.fleet.fleetFile);
  ctx.fleet.fleet.environments.forEach((env, i) => {
    if (!env.production && PRODUCTION_ISSUER.test(env.issuer)) {
      ctx.error(
        layer,
        ['environments', i, 'issuer'],
        `environment "${env.name}" is not production but uses the production issuer "${env.issuer}"`,
        "Use a staging issuer (e.g. letsencrypt-staging) so test environments never hit Let's Encrypt rate limits, or mark the environment production: true.",
      );
    }
  });
  for (const cluster of ctx.fleet.clusters) {
    const env = ctx.fleet.fleet.environments.find((e) => e.name === cluster.spec.environment);
    const issuer = cluster.spec.settings?.issuer;
    if (env && issuer && !env.production && PRODUCTION_ISSUER.test(issuer)) {
      ctx.error(
        fileLayer(cluster.parsed),
        ['settings', 'issuer'],
        `cluster in non-production environment "${env.name}" uses the production issuer "${issuer}"`,
        'Use a staging issuer outside production.',
      );
    }
  }
}
