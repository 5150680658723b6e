/**
 * Every generated ApplicationSet is evaluated the way Argo CD's controller
 * will (Flotilla's evaluator in appset/: Go templates with missingkey=error,
 * list and matrix generators), and what it yields must be exactly what the
 * plan means: the same Application names, projects, destinations, sources
 * and labels, for every app on every cluster of its environments. An
 * ApplicationSet Argo CD could not evaluate, or whose templates would turn a
 * config value into something else, fails `generate` instead of the cluster.
 * The intent is stated here from the plan alone, not from the renderer, so a
 * bug in either shows up as a difference.
 *
 * Cost stays linear in apps × environments plus clusters, like the output:
 * a matrix of a cluster list and an app list yields every pair, but a pair's
 * fields depend on each side alone, except where an element names the other
 * (an app's per-cluster overlay path). So each matrix is evaluated as its
 * clusters × its first app, its first cluster × the other apps, and every
 * pair an element names; every element takes part, every per-cluster
 * override is rendered, and that each app and chart reaches each cluster of
 * its environments follows from the matrix, checked by coverage below.
 */
import { generateApplications } from '../appset/generate-applications.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { LABEL, MANAGED_BY } from '../model/names.ts';
import type { K8sObject } from '../model/object.ts';
import { chartValuesPath, clusterOverlayPath, envOverlayPath, namespacesPath } from '../model/paths.ts';
import type { AppPlan, AppVariant, ClusterPlan, FleetPlan } from '../plan/model.ts';
import { PLATFORM_PROJECT } from '../render/argocd/app-project.ts';
import { NAMESPACES_APPSET } from '../render/argocd/namespaces.ts';
import { chartReleaseName } from '../render/context.ts';

/** The parts of an Application that decide what runs where. */
interface Intended {
  project: string;
  /** No namespace for the platform's namespace Applications: Namespaces are cluster-scoped. */
  destination: { server: string; namespace?: string };
  sources: Record<string, unknown>[];
  labels: Record<string, string>;
  /** What this Application deploys: the app itself, or one of its charts. */
  unit: string;
}

/** What checking one ApplicationSet found. Without problems it can be kept between runs (incremental/app-set-checks.ts). */
export interface ApplicationSetOutcome {
  problems: string[];
  /** The Applications it yields. */
  names: string[];
  /** See `reached` in checkApplicationSets. */
  reached: string[];
}

/**
 * All that checking an ApplicationSet reads of the plan, as methods, so that
 * a cached outcome can record its questions and a later run ask them again
 * (incremental/recorder.ts).
 */
export interface IntentView {
  /** What the Applications of an app are made from; null for an unknown app. */
  app(name: string): AppIntent | null;
  /** What the Applications on a cluster are made from; null for an unknown cluster. */
  cluster(name: string): ClusterIntent | null;
  fleet(): { repoUrl: string; revision: string };
  /** Whether any app runs in the environment (then its clusters get a namespace Application). */
  environmentHasApps(environment: string): boolean;
}

/** Of an app, exactly what its intended Applications read: few fields, so asking again is cheap. */
interface AppIntent {
  name: string;
  team: string;
  applicationId: string;
  namespace: string;
  /** Environment → its charts, by name. */
  environments: [string, [string, { repo: string; chart: string; version: string; namespace?: string }][]][];
  /** Cluster with a variant of its own → the charts that variant has. */
  clusterVariants: [string, string[]][];
}

type ClusterIntent = Pick<ClusterPlan, 'name' | 'environment' | 'region' | 'server' | 'applicationId'>;

/** Checks one ApplicationSet against the plan's intent; the default evaluates it, a cache may answer instead. */
export type ApplicationSetChecker = (set: K8sObject, projects: ReadonlySet<string>, view: IntentView) => ApplicationSetOutcome;

export function checkApplicationSets(fleet: FleetPlan, argocd: K8sObject[], checkSet: ApplicationSetChecker = checkApplicationSet): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const projects = new Set(argocd.filter((o) => o.kind === 'AppProject').map((o) => o.metadata.name));
  const view = intentView(fleet);
  // `<unit>@<environment>`, `<team>@<cluster>` (its apps), `<team> charts@<cluster>` and `namespaces@<cluster>`
  const reached = new Set<string>();
  const names = new Map<string, string>();
  for (const set of argocd.filter((o) => o.kind === 'ApplicationSet')) {
    const team = set.metadata.labels?.[LABEL.team] ?? '';
    const at = (message: string) => problems.push({ ...fleet.locateFleet(['teams', team], true), message, severity: 'error' });
    const outcome = checkSet(set, projects, view);
    for (const message of outcome.problems) at(message);
    for (const name of outcome.names) {
      const other = names.get(name);
      if (other && other !== set.metadata.name) at(`ApplicationSets ${other} and ${set.metadata.name} both yield the Application ${name}`);
      names.set(name, set.metadata.name);
    }
    for (const r of outcome.reached) reached.add(r);
  }
  const clustersOf = new Map<string, ClusterPlan[]>();
  for (const c of fleet.clusters) {
    const list = clustersOf.get(c.environment);
    if (list) list.push(c);
    else clustersOf.set(c.environment, [c]);
  }
  // What a team reaches on an environment's clusters is the same for each of its apps: checked once per team and environment.
  const teamChecked = new Set<string>();
  for (const app of fleet.apps) {
    const missing = (what: string) =>
      problems.push({ ...fleet.locateFleet(['teams', app.team], true), message: `no generated ApplicationSet deploys ${what}`, severity: 'error' });
    for (const [env, variant] of app.envVariants) {
      const envClusters = clustersOf.get(env) ?? [];
      if (envClusters.length === 0) continue;
      if (!reached.has(`${app.name}@${env}`)) missing(`app ${app.name} to environment ${env}`);
      const charts = Object.keys(variant.body.charts ?? {});
      for (const chart of charts) if (!reached.has(`${app.name}/${chart}@${env}`)) missing(`chart ${chart} of app ${app.name} to environment ${env}`);
      if (charts.length > 0 && !teamChecked.has(`${app.team} charts@${env}`)) {
        teamChecked.add(`${app.team} charts@${env}`);
        for (const c of envClusters) if (!reached.has(`${app.team} charts@${c.name}`)) missing(`the charts of team ${app.team} to cluster ${c.name}`);
      }
      if (teamChecked.has(`${app.team}@${env}`)) continue;
      teamChecked.add(`${app.team}@${env}`);
      for (const c of envClusters) {
        if (!reached.has(`${app.team}@${c.name}`)) missing(`the apps of team ${app.team} to cluster ${c.name}`);
        if (!reached.has(`namespaces@${c.name}`)) missing(`the namespaces of environment ${env} to cluster ${c.name}`);
      }
    }
  }
  return [...new Map(problems.map((p) => [p.message, p])).values()];
}

/** Evaluates one ApplicationSet as Argo CD would and compares each Application it yields with what the plan intends. */
export function checkApplicationSet(set: K8sObject, projects: ReadonlySet<string>, view: IntentView): ApplicationSetOutcome {
  const outcome: ApplicationSetOutcome = { problems: [], names: [], reached: [] };
  const result = generateApplications(withSampledMatrices(set), {}, projects);
  for (const error of result.errors) outcome.problems.push(`Argo CD could not evaluate the generated ApplicationSet ${set.metadata.name}: ${error}`);
  for (const application of result.applications) {
    const name = application.metadata.name;
    const labels = application.metadata.labels ?? {};
    const clusterName = labels[LABEL.cluster] ?? '';
    const cluster = view.cluster(clusterName);
    const app = view.app(labels[LABEL.partOf] ?? '');
    const intended = !cluster
      ? undefined
      : app
        ? intendedOn(view.fleet(), app, cluster)
        : set.metadata.name === NAMESPACES_APPSET
          ? namespacesOn(view, cluster)
          : undefined;
    const want = intended?.get(name);
    if (!want) {
      outcome.problems.push(
        `the generated ApplicationSet ${set.metadata.name} yields an Application ${name} (labels ${JSON.stringify(labels)}) that Flotilla does not intend`,
      );
      continue;
    }
    outcome.names.push(name);
    for (const difference of differences(application, want))
      outcome.problems.push(`the generated ApplicationSet ${set.metadata.name} yields Application ${name} with ${difference}`);
    if (!app) {
      outcome.reached.push(`namespaces@${clusterName}`);
      continue;
    }
    outcome.reached.push(`${want.unit}@${cluster!.environment}`);
    // Apps and charts are separate lists: a team's chart Applications on a cluster do not show that its apps reach it.
    outcome.reached.push(`${want.unit === labels[LABEL.partOf] ? app.team : `${app.team} charts`}@${clusterName}`);
  }
  return outcome;
}

function intentView(fleet: FleetPlan): IntentView {
  const apps = new Map(fleet.apps.map((a) => [a.name, a]));
  const clusters = new Map(fleet.clusters.map((c) => [c.name, c]));
  const charts = (v: AppVariant): AppIntent['environments'][number][1] =>
    Object.entries(v.body.charts ?? {}).map(([name, c]) => [name, { repo: c.repo, chart: c.chart, version: c.version, namespace: c.namespace }]);
  // Each set asks about the same app once per cluster it samples: made once per run.
  const intents = new Map<string, AppIntent>();
  const intentOf = (app: AppPlan): AppIntent => ({
    name: app.name,
    team: app.team,
    applicationId: app.applicationId,
    namespace: app.namespace,
    environments: [...app.envVariants].map(([env, v]) => [env, charts(v)]),
    clusterVariants: [...app.clusterVariants].map(([cluster, v]) => [cluster, Object.keys(v.body.charts ?? {})]),
  });
  const environments = new Set(fleet.apps.flatMap((a) => [...a.envVariants.keys()]));
  return {
    app(name) {
      const app = apps.get(name);
      if (!app) return null;
      if (!intents.has(name)) intents.set(name, intentOf(app));
      return intents.get(name)!;
    },
    cluster(name) {
      const c = clusters.get(name);
      return c ? { name: c.name, environment: c.environment, region: c.region, server: c.server, applicationId: c.applicationId } : null;
    },
    fleet: () => ({ repoUrl: fleet.repoUrl, revision: fleet.revision }),
    environmentHasApps: (env) => environments.has(env),
  };
}

type Generator = { matrix?: { generators?: unknown[] } } & Record<string, unknown>;
type Element = Record<string, unknown>;

/** The ApplicationSet with each matrix of two plain lists replaced by the samples described above; anything else as it is. */
function withSampledMatrices(set: K8sObject): K8sObject {
  const spec = set.spec as { generators?: Generator[] };
  return { ...set, spec: { ...spec, generators: (spec.generators ?? []).flatMap((g) => sampleMatrix(g) ?? [g]) } };
}

function sampleMatrix(g: Generator): Generator[] | undefined {
  const children = g.matrix?.generators;
  if (Object.keys(g).length !== 1 || !Array.isArray(children) || children.length !== 2) return undefined;
  const [first, second] = children.map(plainListElements);
  if (!first || !second || first.length === 0 || second.length === 0) return undefined;
  const matrix = (a: Element[], b: Element[]): Generator => ({ matrix: { generators: [{ list: { elements: a } }, { list: { elements: b } }] } });
  const out = [matrix(first, [second[0]]), ...(second.length > 1 ? [matrix([first[0]], second.slice(1))] : [])];
  // Pairs an element of the second list names by a map key (an app's overlay path per cluster).
  const byValue = new Map<string, Set<Element>>();
  for (const a of first) for (const value of stringLeaves(a)) byValue.set(value, (byValue.get(value) ?? new Set()).add(a));
  second.slice(1).forEach((b) => {
    const named = new Set<Element>();
    for (const key of nestedKeys(b)) for (const a of byValue.get(key) ?? []) if (a !== first[0]) named.add(a);
    if (named.size) out.push(matrix([...named], [b]));
  });
  return out;
}

function plainListElements(g: unknown): Element[] | undefined {
  const list = (g as { list?: { elements?: unknown } })?.list;
  if (!list || Object.keys(g as object).length !== 1 || Object.keys(list).length !== 1 || !Array.isArray(list.elements)) return undefined;
  return list.elements as Element[];
}

function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringLeaves);
  return [];
}

/** The keys of the maps nested inside an element's top-level parameter (`app.clusterPaths.<cluster>`). */
function nestedKeys(element: Element): string[] {
  const keys: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [k, v] of Object.entries(value)) {
      if (depth >= 2) keys.push(k);
      walk(v, depth + 1);
    }
  };
  walk(element, 0);
  return keys;
}

function differences(app: K8sObject, want: Intended): string[] {
  const spec = app.spec as { project?: string; destination?: unknown; source?: unknown; sources?: unknown[] };
  const labels = app.metadata.labels ?? {};
  const got = {
    project: spec.project,
    destination: spec.destination,
    sources: spec.sources ?? (spec.source ? [spec.source] : []),
    labels: Object.fromEntries(Object.keys(want.labels).map((k) => [k, labels[k]])),
  };
  const out: string[] = [];
  for (const field of ['project', 'destination', 'sources', 'labels'] as const) {
    if (!sameData(got[field], want[field])) out.push(`${field} ${JSON.stringify(got[field])}, where Flotilla intends ${JSON.stringify(want[field])}`);
  }
  return out;
}

/** Equal as JSON data: own keys and values, whatever the objects' prototypes. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Application name → what it must be, for an app (and its chart releases) on one cluster. */
function intendedOn(fleet: { repoUrl: string; revision: string }, app: AppIntent, cluster: ClusterIntent): Map<string, Intended> {
  const out = new Map<string, Intended>();
  const env = cluster.environment;
  const variant = app.environments.find(([e]) => e === env)?.[1];
  if (!variant) return out;
  const clusterVariant = app.clusterVariants.find(([c]) => c === cluster.name)?.[1];
  const labels = {
    [LABEL.team]: app.team,
    [LABEL.environment]: env,
    [LABEL.cluster]: cluster.name,
    [LABEL.region]: cluster.region,
    [LABEL.partOf]: app.name,
  };
  out.set(`${app.applicationId}-${cluster.applicationId}`, {
    unit: app.name,
    project: app.team,
    destination: { server: cluster.server, namespace: app.namespace },
    sources: [
      {
        repoURL: fleet.repoUrl,
        targetRevision: fleet.revision,
        path: clusterVariant ? clusterOverlayPath(cluster.name, app.name) : envOverlayPath(env, app.name),
      },
    ],
    labels,
  });
  for (const [chart, spec] of variant) {
    const valuesDir = clusterVariant?.includes(chart) ? clusterOverlayPath(cluster.name, app.name) : envOverlayPath(env, app.name);
    out.set(`${chartReleaseName(app.applicationId, chart)}-${cluster.applicationId}`, {
      unit: `${app.name}/${chart}`,
      project: app.team,
      destination: { server: cluster.server, namespace: spec.namespace ?? app.namespace },
      sources: [
        {
          repoURL: spec.repo.replace(/^oci:\/\//, ''),
          chart: spec.chart,
          targetRevision: spec.version,
          helm: { releaseName: chartReleaseName(app.name, chart), valueFiles: [`$values/${chartValuesPath(valuesDir, chart)}`] },
        },
        { repoURL: fleet.repoUrl, targetRevision: fleet.revision, ref: 'values' },
      ],
      labels,
    });
  }
  return out;
}

/** The platform's Application that creates the namespaces of a cluster's environment, if any app runs there. */
function namespacesOn(view: IntentView, cluster: ClusterIntent): Map<string, Intended> {
  const out = new Map<string, Intended>();
  if (!view.environmentHasApps(cluster.environment)) return out;
  const fleet = view.fleet();
  out.set(`${NAMESPACES_APPSET}-${cluster.applicationId}`, {
    unit: 'namespaces',
    project: PLATFORM_PROJECT,
    destination: { server: cluster.server },
    sources: [{ repoURL: fleet.repoUrl, targetRevision: fleet.revision, path: namespacesPath(cluster.environment) }],
    labels: { [LABEL.managedBy]: MANAGED_BY, [LABEL.environment]: cluster.environment, [LABEL.cluster]: cluster.name, [LABEL.partOf]: NAMESPACES_APPSET },
  });
  return out;
}
