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
      ctx.error(layer, [], `cluster "${cluster.name}" has the name of an environment`, 'Rename the file: overlays/<environment>/ and overlays/<cluster>/ share one folder level.');
    }
    if (!envNames.includes(cluster.spec.environment)) {
      ctx.error(layer, ['environment'], `unknown environment "${cluster.spec.environment}"`, didYouMean(cluster.spec.environment, envNames) ?? `Environments in fleet.yaml: ${envNames.join(', ')}.`);
    }
    for (const app of Object.keys(cluster.spec.apps ?? {})) {
      const target = fleet.apps.find((a) => a.name === app);
      if (!target) ctx.error(layer, ['apps', app], `override for unknown app "${app}"`, didYouMean(app, appNames), true);
      else if (!(target.spec.deployTo ?? envNames).includes(cluster.spec.environment)) {
        ctx.error(layer, ['apps', app], `app "${app}" is not deployed to environment "${cluster.spec.environment}", so this override applies nowhere`, `Add ${cluster.spec.environment} to deployTo in apps/${app}.yaml, or remove the override.`, true);
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
      ctx.error(layer, ['namespace'], `namespace "${app.spec.namespace}" is already claimed by team "${owner.team}" (app ${owner.app})`, 'Each namespace belongs to one team, so AppProjects can confine teams; choose another namespace.');
    } else if (!owner) namespaceOwner.set(app.spec.namespace, { team: app.spec.team, app: app.name });
    for (const env of app.spec.deployTo ?? []) {
      if (!envNames.includes(env)) ctx.error(layer, ['deployTo', app.spec.deployTo!.indexOf(env)], `unknown environment "${env}"`, didYouMean(env, envNames));
    }
    for (const env of Object.keys(app.spec.environments ?? {})) {
      if (!envNames.includes(env)) ctx.error(layer, ['environments', env], `override for unknown environment "${env}"`, didYouMean(env, envNames), true);
      else if (!(app.spec.deployTo ?? envNames).includes(env)) ctx.error(layer, ['environments', env], `override for environment "${env}", which deployTo leaves out`, undefined, true);
    }
    for (const cluster of Object.keys(app.spec.clusters ?? {})) {
      const target = fleet.clusters.find((c) => c.name === cluster);
      if (!target) ctx.error(layer, ['clusters', cluster], `override for unknown cluster "${cluster}"`, didYouMean(cluster, clusterNames), true);
      else if (!(app.spec.deployTo ?? envNames).includes(target.spec.environment)) {
        ctx.error(layer, ['clusters', cluster], `cluster "${cluster}" is in environment "${target.spec.environment}", which deployTo leaves out`, undefined, true);
      }
    }
  }

  // Application names are <app>-<cluster>: "a-b" on "c" and "a" on "b-c" would collide.
  const applicationNames = new Map<string, string>();
  for (const app of fleet.apps) {
    for (const cluster of fleet.clusters) {
      if (!(app.spec.deployTo ?? envNames).includes(cluster.spec.environment)) continue;
      const name = `${app.name}-${cluster.name}`;
      const other = applicationNames.get(name);
      if (other) ctx.error(fileLayer(app.parsed), [], `Argo CD Application name "${name}" is produced twice: by ${other} and by app ${app.name} on cluster ${cluster.name}`, 'Rename one app or cluster.');
      else applicationNames.set(name, `app ${app.name} on cluster ${cluster.name}`);
      if (name.length > 253) ctx.error(fileLayer(app.parsed), [], `Application name "${name}" is longer than 253 characters`);
    }
  }

  for (const team of teams) {
    if (!fleet.apps.some((a) => a.spec.team === team)) ctx.warn(fleetLayer, ['teams', team], `team "${team}" owns no app; its AppProject is still generated`);
  }
}
