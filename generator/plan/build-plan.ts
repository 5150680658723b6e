/**
 * Stage 3, plan: resolve settings (defaults → environment → cluster), decide
 * which clusters really differ for each app, and group apps by team. Pure: the
 * validated fleet in, the plan out. Cost grows with apps × environments plus
 * the clusters that differ, never with apps × clusters.
 */
import { compareDiagnostics, compareStrings, type Diagnostic, formatDiagnostic } from '../diagnostics.ts';
import { dict } from '../model/dict.ts';
import type { K8sObject } from '../model/object.ts';
import { type PlatformVariable, substituteInTree, usesPerClusterVariable, variableReferences } from '../model/platform-variables.ts';
import { holdsData } from '../model/stateful.ts';
import { workloadKind } from '../model/workload-kinds.ts';
import { needsBaselinePodSecurity, podSecurityLevel } from '../validate/rules/pod-security.ts';
import type { AppBodySpec } from '../validate/schema/app.ts';
import { DEFAULT_KUBERNETES_VERSION, type PlatformSettingsSpec } from '../validate/schema/cluster.ts';
import type { ValidApp, ValidatedFleet } from '../validate/validate-fleet.ts';
import { locateIn } from '../validate/zod-errors.ts';
import { chartsTakeStorageClass, unreachedStorageClass, withChartSettings } from './chart-settings.ts';
import { withFleetExternals } from './fleet-externals.ts';
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

  const planWarnings: Diagnostic[] = [];
  const around: AppSurroundings = {
    fleet: v.fleet,
    environments,
    envByName,
    clusters,
    clusterIndex,
    clusterByName,
    differingByEnv,
    baseSettings,
    warn: (d) => planWarnings.push(d),
  };
  const apps: AppPlan[] = v.apps.map((a) => planApp(a, around));

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
    externalServices: v.fleet.externalServices ?? dict(),
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
    warnings: [...new Map([...v.warnings, ...planWarnings].map((d) => [formatDiagnostic(d), d])).values()].sort(compareDiagnostics),
  };
}

/**
 * All an app's plan is made from besides the app: the fleet's settings and its
 * clusters, never another app. So an app's plan depends on its own validated
 * config, the fleet file and the cluster files alone (which lets a run reuse
 * the hash of a plan made from the same inputs: incremental/config-cache.ts).
 * Of the clusters it reads, per environment of the app, the ones that differ
 * from their environment and those that override the app; every one where a
 * variant names the cluster or region (that cache keys plans by exactly this).
 */
interface AppSurroundings {
  fleet: ValidatedFleet['fleet'];
  environments: EnvironmentPlan[];
  envByName: Map<string, EnvironmentPlan>;
  clusters: ClusterPlan[];
  clusterIndex: Map<string, number>;
  clusterByName: Map<string, ClusterPlan>;
  differingByEnv: Map<string, ClusterPlan[]>;
  baseSettings: ResolvedSettings;
  warn(d: Diagnostic): void;
}

function planApp(a: ValidApp, around: AppSurroundings): AppPlan {
  const { environments, envByName, clusters, clusterIndex, clusterByName, differingByEnv, baseSettings } = around;
  const envNames = environments.map((e) => e.name).filter((e) => a.envBodies.has(e));
  const id = a.spec.renamedFrom ?? a.name;
  const resolve = (body: AppBodySpec) => withImpliedEdges(withFleetExternals(body, around.fleet.externalServices), a.name);
  const vars = (settings: ResolvedSettings, environment: string, cluster?: ClusterPlan) => platformValues(id, a.spec.namespace, settings, environment, cluster);
  const base = {
    body: withPlatformValues(resolve(stripOverrides(a)), vars(baseSettings, envNames[0] ?? environments[0]!.name)),
    settings: baseSettings,
    environment: null,
    cluster: null,
  };
  const envVariants = new Map(
    envNames.map((e) => [
      e,
      {
        body: withPlatformValues(resolve(a.envBodies.get(e)!), vars(envByName.get(e)!.settings, e)),
        settings: envByName.get(e)!.settings,
        environment: e,
        cluster: null,
      },
    ]),
  );
  const clusterVariants = new Map<string, AppPlan['base']>();
  for (const env of envNames) {
    const envBody = a.envBodies.get(env)!;
    const perCluster = differsOnEveryCluster(envBody);
    const candidates = new Set(perCluster ? clusters.filter((c) => c.environment === env) : (differingByEnv.get(env) ?? []));
    for (const name of a.clusterBodies.keys()) if (clusterByName.get(name)?.environment === env) candidates.add(clusterByName.get(name)!);
    for (const c of [...candidates].sort((x, y) => clusterIndex.get(x.name)! - clusterIndex.get(y.name)!)) {
      const clusterBody = a.clusterBodies.get(c.name);
      const override = clusterBody && resolve(clusterBody);
      const usesDiffering = perCluster || c.differingSettings.some((s) => usesSetting(envBody, s));
      if (!override && !usesDiffering) continue;
      const body = withPlatformValues(override ?? resolve(envBody), vars(c.settings, env, c));
      clusterVariants.set(c.name, { body, settings: c.settings, environment: env, cluster: c.name });
    }
  }
  // Last, once every variant is known: settings a chart needs go into its values (where it is known to take them).
  for (const variant of [base, ...envVariants.values(), ...clusterVariants.values()]) {
    if (variant.environment !== null) {
      const layers = a.layers.get(variant.cluster ? `cluster:${variant.cluster}` : `env:${variant.environment}`) ?? a.layers.get('')!;
      for (const d of unreachedStorageClass(variant.body, variant.settings, (path) => locateIn(layers, path))) around.warn(d);
    }
    variant.body = withChartSettings(variant.body, variant.settings);
  }
  const allBodies = [base.body, ...[...envVariants.values()].map((x) => x.body), ...[...clusterVariants.values()].map((x) => x.body)];
  const stateful = allBodies.some(
    (b) =>
      Object.keys(b.pvcs ?? {}).length > 0 ||
      Object.values(b.components).some((c) => workloadKind(c.kind).claimTemplates) ||
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
    podSecurity: podSecurityLevel(allBodies),
  };
}

/** A body that names the cluster or region in its files differs on every cluster: each one gets a variant of its own. */
export function differsOnEveryCluster(body: AppBodySpec): boolean {
  return usesPerClusterVariable(body.configMaps) || usesPerClusterVariable(body.resources);
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

/** The values of `${flotilla.<name>}` for one variant. */
function platformValues(app: string, namespace: string, s: ResolvedSettings, environment: string, cluster?: ClusterPlan): Record<PlatformVariable, string> {
  return {
    app,
    namespace,
    environment,
    cluster: cluster?.name ?? '',
    region: cluster?.region ?? '',
    baseDomain: s.baseDomain,
    storageClass: s.storageClass ?? '',
    issuer: s.issuer,
    ingressClass: s.ingressClass ?? '',
  };
}

/** The body with platform values in its ConfigMap contents and raw resources. */
function withPlatformValues(body: AppBodySpec, values: Record<PlatformVariable, string>): AppBodySpec {
  const configMaps = substituteInTree(body.configMaps, values);
  const resources = substituteInTree(body.resources, values);
  return configMaps === body.configMaps && resources === body.resources ? body : { ...body, configMaps, resources };
}

/** Does rendering this body read the setting? Only then does a cluster's different value make it differ. */
function usesSetting(body: AppBodySpec, setting: keyof ResolvedSettings): boolean {
  const hasRoutes = Object.keys(body.routes ?? {}).length > 0;
  const files = [body.configMaps, body.resources];
  if (files.some((f) => variableReferences(JSON.stringify(f ?? '')).some((r) => r.name === setting))) return true;
  switch (setting) {
    case 'storageClass':
      return Object.keys(body.pvcs ?? {}).length > 0 || Object.values(body.components).some((c) => c.claimTemplates) || chartsTakeStorageClass(body);
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
