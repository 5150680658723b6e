/** Environments, clusters, teams, namespaces and overrides must all name things that exist. */
import type { FieldPath } from '../../load/source-map.ts';
import { didYouMean } from '../../suggest.ts';
import { locateIn, type SourceLayer } from '../zod-errors.ts';
import { fileLayer, type RuleContext } from './context.ts';

export function placementRules(ctx: RuleContext): void {
  const { fleet } = ctx;
  const envNames = fleet.fleet.environments.map((e) => e.name);
  const fleetLayer = fileLayer(fleet.fleetFile);
  const seenEnv = new Set<string>();
  fleet.fleet.environments.forEach((env, i) => {
    if (seenEnv.has(env.name)) ctx.error(fleetLayer, ['environments', i, 'name'], `environment "${env.name}" is listed twice`);
    seenEnv.add(env.name);
  });
  const clusterNames = fleet.clusters.map((c) => c.name);
  const appNames = fleet.apps.map((a) => a.name);
  const teams = Object.keys(fleet.fleet.teams);

  for (const cluster of fleet.clusters) {
    const layer = fileLayer(cluster.parsed);
    if (envNames.includes(cluster.name)) {
      ctx.error(
        layer,
        [],
        `cluster "${cluster.name}" has the name of an environment`,
        'Rename the file: overlays/<environment>/ and overlays/<cluster>/ share one folder level.',
      );
    }
    if (!envNames.includes(cluster.spec.environment)) {
      ctx.error(
        layer,
        ['environment'],
        `unknown environment "${cluster.spec.environment}"`,
        didYouMean(cluster.spec.environment, envNames) ?? `Environments in fleet.yaml: ${envNames.join(', ')}.`,
      );
    }
    for (const app of Object.keys(cluster.spec.apps ?? {})) {
      const target = fleet.apps.find((a) => a.name === app);
      if (!target) {
        if (!fleet.incomplete.apps.has(app)) ctx.error(layer, ['apps', app], `override for unknown app "${app}"`, didYouMean(app, appNames), true);
      } else if (!(target.spec.deployTo ?? envNames).includes(cluster.spec.environment)) {
        ctx.error(
          layer,
          ['apps', app],
          `app "${app}" is not deployed to environment "${cluster.spec.environment}", so this override applies nowhere`,
          `Add ${cluster.spec.environment} to deployTo in apps/${app}.yaml, or remove the override.`,
          true,
        );
      }
    }
  }

  const namespaceOwner = new Map<string, { team: string; app: string }>();
  for (const app of fleet.apps) {
    const layer = fileLayer(app.parsed);
    if (!teams.includes(app.spec.team)) {
      ctx.error(layer, ['team'], `unknown team "${app.spec.team}"`, didYouMean(app.spec.team, teams) ?? `Declare it under teams: in fleet.yaml.`);
    }
    if (isReservedName(app.name) || (app.spec.renamedFrom && isReservedName(app.spec.renamedFrom))) {
      ctx.error(
        layer,
        app.spec.renamedFrom && isReservedName(app.spec.renamedFrom) ? ['renamedFrom'] : [],
        `app names starting with "${RESERVED}" are Flotilla's own (its Applications flotilla-root and flotilla-namespaces-<cluster>)`,
        'Rename the app.',
      );
    }
    // The app's namespace and its charts': each belongs to one team, and none is a namespace Kubernetes or Argo CD owns.
    const claims: { namespace: string; path: (string | number)[] }[] = [{ namespace: app.spec.namespace, path: ['namespace'] }];
    for (const [chart, spec] of Object.entries(app.spec.charts ?? {}))
      if (spec.namespace) claims.push({ namespace: spec.namespace, path: ['charts', chart, 'namespace'] });
    for (const { namespace, path } of claims) {
      const reserved = reservedNamespace(namespace, fleet.fleet.argocd.namespace);
      if (reserved) {
        ctx.error(
          layer,
          path,
          `namespace "${namespace}" ${reserved}`,
          'Flotilla creates and labels the namespaces of apps (Pod Security, team); choose a namespace of your own.',
        );
        continue;
      }
      const owner = namespaceOwner.get(namespace);
      if (owner && owner.team !== app.spec.team) {
        ctx.error(
          layer,
          path,
          `namespace "${namespace}" is already claimed by team "${owner.team}" (app ${owner.app})`,
          'Each namespace belongs to one team, so AppProjects can confine teams; choose another namespace.',
        );
      } else if (!owner) namespaceOwner.set(namespace, { team: app.spec.team, app: app.name });
    }
    for (const env of app.spec.deployTo ?? []) {
      if (!envNames.includes(env)) ctx.error(layer, ['deployTo', app.spec.deployTo!.indexOf(env)], `unknown environment "${env}"`, didYouMean(env, envNames));
    }
    for (const env of Object.keys(app.spec.environments ?? {})) {
      if (!envNames.includes(env)) ctx.error(layer, ['environments', env], `override for unknown environment "${env}"`, didYouMean(env, envNames), true);
      else if (!(app.spec.deployTo ?? envNames).includes(env))
        ctx.error(
          layer,
          ['environments', env],
          `override for environment "${env}", which deployTo leaves out`,
          `Add ${env} to deployTo, or remove the override.`,
          true,
        );
    }
    for (const cluster of Object.keys(app.spec.clusters ?? {})) {
      const target = fleet.clusters.find((c) => c.name === cluster);
      if (!target) {
        if (!fleet.incomplete.clusters.has(cluster))
          ctx.error(layer, ['clusters', cluster], `override for unknown cluster "${cluster}"`, didYouMean(cluster, clusterNames), true);
      } else if (!(app.spec.deployTo ?? envNames).includes(target.spec.environment)) {
        ctx.error(
          layer,
          ['clusters', cluster],
          `cluster "${cluster}" is in environment "${target.spec.environment}", which deployTo leaves out`,
          `Add ${target.spec.environment} to deployTo, or remove the override.`,
          true,
        );
      }
    }
  }

  checkApplicationNames(ctx, envNames);
  checkApplicationSetNames(ctx);

  for (const team of teams) {
    if (isReservedName(team))
      ctx.error(
        fleetLayer,
        ['teams', team],
        `team names starting with "${RESERVED}" are Flotilla's own (the AppProject flotilla-platform, the ApplicationSet flotilla-namespaces)`,
        'Rename the team.',
      );
    if (fleet.incomplete.apps.size === 0 && !fleet.apps.some((a) => a.spec.team === team))
      ctx.warn(fleetLayer, ['teams', team], `team "${team}" owns no app; its AppProject is still generated`);
  }
}

/**
 * Application names are <id>-<cluster id> (id: the app, or <app>-<chart> for a chart release):
 * "a-b" on "c" and "a" on "b-c" would both be "a-b-c". A collision needs one id to extend the
 * other by "-x" while a cluster "x-…" exists, so this looks only at those splits instead of
 * forming every app × cluster name. Each error stands at one of the declarations that collide
 * and names the other with its file:line:column: the chart or renamedFrom that made the id, or,
 * for names that come from file names, the cluster's environment line that places it there.
 */
function checkApplicationNames(ctx: RuleContext, envNames: string[]): void {
  const { fleet } = ctx;
  type App = (typeof fleet.apps)[number];
  type Cluster = (typeof fleet.clusters)[number];
  /** `declared`: the field that makes the id (a chart key, renamedFrom), when a line of the config does. */
  type Source = { id: string; app: App; envs: Set<string>; what: string; declared?: FieldPath };
  const sources: Source[] = [];
  for (const app of fleet.apps) {
    const id = app.spec.renamedFrom ?? app.name;
    const envs = new Set(app.spec.deployTo ?? envNames);
    sources.push({ id, app, envs, what: `app ${app.name}`, declared: app.spec.renamedFrom ? ['renamedFrom'] : undefined });
    for (const chart of Object.keys(app.spec.charts ?? {}))
      sources.push({ id: chart === id ? id : `${id}-${chart}`, app, envs, what: `chart ${chart} of app ${app.name}`, declared: ['charts', chart] });
  }
  const at = (s: Source) => (s.declared ? where(fileLayer(s.app.parsed), s.declared, true) : s.app.parsed.file);
  const clusterAt = (c: Cluster) => where(fileLayer(c.parsed), ['environment']);
  const clusterIds = new Map(fleet.clusters.map((c) => [c.spec.renamedFrom ?? c.name, c]));
  const byId = new Map<string, Source[]>();
  for (const s of sources) byId.set(s.id, [...(byId.get(s.id) ?? []), s]);
  for (const [id, same] of byId) {
    for (const later of same.slice(1).filter((s) => s.declared)) {
      const first = same[0] === later ? same[1] : same[0];
      const message =
        later.app === first.app
          ? `Argo CD Application names of ${later.what} are the app's own ("${id}-<cluster>"): a chart named like its app collides with it`
          : `Argo CD Application names of ${later.what} collide with those of ${first.what} (${at(first)}): both are "${id}-<cluster>"`;
      ctx.error(fileLayer(later.app.parsed), later.declared!, message, later.app === first.app ? 'Rename the chart.' : 'Rename one app or chart.', true);
    }
  }
  for (const longer of sources) {
    for (let i = longer.id.indexOf('-'); i > 0; i = longer.id.indexOf('-', i + 1)) {
      for (const shorter of byId.get(longer.id.slice(0, i)) ?? []) {
        const rest = longer.id.slice(i + 1);
        for (const [clusterId, cluster] of clusterIds) {
          if (!clusterId.startsWith(`${rest}-`)) continue;
          const other = clusterIds.get(clusterId.slice(rest.length + 1));
          if (!other || !shorter.envs.has(cluster.spec.environment) || !longer.envs.has(other.spec.environment)) continue;
          const name = `${shorter.id}-${clusterId}`;
          const by = (s: Source, c: Cluster) => `${s.what}${s.declared ? ` (${at(s)})` : ''} on cluster ${c.name} (${clusterAt(c)})`;
          ctx.error(
            longer.declared ? fileLayer(longer.app.parsed) : fileLayer(other.parsed),
            longer.declared ?? ['environment'],
            `Argo CD Application name "${name}" is produced twice: by ${by(shorter, cluster)} and by ${by(longer, other)}`,
            'Rename one app or cluster.',
            Boolean(longer.declared),
          );
        }
      }
    }
  }
}

/** file:line:column of a field, for naming the other side of a collision in a message. */
function where(layers: SourceLayer[], path: FieldPath, atKey = false): string {
  const p = locateIn(layers, path, atKey);
  return `${p.file}:${p.line}:${p.column}`;
}

/**
 * Each team's ApplicationSets are argocd/applicationsets/<team>.yaml and, with charts,
 * <team>-charts.yaml: a team named like another team's chart set would share its file and name.
 */
function checkApplicationSetNames(ctx: RuleContext): void {
  const { fleet } = ctx;
  const layer = fileLayer(fleet.fleetFile);
  for (const team of Object.keys(fleet.fleet.teams)) {
    const owner = team.endsWith('-charts') ? team.slice(0, -'-charts'.length) : undefined;
    if (!owner || !Object.hasOwn(fleet.fleet.teams, owner)) continue;
    const withCharts = fleet.apps.find((a) => a.spec.team === owner && Object.keys(a.spec.charts ?? {}).length > 0);
    if (!withCharts) continue;
    ctx.error(
      layer,
      ['teams', team],
      `team "${team}" has the name of team ${owner}'s chart ApplicationSet (${owner} is declared at ${where(layer, ['teams', owner], true)}; app ${withCharts.name} has charts): both would be argocd/applicationsets/${team}.yaml`,
      `Rename team ${team}.`,
      true,
    );
  }
}

const RESERVED = 'flotilla-';

/** Flotilla names its own AppProject, ApplicationSet and Applications flotilla-…; an app named `flotilla` would produce flotilla-<cluster>. */
function isReservedName(name: string): boolean {
  return name === 'flotilla' || name.startsWith(RESERVED);
}

/** Why an app may not live in this namespace, or undefined. */
function reservedNamespace(namespace: string, argocdNamespace: string): string | undefined {
  if (namespace === 'default') return "is the cluster's default namespace, shared by everyone";
  if (namespace.startsWith('kube-')) return 'is reserved for Kubernetes (kube-*)';
  if (namespace === argocdNamespace) return 'is where Argo CD runs (fleet.yaml argocd.namespace)';
  return undefined;
}
