/** Fleet-wide settings: `fleet.yaml`. */
import { z } from 'zod';
import { PlatformSettings } from './cluster.ts';
import { exactUrl, GitRevision, Name } from './common.ts';
import { dictOf } from './dict.ts';
import { FleetExternalService } from './external-service.ts';

/** Gates a version must pass before `flotilla promote` moves it into an environment. */
const PromotionGates = z
  .strictObject({
    soak: z
      .string()
      .regex(/^([0-9]+(d|h|m|s))+$/, { message: 'expected a duration such as 30m, 24h or 2d' })
      .optional()
      .describe(
        'How long the source environment must have run the versions, on the first-parent history of the default branch; any change there restarts it. Example: `24h`.',
      ),
    health: z
      .boolean()
      .optional()
      .describe(
        'Ask Argo CD first (needs --argocd-server): every source Application Synced at a revision with the versions, Healthy, and running the images. Default: `false`.',
      ),
  })
  .describe('Gates for promoting into this environment. Example: `{ soak: 24h, health: true }`.');

const Environment = PlatformSettings.extend({
  name: Name.describe('Environment name; clusters join it with `environment:`. Example: `staging`.'),
  promotion: PromotionGates.optional(),
  issuer: z
    .string()
    .min(1)
    .describe('cert-manager ClusterIssuer of route certificates in this environment; use a staging issuer outside production. Example: `letsencrypt-staging`.'),
  production: z.boolean().default(false).describe('Marks environments where a production issuer (such as letsencrypt-prod) is allowed. Default: `false`.'),
}).describe(
  'An environment, with the platform settings of its clusters. Example: `{ name: prod, baseDomain: example.com, issuer: letsencrypt-prod, production: true }`.',
);

const ChartRepo = z
  .string()
  .min(1)
  .regex(/^[^\s*?[\]{}!]+$/, {
    message: 'expected an exact chart repository, without wildcards (Argo CD would read them as a pattern matching any repository)',
  })
  .describe('An exact repository as Argo CD matches it (an OCI registry without `oci://`). Example: `https://charts.example.com`.');

const Team = z
  .strictObject({
    description: z.string().optional().describe('Free text for readers of the config; not written to generated objects. Example: `Web analytics`.'),
    chartRepos: z
      .array(ChartRepo)
      .optional()
      .describe(
        'Helm repositories the team may deploy from beyond those its apps declare (sourceRepos of its AppProject). Example: `[https://charts.example.com]`.',
      ),
  })
  .describe('A team: its AppProject confines its apps to their namespaces on their clusters. Example: `{ description: Web analytics }`.');

export const Fleet = z.strictObject({
  $schema: z.string().optional().describe('Path or URL of the JSON Schema for editors; Flotilla ignores it. Example: `generator/schemas/fleet.schema.json`.'),
  repo: z
    .strictObject({
      url: exactUrl(/^(https:\/\/|ssh:\/\/|git@)/, 'https://github.com/example-org/fleet.git').describe(
        'URL of this fleet repository as Argo CD reaches it: the source of every generated Application. Example: `https://github.com/example-org/fleet.git`.',
      ),
      revision: GitRevision.default('main').describe('Branch, tag or commit Argo CD deploys from (targetRevision). Default: `main`.'),
    })
    .describe('The fleet repository Argo CD reads the generated output from.'),
  argocd: z
    .strictObject({
      namespace: Name.default('argocd').describe('Namespace Argo CD runs in, where the AppProjects and ApplicationSets go. Default: `argocd`.'),
      version: z
        .string()
        .regex(/^v?[0-9]+\.[0-9]+(\.[0-9]+)?$/, { message: 'expected an Argo CD release such as 3.5 or v3.5.1' })
        .optional()
        .describe(
          'The Argo CD release the clusters run, so Flotilla can refuse what it cannot serve: below 3.0 resource tracking defaults to labels (declare `resourceTracking`), and preview evaluates ApplicationSets as v3.5.1 does. Default: not checked. Example: `"3.5"`.',
        ),
      resourceTracking: z
        .enum(['annotation', 'annotation+label', 'label'])
        .optional()
        .describe(
          "Argo CD's `application.resourceTrackingMethod` (argocd-cm). Flotilla needs `annotation` or `annotation+label`: under `label`, Argo CD overwrites `app.kubernetes.io/instance`, by which chart network policies select the chart's pods. Default: Argo CD's own default, `annotation` since 3.0. Example: `annotation`.",
        ),
    })
    .default({ namespace: 'argocd' })
    .describe('Where Argo CD runs, and which release and resource tracking it has. Default: `{ namespace: argocd }`.'),
  environments: z
    .array(Environment)
    .min(1, { message: 'expected at least one environment' })
    .describe(
      'Environments in promotion order (progressive rollout goes in this order). Example: `[{ name: dev, issuer: letsencrypt-staging }, { name: prod, ... }]`.',
    ),
  defaults: PlatformSettings.optional().describe(
    'Platform settings for every environment that does not set its own. Example: `{ ingressClass: nginx, storageClass: standard }`.',
  ),
  teams: dictOf(Name, Team).describe(
    'Every team that owns apps, by name; each gets its own AppProject. Example: `{ analytics: { description: Web analytics } }`.',
  ),
  externalServices: dictOf(Name, FleetExternalService)
    .optional()
    .describe(
      'Services outside the fleet that apps reach, declared once for every app, by name. Example: `{ smtp: { host: smtp.mailgun.org, ports: { submission: 587 } }, ledger-db: { host: ledger-db-rw, namespace: databases, ports: { postgres: 5432 } } }`.',
    ),
  rollout: z
    .strictObject({
      progressive: z
        .boolean()
        .default(false)
        .describe('Sync environments one after another with an Argo CD RollingSync strategy (progressive syncs must be enabled in Argo CD). Default: `false`.'),
    })
    .default({ progressive: false })
    .describe('How changes roll out. Default: `{ progressive: false }` (every environment syncs on its own).'),
  guards: z
    .strictObject({
      maxApplicationDeletions: z
        .number()
        .int()
        .min(0)
        .default(0)
        .describe('Most Argo CD Applications `commit` and `pr` may delete without `--allow-deletions`. Default: `0`.'),
    })
    .default({ maxApplicationDeletions: 0 })
    .describe('Guard rails of `commit` and `pr`. Default: `{ maxApplicationDeletions: 0 }`.'),
});

export type FleetSpec = z.output<typeof Fleet>;
export type EnvironmentSpec = FleetSpec['environments'][number];
export type PromotionGatesSpec = z.output<typeof PromotionGates>;
