/**
 * A deterministic synthetic fleet for benchmarks and scale tests: fleet.yaml,
 * apps/*.yaml and clusters/*.yaml in Flotilla's real config language. The
 * same size and seed always give byte-identical files.
 *
 * About 10% of clusters really differ: every fifth of those sets its own
 * storage class (so every stateful app gets a cluster overlay there), the
 * others carry per-app overrides for about 1% of the apps.
 *
 *   tsx scripts/synthetic-fleet.ts --size M --out /tmp/fleet-m [--seed 1]
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { type AppShape, makeApp } from './synthetic/app-shape.ts';
import { type Random, seededRandom } from './synthetic/random.ts';

export interface FleetSize {
  apps: number;
  environments: number;
  clusters: number;
  /** Clusters that carry overrides or differing settings. */
  overrideClusters: number;
  teams: number;
}

export const SIZES = {
  S: { apps: 50, environments: 3, clusters: 10, overrideClusters: 1, teams: 4 },
  M: { apps: 500, environments: 3, clusters: 50, overrideClusters: 5, teams: 20 },
  L: { apps: 2000, environments: 4, clusters: 200, overrideClusters: 20, teams: 50 },
  /** L with twice the clusters; the extra ones override nothing (cost must not double). */
  L2: { apps: 2000, environments: 4, clusters: 400, overrideClusters: 20, teams: 50 },
} satisfies Record<string, FleetSize>;
export type SizeName = keyof typeof SIZES;

export interface SyntheticCluster {
  name: string;
  environment: string;
}

export interface SyntheticFleet {
  environments: string[];
  teams: string[];
  apps: AppShape[];
  clusters: SyntheticCluster[];
}

const ENVIRONMENTS = ['dev', 'qa', 'staging', 'prod'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];
const DOMAINS = ['billing', 'search', 'orders', 'catalog', 'identity', 'payments', 'media', 'reports', 'notify', 'geo', 'pricing', 'support'];
const HEADER = '# Synthetic fleet made by scripts/synthetic-fleet.ts (do not edit; regenerate it).\n';
/** Flotilla refuses YAML aliases in config, so shared objects are written out each time. */
export const configYaml = (value: unknown) => HEADER + stringify(value, { aliasDuplicateObjects: false });

/** Environments in promotion order, production last: dev, staging, prod (3) or dev, qa, staging, prod (4). */
export function environmentNames(count: number): string[] {
  if (count < 1 || count > ENVIRONMENTS.length) throw new Error(`environments: 1 to ${ENVIRONMENTS.length}`);
  return count === ENVIRONMENTS.length ? ENVIRONMENTS : [...ENVIRONMENTS.filter((e) => e !== 'qa').slice(0, count - 1), 'prod'];
}

/** Builds the fleet in memory; `writeFleet` puts it on disk. */
export function planFleet(size: FleetSize, seed = 1): { fleet: SyntheticFleet; files: Map<string, string> } {
  const r = seededRandom(seed);
  const environments = environmentNames(size.environments);
  const teams = Array.from({ length: size.teams }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
  const apps: AppShape[] = [];
  const targets: string[] = [];
  for (let i = 0; i < size.apps; i++) {
    const name = `${DOMAINS[i % DOMAINS.length]}-${String(i + 1).padStart(4, '0')}`;
    const app = makeApp(r, name, { environments, team: teams[i % teams.length], targets });
    apps.push(app);
    if (app.isTarget) targets.push(app.name);
  }
  const clusters = clusterPlacement(size, environments);
  const files = new Map<string, string>();
  files.set('fleet.yaml', configYaml(fleetFile(environments, teams)));
  for (const app of apps) files.set(`apps/${app.name}.yaml`, configYaml(app.spec));
  const overriding = overridingClusters(size);
  clusters.forEach((c, i) => {
    const k = overriding.indexOf(i);
    files.set(`clusters/${c.name}.yaml`, configYaml(clusterFile(r, c, i, k, apps)));
  });
  return { fleet: { environments, teams, apps, clusters }, files };
}

/** Writes the fleet config into `dir` (replacing fleet.yaml, apps/ and clusters/ there). */
export async function writeFleet(dir: string, size: FleetSize, seed = 1): Promise<SyntheticFleet> {
  const { fleet, files } = planFleet(size, seed);
  await rm(path.join(dir, 'apps'), { recursive: true, force: true });
  await rm(path.join(dir, 'clusters'), { recursive: true, force: true });
  await mkdir(path.join(dir, 'apps'), { recursive: true });
  await mkdir(path.join(dir, 'clusters'), { recursive: true });
  await Promise.all([...files].map(([rel, content]) => writeFile(path.join(dir, rel), content)));
  return fleet;
}

function fleetFile(environments: string[], teams: string[]): Record<string, unknown> {
  return {
    repo: { url: 'https://github.com/example-org/fleet.git', revision: 'main' },
    argocd: { namespace: 'argocd' },
    defaults: {
      baseDomain: 'example.com',
      storageClass: 'standard',
      ingressKind: 'Ingress',
      ingressClass: 'nginx',
      ingressNamespace: 'ingress-nginx',
      monitoringNamespace: 'monitoring',
      issuer: 'letsencrypt-staging',
    },
    environments: environments.map((name) =>
      name === 'prod'
        ? { name, baseDomain: 'example.com', issuer: 'letsencrypt-prod', production: true }
        : { name, baseDomain: `${name}.example.com`, issuer: 'letsencrypt-staging' },
    ),
    teams: Object.fromEntries(teams.map((t) => [t, { description: `Synthetic team ${t}` }])),
    rollout: { progressive: false },
    guards: { maxApplicationDeletions: 0 },
  };
}

/** Production gets 40% of the clusters, the other environments share the rest; every environment gets one. */
function clusterPlacement(size: FleetSize, environments: string[]): SyntheticCluster[] {
  const prod = environments.length === 1 ? size.clusters : Math.max(1, Math.round(size.clusters * 0.4));
  const out: SyntheticCluster[] = [];
  const counters = new Map<string, number>();
  for (let i = 0; i < size.clusters; i++) {
    const others = environments.slice(0, -1);
    const environment = i < prod || others.length === 0 ? environments[environments.length - 1] : others[(i - prod) % others.length];
    const n = (counters.get(environment) ?? 0) + 1;
    counters.set(environment, n);
    out.push({ name: `${environment}-k${String(n).padStart(3, '0')}`, environment });
  }
  return out;
}

/** Indexes of the clusters that differ, spread evenly over the list (so over environments too). */
function overridingClusters(size: FleetSize): number[] {
  const count = Math.min(size.overrideClusters, size.clusters);
  const step = size.clusters / Math.max(1, count);
  return Array.from({ length: count }, (_, k) => Math.floor(k * step + step / 2));
}

function clusterFile(r: Random, c: SyntheticCluster, index: number, overrideIndex: number, apps: AppShape[]): Record<string, unknown> {
  const region = REGIONS[index % REGIONS.length];
  const out: Record<string, unknown> = {
    environment: c.environment,
    server: `https://${c.name}.k8s.example.com`,
    region,
    labels: { provider: region.startsWith('eu') ? 'hetzner' : 'aws', tier: index % 2 ? 'secondary' : 'primary' },
  };
  if (overrideIndex < 0) return out;
  if (overrideIndex % 5 === 0) return { ...out, settings: { storageClass: 'fast-ssd-encrypted' } };
  const here = apps.filter((a) => a.environments.includes(c.environment));
  const count = Math.min(here.length, Math.max(2, Math.round(apps.length / 100)));
  const chosen = new Map<string, AppShape>();
  while (chosen.size < count) {
    const app = r.pick(here);
    chosen.set(app.name, app);
  }
  const overrides = Object.fromEntries(
    [...chosen.values()]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((a) => [a.name, { components: { [a.tunable.component]: { containers: { [a.tunable.container]: { env: { REGION: region } } } } } }]),
  );
  return { ...out, ...(overrideIndex % 5 === 3 ? { capacity: { maxReplicas: 50 } } : {}), apps: overrides };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string', default: 'S' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } } });
  const size = SIZES[values.size as SizeName];
  if (!size || !values.out) throw new Error(`usage: tsx scripts/synthetic-fleet.ts --size ${Object.keys(SIZES).join('|')} --out DIR [--seed N]`);
  const fleet = await writeFleet(path.resolve(values.out), size, Number(values.seed));
  process.stdout.write(`${fleet.apps.length} apps, ${fleet.environments.length} environments, ${fleet.clusters.length} clusters in ${values.out}\n`);
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) await main();
