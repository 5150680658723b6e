/** Fleet-wide settings: `fleet.yaml`. */
import { z } from 'zod';
import { PlatformSettings } from './cluster.ts';
import { exactUrl, Name } from './common.ts';

const Environment = PlatformSettings.extend({
  name: Name,
  issuer: z.string().min(1).describe('cert-manager ClusterIssuer for this environment; use a staging issuer outside prod.'),
  production: z.boolean().default(false).describe("Marks environments where the Let's Encrypt production issuer belongs."),
});

export const Fleet = z.strictObject({
  $schema: z.string().optional(),
  repo: z.strictObject({
    url: exactUrl(/^(https:\/\/|ssh:\/\/|git@)/, 'https://github.com/example-org/fleet.git'),
    revision: z.string().min(1).default('main'),
  }),
  argocd: z.strictObject({ namespace: Name.default('argocd') }).default({ namespace: 'argocd' }),
  environments: z
    .array(Environment)
    .min(1, { message: 'expected at least one environment' })
    .describe('Ordered: promotion and progressive rollout go in this order.'),
  defaults: PlatformSettings.optional().describe('Settings for every environment unless it sets its own.'),
  teams: z
    .record(
      Name,
      z.strictObject({
        description: z.string().optional(),
        chartRepos: z
          .array(
            z
              .string()
              .min(1)
              .regex(/^[^\s*?[\]{}!]+$/, {
                message: 'expected an exact chart repository, without wildcards (Argo CD would read them as a pattern matching any repository)',
              }),
          )
          .optional()
          .describe('Extra Helm repositories the team may deploy from (sourceRepos of its AppProject).'),
      }),
    )
    .describe('Every team that owns apps; each gets its own AppProject.'),
  rollout: z
    .strictObject({
      progressive: z.boolean().default(false).describe('Argo CD RollingSync across the environment order (needs progressive syncs enabled in Argo CD).'),
    })
    .default({ progressive: false }),
  guards: z.strictObject({ maxApplicationDeletions: z.number().int().min(0).default(0) }).default({ maxApplicationDeletions: 0 }),
});

export type FleetSpec = z.output<typeof Fleet>;
export type EnvironmentSpec = FleetSpec['environments'][number];
