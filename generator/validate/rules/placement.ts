/** Environments, clusters, teams, namespaces and overrides must all name things that exist. */
import { didYouMean } from '../../suggest.ts';
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
    const owner = namespaceOwner.get(app.spec.namespace);
    if (owner && owner.team !== app.spec.team) {
      ctx.error(
        layer,
        ['namespace'],
        `namespace "${app.spec.namespace}" is already claimed by team "${owner.team}" (app ${owner.app})`,
        'Each namespace belongs to one team, so AppProjects can confine teams; choose another namespace.',
      );
    } else if (!owner) namespaceOwner.set(app.spec.namespace, { team: app.spec.team, app: app.name });
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

  for (const team of teams) {
    if (fleet.incomplete.apps.size === 0 && !fleet.apps.some((a) => a.spec.team === team))
      ctx.warn(fleetLayer, ['teams', team], `team "${team}" owns no app; its AppProject is still generated`);
  }
}

/**
 * Application names are <id>-<cluster id> (id: the app, or <app>-<chart> for a chart release):
 * "a-b" on "c" and "a" on "b-c" would both be "a-b-c". A collision needs one id to extend the
 * other by "-x" while a cluster "x-…" exists, so this looks only at those splits instead of
 * forming every app × cluster name.
 */
function checkApplicationNames(ctx: RuleContext, envNames: string[]): void {
  const { fleet } = ctx;
  type Source = { id: string; app: (typeof fleet.apps)[number]; envs: Set<string> };
  const sources: Source[] = [];
  for (const app of fleet.apps) {
    const id = app.spec.renamedFrom ?? app.name;
    const envs = new Set(app.spec.deployTo ?? envNames);
    sources.push({ id, app, envs });
    for (const chart of Object.keys(app.spec.charts ?? {})) sources.push({ id: chart === id ? id : `${id}-${chart}`, app, envs });
  }
  const clusterIds = new Map(fleet.clusters.map((c) => [c.spec.renamedFrom ?? c.name, c]));
  const byId = new Map<string, Source[]>();
  for (const s of sources) byId.set(s.id, [...(byId.get(s.id) ?? []), s]);
  for (const [id, same] of byId) {
    if (same.length > 1 && new Set(same.map((s) => s.app.name)).size > 1) {
      ctx.error(
        fileLayer(same[1].app.parsed),
        [],
        `Argo CD Application names of app ${same[1].app.name} collide with those of app ${same[0].app.name} (both use "${id}-<cluster>")`,
        'Rename one app or chart.',
      );
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
          ctx.error(
            fileLayer(longer.app.parsed),
            [],
            `Argo CD Application name "${name}" is produced twice: by app ${shorter.app.name} on cluster ${cluster.name} and by app ${longer.app.name} on cluster ${other.name}`,
            'Rename one app or cluster.',
          );
        }
      }
    }
  }
}
