/**
 * Stage 3, plan: resolve settings (defaults → environment → cluster), decide
 * which clusters really differ for each app, and group apps by team. Pure: the
 * validated fleet in, the plan out. Cost grows with apps × environments plus
 * the clusters that differ, never with apps × clusters.
 */
import { compareStrings } from '../diagnostics.ts';
import type { K8sObject } from '../model/object.ts';
import { holdsData } from '../model/stateful.ts';
import { needsBaselinePodSecurity } from '../validate/rules/pod-security.ts';
import type { AppBodySpec } from '../validate/schema/app.ts';
import { DEFAULT_KUBERNETES_VERSION, type PlatformSettingsSpec } from '../validate/schema/cluster.ts';
import type { ValidatedFleet } from '../validate/validate-fleet.ts';
import { locateIn } from '../validate/zod-errors.ts';
import { withImpliedEdges } from './implied-edges.ts';
import type { AppPlan, ClusterPlan, EnvironmentPlan, FleetPlan, InboundEdge, ResolvedSettings, TeamPlan } from './model.ts';
import { appNamespacesIn } from './namespaces.ts';

export function buildPlan(v: ValidatedFleet): FleetPlan {
  const defaults = v.fleet.defaults ?? {};
  const environments: EnvironmentPlan[] = v.fleet.environments.map((e) => ({
    name: e.name,
    production: e.production,
    settings: resolveSettings(defaults, e),
  }));
  const envByName = new Map(environments.map((e) => [e.name, e]));
  const clusters: ClusterPlan[] = v.clusters.map((c) => {
    const env = envByName.get(c.spec.environment)!;
    const settings = resolveSettings(env.settings, c.spec.settings ?? {});
    const differingSettings = (Object.keys(settings) as (keyof ResolvedSettings)[])
      .filter((k) => JSON.stringify(settings[k]) !== JSON.stringify(env.settings[k]))
      .sort();
    return {
      name: c.name,
      applicationId: c.spec.renamedFrom ?? c.name,
      environment: c.spec.environment,
      server: c.spec.server,
      region: c.spec.region,
      labels: c.spec.labels ?? {},
      kubernetesVersion: fullKubernetesVersion(c.spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION),
      apiVersions: c.spec.apiVersions ?? [],
      settings,
      differingSettings,
      source: `clusters/${c.name}.yaml`,
    };
  });
  const baseSettings = resolveSettings(defaults, environments[0].settings, defaults);
  // Only clusters that set something differently, or override an app, can differ: looking at those
  // (in cluster order) instead of every cluster keeps the plan linear in apps × environments.
  const clusterIndex = new Map(clusters.map((c, i) => [c.name, i]));
  const clusterByName = new Map(clusters.map((c) => [c.name, c]));
  const differingByEnv = groupBy(
    clusters.filter((c) => c.differingSettings.length > 0),
    (c) => c.environment,
  );

  const apps: AppPlan[] = v.apps.map((a) => {
    const envNames = environments.map((e) => e.name).filter((e) => a.envBodies.has(e));
    const base = { body: withImpliedEdges(stripOverrides(a), a.name), settings: baseSettings, environment: null, cluster: null };
    const envVariants = new Map(
      envNames.map((e) => [e, { body: withImpliedEdges(a.envBodies.get(e)!, a.name), settings: envByName.get(e)!.settings, environment: e, cluster: null }]),
    );
    const clusterVariants = new Map<string, AppPlan['base']>();
    for (const env of envNames) {
      const candidates = new Set(differingByEnv.get(env) ?? []);
      for (const name of a.clusterBodies.keys()) if (clusterByName.get(name)?.environment === env) candidates.add(clusterByName.get(name)!);
      for (const c of [...candidates].sort((x, y) => clusterIndex.get(x.name)! - clusterIndex.get(y.name)!)) {
        const clusterBody = a.clusterBodies.get(c.name);
        const override = clusterBody && withImpliedEdges(clusterBody, a.name);
        const usesDiffering = c.differingSettings.some((s) => usesSetting(envVariants.get(env)!.body, s));
        if (!override && !usesDiffering) continue;
        clusterVariants.set(c.name, { body: override ?? envVariants.get(env)!.body, settings: c.settings, environment: env, cluster: c.name });
      }
    }
    const allBodies = [base.body, ...[...envVariants.values()].map((x) => x.body), ...[...clusterVariants.values()].map((x) => x.body)];
    const stateful = allBodies.some(
      (b) =>
        Object.keys(b.pvcs ?? {}).length > 0 ||
        Object.values(b.components).some((c) => c.kind === 'StatefulSet') ||
        Object.keys(b.charts ?? {}).length > 0 ||
        (b.resources ?? []).some((r) => holdsData(r as K8sObject)),
    );
    return {
      name: a.name,
      applicationId: a.spec.renamedFrom ?? a.name,
      team: a.spec.team,
      namespace: a.spec.namespace,
      protected: a.spec.protected ?? stateful,
      versionsInRelease: a.spec.release !== undefined,
      source: `apps/${a.name}.yaml`,
      environments: envNames,
      clusterScoped: a.spec.clusterScoped ?? [],
      base,
      envVariants,
      clusterVariants,
      locate: (path, variant, atKey) =>
        locateIn(a.layers.get(`cluster:${variant?.cluster}`) ?? a.layers.get(`env:${variant?.environment}`) ?? a.layers.get('')!, path, atKey),
      needsBaselinePodSecurity: allBodies.some(needsBaselinePodSecurity),
    };
  });

  const teams: TeamPlan[] = Object.keys(v.fleet.teams)
    .sort(compareStrings)
    .map((name) => {
      const own = apps.filter((a) => a.team === name);
      const envs = new Set(own.flatMap((a) => a.environments));
      const chartRepos = new Set<string>(v.fleet.teams[name].chartRepos ?? []);
      for (const a of own)
        for (const variant of [a.base, ...a.envVariants.values(), ...a.clusterVariants.values()])
          for (const c of Object.values(variant.body.charts ?? {})) chartRepos.add(chartRepoForProject(c.repo));
      const scoped = new Map(own.flatMap((a) => a.clusterScoped).map((k) => [`${k.group}/${k.kind}`, k]));
      return {
        name,
        apps: own.map((a) => a.name).sort(compareStrings),
        // Its apps' namespaces and their charts' (a chart may name its own).
        namespaces: [...new Set(own.flatMap((a) => a.environments.flatMap((env) => appNamespacesIn(a, env))))].sort(compareStrings),
        clusters: clusters
          .filter((c) => envs.has(c.environment))
          .map((c) => c.name)
          .sort(compareStrings),
        chartRepos: [...chartRepos].sort(compareStrings),
        clusterScoped: [...scoped.keys()].sort(compareStrings).map((k) => scoped.get(k)!),
      };
    });

  const inbound = new Map<string, InboundEdge[]>();
  for (const a of apps) {
    for (const [environment, variant] of a.envVariants) {
      for (const [fromComponent, c] of Object.entries(variant.body.components)) {
        for (const dep of c.talksTo ?? []) {
          if (typeof dep === 'string' || !dep.app || dep.app === a.name) continue;
          const edges = inbound.get(dep.app) ?? [];
          edges.push({
            environment,
            fromApp: a.name,
            fromAppId: a.applicationId,
            fromNamespace: a.namespace,
            fromComponent,
            component: dep.component,
            port: dep.port,
          });
          inbound.set(dep.app, edges);
        }
      }
    }
  }

  return {
    inbound,
    locateFleet: (path, atKey) => locateIn([{ parsed: v.fleetFile, prefix: [] }], path, atKey),
    repoUrl: v.fleet.repo.url,
    revision: v.fleet.repo.revision,
    argocdNamespace: v.fleet.argocd.namespace,
    progressive: v.fleet.rollout.progressive,
    maxApplicationDeletions: v.fleet.guards.maxApplicationDeletions,
    environments,
    clusters: [...clusters].sort((a, b) => compareStrings(a.name, b.name)),
    apps: [...apps].sort((a, b) => compareStrings(a.name, b.name)),
    teams,
    warnings: v.warnings,
  };
}

/** Argo CD matches OCI chart sources by registry host without the scheme. */
function chartRepoForProject(repo: string): string {
  return repo.startsWith('oci://') ? repo.slice('oci://'.length) : repo;
}

function resolveSettings(...layers: (PlatformSettingsSpec | ResolvedSettings)[]): ResolvedSettings {
  const merged: Record<string, unknown> = {};
  for (const layer of layers)
    for (const [k, val] of Object.entries(layer)) if (val !== undefined && k !== 'name' && k !== 'production' && k !== 'promotion') merged[k] = val;
  return {
    baseDomain: 'example.com',
    ingressKind: 'Ingress',
    issuer: 'letsencrypt-staging',
    ...merged,
  } as ResolvedSettings;
}

function stripOverrides(a: ValidatedFleet['apps'][number]): AppBodySpec {
  const {
    team,
    namespace,
    description,
    deployTo,
    renamedFrom,
    protected: _p,
    clusterScoped,
    environments,
    clusters,
    release,
    rejected,
    $schema,
    ...body
  } = a.spec;
  return body as AppBodySpec;
}

/** Does rendering this body read the setting? Only then does a cluster's different value make it differ. */
function usesSetting(body: AppBodySpec, setting: keyof ResolvedSettings): boolean {
  const hasRoutes = Object.keys(body.routes ?? {}).length > 0;
  switch (setting) {
    case 'storageClass':
      return Object.keys(body.pvcs ?? {}).length > 0 || Object.values(body.components).some((c) => c.claimTemplates);
    case 'monitoringNamespace':
      return Object.values(body.components).some((c) => c.metrics);
    default:
      return hasRoutes;
  }
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

/** "v1.33" → "1.33.0": major.minor.patch without a prefix, as Argo CD normalises a cluster's version. */
function fullKubernetesVersion(version: string): string {
  const [major, minor, patch = '0'] = version.replace(/^v/, '').split('.');
  return `${Number(major)}.${Number(minor)}.${Number(patch)}`;
}
