/**
 * One synthetic app in Flotilla's real config language, shaped like the apps
 * platform teams run: 2–6 components (web, api, workers, a PostgreSQL
 * StatefulSet with a claim template, a cache, CronJobs, a PVC consumer),
 * ConfigMaps, external secrets, routes, metrics and alerts, HPAs in prod,
 * network edges inside the app and to other apps, and a few env overrides.
 */
import type { Random } from './random.ts';

export interface AppShape {
  name: string;
  team: string;
  /** Environments it runs in (in fleet order). */
  environments: string[];
  /** Other apps may talk to it: it runs everywhere and has an `api` component. */
  isTarget: boolean;
  /** A Deployment container a cluster override can change. */
  tunable: { component: string; container: string };
  /** The `apps/<name>.yaml` document. */
  spec: Record<string, unknown>;
}

export interface AppContext {
  environments: string[];
  team: string;
  /** Earlier apps other apps may depend on. */
  targets: string[];
}

const EXTRAS = ['db', 'cache', 'worker', 'cron-nightly', 'cron-hourly', 'importer'] as const;
type Extra = (typeof EXTRAS)[number];

export function makeApp(r: Random, name: string, ctx: AppContext): AppShape {
  const size = r.int(2, 6);
  const hasWeb = r.chance(0.7);
  const hasApi = !hasWeb || r.chance(0.75);
  const front = [...(hasWeb ? ['web'] : []), ...(hasApi ? ['api'] : [])];
  const extras = shuffle(r, [...EXTRAS]).slice(0, Math.max(0, size - front.length)) as Extra[];
  const has = (c: string) => front.includes(c) || extras.includes(c as Extra);
  const needsFiles = has('importer') || (extras.some((e) => e.startsWith('cron-')) && r.chance(0.5));
  const upstream = hasApi && ctx.targets.length > 0 && r.chance(0.4) ? r.pick(ctx.targets) : undefined;
  const chart = r.chance(0.05);
  const serviceAccount = r.chance(0.3);
  const image = (part: string) => `registry.example.com/${ctx.team}/${name}-${part}:1.${r.int(0, 30)}.${r.int(0, 9)}`;
  const build: Builder = { name, r, has, image, needsFiles, upstream, chart, serviceAccount };

  const components: Record<string, unknown> = {};
  if (hasWeb) components.web = web(build);
  if (hasApi) components.api = api(build);
  for (const extra of extras) components[extra] = EXTRA_BUILDERS[extra](build);

  const runsEverywhere = r.chance(0.85);
  const environments = runsEverywhere ? ctx.environments : ctx.environments.slice(1);
  const spec: Record<string, unknown> = {
    team: ctx.team,
    namespace: name,
    description: `Synthetic app ${name}`,
    ...(runsEverywhere ? {} : { deployTo: environments }),
    components,
    configMaps: {
      settings: { data: { 'app.properties': `app.name=${name}\ncache.ttl=${r.int(30, 600)}\nfeature.search=true\n`, FEATURE_FLAGS: 'search,exports' } },
    },
    secrets: secrets(build),
    ...(needsFiles ? { pvcs: { files: { size: `${r.int(1, 50)}Gi`, accessMode: 'ReadWriteMany' } } } : {}),
    ...(serviceAccount ? { serviceAccounts: { runtime: { imagePullSecrets: ['registry'] } } } : {}),
    ...routes(build),
    ...(chart ? { charts: { redis: redisChart() } } : {}),
    environments: envOverrides(build, environments),
  };
  return {
    name,
    team: ctx.team,
    environments,
    isTarget: runsEverywhere && hasApi,
    tunable: hasWeb ? { component: 'web', container: 'web' } : { component: 'api', container: 'api' },
    spec,
  };
}

interface Builder {
  name: string;
  r: Random;
  has: (component: string) => boolean;
  image: (part: string) => string;
  needsFiles: boolean;
  upstream?: string;
  chart: boolean;
  serviceAccount: boolean;
}

const RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };

function web(b: Builder): Record<string, unknown> {
  return {
    replicas: 2,
    ...(b.serviceAccount ? { serviceAccount: 'runtime' } : {}),
    containers: {
      web: {
        image: b.image('web'),
        ports: { http: 8080 },
        env: { LOG_LEVEL: 'info', ...(b.has('api') ? { API_URL: { service: 'api', port: 'http' } } : {}) },
        mounts: { config: { path: `/etc/${b.name}`, readOnly: true } },
        probes: {
          readiness: { http: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
          liveness: { http: { path: '/healthz', port: 'http' }, initialDelaySeconds: 20 },
        },
        resources: RESOURCES,
      },
    },
    volumes: { config: { configMap: 'settings' } },
    ...(b.has('api') ? { talksTo: ['api'] } : {}),
  };
}

function api(b: Builder): Record<string, unknown> {
  const env: Record<string, unknown> = { LOG_LEVEL: 'info', HTTP_PORT: '8000' };
  if (b.has('db')) Object.assign(env, { DATABASE_HOST: { service: 'db' }, DATABASE_PASSWORD: { secret: 'db', key: 'password' } });
  if (b.has('cache')) env.REDIS_HOST = { service: 'cache', port: 'redis' };
  if (b.upstream) env.UPSTREAM_URL = { service: 'api', app: b.upstream, port: 'http' };
  env.SIGNING_KEY = { secret: 'api-keys', key: 'signing-key' };
  const talksTo: unknown[] = [...(b.has('db') ? ['db'] : []), ...(b.has('cache') ? ['cache'] : [])];
  if (b.upstream) talksTo.push({ app: b.upstream, component: 'api' });
  if (b.chart) talksTo.push({ chart: 'redis', port: 6379 });
  if (b.r.chance(0.3)) talksTo.push({ cidr: '10.60.0.0/16', ports: [443] });
  return {
    replicas: 2,
    ...(b.serviceAccount ? { serviceAccount: 'runtime' } : {}),
    containers: {
      api: {
        image: b.image('api'),
        ports: { http: 8000, metrics: 9090 },
        env,
        envFrom: [{ configMap: 'settings' }],
        probes: { readiness: { http: { path: '/ready', port: 'http' } }, liveness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 15 } },
        resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      },
    },
    metrics: { port: 'metrics' },
    ...(b.r.chance(0.3)
      ? {
          alerts: {
            ApiErrorRate: {
              expr: `sum(rate(http_requests_total{namespace="${b.name}",status=~"5.."}[5m])) > 1`,
              for: '10m',
              severity: 'critical',
              summary: `${b.name} API returns errors.`,
            },
          },
        }
      : {}),
    ...(talksTo.length ? { talksTo } : {}),
  };
}

const EXTRA_BUILDERS: Record<Extra, (b: Builder) => Record<string, unknown>> = {
  db: () => ({
    kind: 'StatefulSet',
    replicas: 1,
    containers: {
      postgres: {
        image: 'postgres:16.3',
        runAsUser: 999,
        ports: { postgres: 5432 },
        env: { POSTGRES_DB: 'app', PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_PASSWORD: { secret: 'db', key: 'password' } },
        mounts: { data: '/var/lib/postgresql/data', run: '/var/run/postgresql' },
        probes: { readiness: { tcp: 'postgres', initialDelaySeconds: 10 }, liveness: { tcp: 'postgres', initialDelaySeconds: 30 } },
        resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
      },
    },
    volumes: { data: { claimTemplate: true }, run: { emptyDir: {} } },
    claimTemplates: { data: { size: '20Gi' } },
    service: { headless: true },
  }),
  cache: () => ({
    replicas: 1,
    containers: {
      redis: {
        image: 'redis:7.2-alpine',
        runAsUser: 999,
        ports: { redis: 6379 },
        probes: { readiness: { tcp: 'redis' }, liveness: { tcp: 'redis', initialDelaySeconds: 10 } },
        resources: RESOURCES,
      },
    },
  }),
  worker: (b) => ({
    replicas: 1,
    containers: {
      worker: {
        image: b.image('worker'),
        command: ['/app/worker', '--queue', 'default'],
        env: { QUEUE: 'default', ...(b.has('api') ? { API_URL: { service: 'api', port: 'http' } } : {}) },
        ...(b.has('db') ? { envFrom: [{ secret: 'db' }] } : {}),
        resources: RESOURCES,
      },
    },
    talksTo: [...(b.has('api') ? ['api'] : []), ...(b.has('db') ? ['db'] : [])],
  }),
  'cron-nightly': (b) => cronJob(b, '0 2 * * *', ['/app/job', 'nightly-report']),
  'cron-hourly': (b) => cronJob(b, '15 * * * *', ['/app/job', 'sync']),
  importer: (b) => ({
    replicas: 1,
    containers: {
      importer: { image: b.image('importer'), command: ['/app/importer', '--watch', '/data/inbox'], mounts: { files: '/data' }, resources: RESOURCES },
    },
    volumes: { files: { pvc: 'files' } },
  }),
};

function cronJob(b: Builder, schedule: string, command: string[]): Record<string, unknown> {
  return {
    kind: 'CronJob',
    schedule,
    concurrencyPolicy: 'Forbid',
    activeDeadlineSeconds: 3000,
    containers: {
      job: {
        image: b.image('jobs'),
        command,
        ...(b.has('db') ? { envFrom: [{ secret: 'db' }] } : {}),
        ...(b.needsFiles ? { mounts: { files: '/data' } } : {}),
        resources: RESOURCES,
      },
    },
    ...(b.needsFiles ? { volumes: { files: { pvc: 'files' } } } : {}),
    ...(b.has('db') ? { talksTo: ['db'] } : {}),
  };
}

function secrets(b: Builder): Record<string, unknown> {
  const vault = (data: Record<string, string>) => ({
    externalSecret: {
      store: 'vault',
      data: Object.fromEntries(Object.entries(data).map(([k, p]) => [k, { key: `${b.name}/${p.split('.')[0]}`, property: p.split('.')[1] }])),
    },
  });
  return {
    ...(b.has('db') ? { db: vault({ password: 'db.password', username: 'db.username' }) } : {}),
    ...(b.has('api') ? { 'api-keys': vault({ 'signing-key': 'app.signing-key' }) } : {}),
    ...(b.serviceAccount ? { registry: { existing: true, type: 'kubernetes.io/dockerconfigjson' } } : {}),
  };
}

function routes(b: Builder): Record<string, unknown> {
  if (b.has('web'))
    return { routes: { web: { host: b.name, paths: { '/': 'web', ...(b.has('api') ? { '/api': { component: 'api', port: 'http' } } : {}) } } } };
  if (b.r.chance(0.5)) return { routes: { api: { host: `${b.name}-api`, paths: { '/': { component: 'api', port: 'http' } } } } };
  return {};
}

function redisChart(): Record<string, unknown> {
  return {
    repo: 'oci://registry-1.docker.io/bitnamicharts',
    chart: 'redis',
    version: '17.17.1',
    values: {
      architecture: 'standalone',
      auth: { existingSecret: 'redis', existingSecretPasswordKey: 'redis-password' },
      master: { persistence: { size: '2Gi' } },
    },
  };
}

/** The first environment scales down, the last (production) scales out; some apps tune the ones between. */
function envOverrides(b: Builder, environments: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const front = b.has('web') ? 'web' : 'api';
  const [first, last] = [environments[0], environments[environments.length - 1]];
  if (environments.length > 1) {
    out[first] = {
      components: { [front]: { replicas: 1 }, ...(b.has('api') ? { api: { replicas: 1, containers: { api: { env: { LOG_LEVEL: 'debug' } } } } } : {}) },
      ...(b.needsFiles ? { pvcs: { files: { size: '1Gi', accessMode: 'ReadWriteMany' } } } : {}),
    };
  }
  out[last] = {
    components: {
      [front]: {
        autoscaling: { min: 3, max: 12, cpu: 70 },
        containers: { [front]: { resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } } } },
      },
      ...(b.has('db') ? { db: { claimTemplates: { data: { size: '100Gi' } } } } : {}),
    },
  };
  for (const env of environments.slice(1, -1))
    if (b.r.chance(0.3)) out[env] = { components: { [front]: { containers: { [front]: { env: { LOG_LEVEL: 'debug' } } } } } };
  return out;
}

function shuffle<T>(r: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
