/**
 * fast-check arbitrary of small, valid fleet configs (≤ 3 apps, ≤ 3
 * clusters, 1–2 environments): Deployments, StatefulSets and CronJobs with
 * ports, services, routes, ConfigMaps, PVCs, network edges, and environment
 * and cluster overrides — so overlays patch, add and delete objects. String
 * values include YAML 1.1 traps ("on", "0755", "1.10", "12:30", multi-line
 * text) to catch serialisation differences. Files are written as JSON, which
 * is YAML whose strings are always quoted.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';

export type FleetFiles = Record<string, unknown>;

const ENVIRONMENTS = ['dev', 'prod'] as const;
const CLUSTERS = ['c-one', 'c-two', 'c-three'] as const;
const APPS = ['alpha', 'beta', 'gamma'] as const;
const TEAMS = ['team-a', 'team-b'] as const;

/** Strings YAML 1.1 tooling reads as something else unless they are quoted. */
export const TRICKY_STRINGS = [
  'on',
  'off',
  'yes',
  'no',
  'true',
  'null',
  '~',
  '0755',
  '012',
  '1.10',
  '1e3',
  '0x1F',
  '12:30',
  '2001-12-14',
  '',
  ' padded ',
  'a: b',
  '- item',
  '#not-a-comment',
  "it's",
  '"quoted"',
  '*star',
  '&anchor',
  'ünïcödé',
  'line one\nline two\n',
];

const tricky = fc.constantFrom(...TRICKY_STRINGS);
const envVars = fc.dictionary(fc.constantFrom('MODE', 'LEVEL', 'FLAG', 'VERSION', 'NOTE'), tricky, { maxKeys: 3 });

interface AppShape {
  name: (typeof APPS)[number];
  team: string;
  deployTo?: string[];
  web: { replicas: number; env: Record<string, string>; port: number; route: boolean; config: Record<string, string> | null; cache: boolean };
  worker: { schedule: string } | null;
  db: { size: string } | null;
  envOverride: { env: string; replicas: number; vars: Record<string, string>; dropWorker: boolean } | null;
  clusterReplicas: number | null;
}

const appShape = (name: (typeof APPS)[number]): fc.Arbitrary<AppShape> =>
  fc.record({
    name: fc.constant(name),
    team: fc.constantFrom(...TEAMS),
    deployTo: fc.option(fc.subarray([...ENVIRONMENTS], { minLength: 1 }), { nil: undefined }),
    web: fc.record({
      replicas: fc.integer({ min: 1, max: 3 }),
      env: envVars,
      port: fc.constantFrom(8080, 3000, 9000),
      route: fc.boolean(),
      config: fc.option(fc.dictionary(fc.constantFrom('app.conf', 'mode', 'extra.txt'), tricky, { minKeys: 1, maxKeys: 2 }), { nil: null }),
      cache: fc.boolean(),
    }),
    worker: fc.option(fc.record({ schedule: fc.constantFrom('*/5 * * * *', '@hourly', '30 2 * * *') }), { nil: null }),
    db: fc.option(fc.record({ size: fc.constantFrom('1Gi', '5Gi') }), { nil: null }),
    envOverride: fc.option(
      fc.record({ env: fc.constantFrom(...ENVIRONMENTS), replicas: fc.integer({ min: 1, max: 4 }), vars: envVars, dropWorker: fc.boolean() }),
      { nil: null },
    ),
    clusterReplicas: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  });

interface ClusterShape {
  name: (typeof CLUSTERS)[number];
  environment: (typeof ENVIRONMENTS)[number];
  storageClass: string | null;
}

const clusterShape = (name: (typeof CLUSTERS)[number]): fc.Arbitrary<ClusterShape> =>
  fc.record({
    name: fc.constant(name),
    environment: fc.constantFrom(...ENVIRONMENTS),
    storageClass: fc.option(fc.constantFrom('fast', 'encrypted'), { nil: null }),
  });

export const arbitraryFleet: fc.Arbitrary<FleetFiles> = fc
  .record({
    apps: fc.subarray([...APPS], { minLength: 1 }).chain((names) => fc.tuple(...names.map(appShape))),
    clusters: fc.subarray([...CLUSTERS], { minLength: 1 }).chain((names) => fc.tuple(...names.map(clusterShape))),
  })
  .map(({ apps, clusters }) => fleetFiles(apps, clusters));

function fleetFiles(apps: AppShape[], clusters: ClusterShape[]): FleetFiles {
  const files: FleetFiles = {
    'fleet.yaml': {
      repo: { url: 'https://github.com/example-org/fleet.git', revision: 'main' },
      defaults: {
        baseDomain: 'example.com',
        storageClass: 'standard',
        ingressKind: 'Ingress',
        ingressClass: 'nginx',
        ingressNamespace: 'ingress-nginx',
        issuer: 'letsencrypt-staging',
      },
      environments: [
        { name: 'dev', baseDomain: 'dev.example.com', issuer: 'letsencrypt-staging' },
        { name: 'prod', issuer: 'letsencrypt-prod', production: true },
      ],
      teams: Object.fromEntries([...new Set(apps.map((a) => a.team))].map((t) => [t, { description: `team ${t}` }])),
    },
  };
  for (const c of clusters) {
    files[`clusters/${c.name}.yaml`] = {
      environment: c.environment,
      server: `https://${c.name}.k8s.example.com`,
      region: 'eu-west-1',
      ...(c.storageClass ? { settings: { storageClass: c.storageClass } } : {}),
    };
  }
  for (const a of apps) files[`apps/${a.name}.yaml`] = appFile(a, clusters);
  return files;
}

function appFile(a: AppShape, clusters: ClusterShape[]): Record<string, unknown> {
  const envs: string[] = a.deployTo ?? [...ENVIRONMENTS];
  const web: Record<string, unknown> = {
    replicas: a.web.replicas,
    containers: {
      web: {
        image: 'ghcr.io/example/web:1.0.0',
        runAsUser: 1000,
        ports: { http: a.web.port },
        env: a.web.env,
        ...(a.web.config || a.web.cache
          ? { mounts: { ...(a.web.config ? { config: '/etc/app' } : {}), ...(a.web.cache ? { cache: '/var/cache/app' } : {}) } }
          : {}),
        resources: { requests: { cpu: '50m', memory: '64Mi' } },
      },
    },
    ...(a.web.config || a.web.cache
      ? { volumes: { ...(a.web.config ? { config: { configMap: 'settings' } } : {}), ...(a.web.cache ? { cache: { pvc: 'cache' } } : {}) } }
      : {}),
    ...(a.db ? { talksTo: ['db'] } : {}),
  };
  const components: Record<string, unknown> = { web };
  if (a.worker)
    components.worker = {
      kind: 'CronJob',
      schedule: a.worker.schedule,
      containers: { worker: { image: 'ghcr.io/example/worker:1.0.0', runAsUser: 1000, command: ['run', 'once'] } },
    };
  if (a.db) {
    components.db = {
      kind: 'StatefulSet',
      containers: { db: { image: 'postgres:16', runAsUser: 999, ports: { pg: 5432 }, mounts: { data: '/var/lib/postgresql/data' } } },
      volumes: { data: { claimTemplate: true } },
      claimTemplates: { data: { size: a.db.size } },
      service: { headless: true },
    };
  }
  const override = a.envOverride && envs.includes(a.envOverride.env) ? a.envOverride : null;
  const cluster = clusters.find((c) => envs.includes(c.environment));
  return {
    team: a.team,
    namespace: a.name,
    ...(a.deployTo ? { deployTo: a.deployTo } : {}),
    components,
    ...(a.web.config ? { configMaps: { settings: { data: a.web.config } } } : {}),
    // Shared by every replica of web: ReadWriteMany (a ReadWriteOnce claim on several replicas is an error).
    ...(a.web.cache ? { pvcs: { cache: { size: '1Gi', accessMode: 'ReadWriteMany' } } } : {}),
    ...(a.web.route ? { routes: { web: { host: a.name, paths: { '/': 'web' } } } } : {}),
    ...(override
      ? {
          environments: {
            [override.env]: {
              components: {
                web: { replicas: override.replicas, containers: { web: { env: override.vars } } },
                ...(override.dropWorker && a.worker ? { worker: null } : {}),
              },
            },
          },
        }
      : {}),
    ...(a.clusterReplicas && cluster ? { clusters: { [cluster.name]: { components: { web: { replicas: a.clusterReplicas } } } } } : {}),
  };
}

/** Versions a release may hold, YAML traps included (`"1.10"` is not 1.1, `"16"` is not a number). */
const VERSIONS = ['1.0.0', '1.1.0', '2.0.0-rc.1', '1.10', '16', `1.2.0@sha256:${'e'.repeat(64)}`, `sha256:${'f'.repeat(64)}`];

/**
 * The same random fleets with every app's versions in a release section: images
 * without tags, and per environment (sometimes per cluster) random versions of
 * the images that environment uses.
 */
export const arbitraryReleaseFleet: fc.Arbitrary<FleetFiles> = arbitraryFleet.chain((files) =>
  fc
    .array(fc.constantFrom(...VERSIONS), { minLength: 64, maxLength: 64 })
    .chain((picks) => fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }).map((flags) => withReleases(files, picks, flags))),
);

function withReleases(files: FleetFiles, picks: string[], flags: boolean[]): FleetFiles {
  let pick = 0;
  let flag = 0;
  const next = () => picks[pick++ % picks.length]!;
  const clusters = Object.entries(files)
    .filter(([f]) => f.startsWith('clusters/'))
    .map(([f, c]) => ({ name: f.slice('clusters/'.length, -'.yaml'.length), environment: (c as { environment: string }).environment }));
  const out: FleetFiles = { ...files };
  for (const [file, content] of Object.entries(files)) {
    if (!file.startsWith('apps/')) continue;
    const app = structuredClone(content) as Record<string, any>;
    const repos = new Map<string, string>(); // component → repository
    for (const [name, component] of Object.entries(app.components as Record<string, any>)) {
      for (const container of Object.values(component.containers as Record<string, any>)) {
        const repository = String(container.image).replace(/:[^:/]+$/, '');
        container.image = repository;
        repos.set(name, repository);
      }
    }
    const envs: string[] = app.deployTo ?? [...ENVIRONMENTS];
    app.release = {};
    for (const env of envs) {
      const dropped = new Set(Object.entries(app.environments?.[env]?.components ?? {}).flatMap(([c, v]) => (v === null ? [c] : [])));
      const used = [...new Set([...repos].filter(([c]) => !dropped.has(c)).map(([, r]) => r))];
      const entry: Record<string, unknown> = { images: Object.fromEntries(used.map((r) => [r, next()])) };
      const cluster = clusters.find((c) => c.environment === env);
      // Cluster versions only in prod, the environment promotions go into: a source must run one version.
      if (env === 'prod' && cluster && flags[flag++ % flags.length] && used.length) entry.clusters = { [cluster.name]: { images: { [used[0]!]: next() } } };
      app.release[env] = entry;
    }
    out[file] = app;
  }
  return out;
}

/** Writes the files (as JSON, valid YAML) into a new temporary directory and returns it. */
export async function writeFleet(files: FleetFiles): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-arbitrary-'));
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), `${JSON.stringify(content, null, 2)}\n`);
  }
  return dir;
}
