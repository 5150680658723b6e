/**
 * The objects of each chart Application of a built fleet, rendered by the real
 * helm, then placed as Argo CD's controller places them: a namespaced object
 * without a namespace goes to the destination namespace, a cluster-scoped one
 * loses any namespace it was given. A chart that cannot be rendered gives an
 * error naming the Application, the chart and the config line that declared
 * it; the other Applications render all the same.
 *
 * Shared by preview and diff (generator/preview/) and by commit and pr
 * (generator/deliver/), so both render charts from the same inputs, the same
 * cache and with the same offline behaviour.
 */

import { type PreviewApplication, previewApplications } from '../appset/fleet-applications.ts';
import type { GeneratorEnv } from '../appset/generators/types.ts';
import { isClusterScopedKind, type K8sObject } from '../model/object.ts';
import type { BuiltFleet } from '../pipeline.ts';
import { type ChartRelease, chartReleasesOf } from './chart-releases.ts';
import type { ChartOutcome, ChartRenderer } from './render-charts.ts';

export type ChartRender = { objects: K8sObject[] } | { error: string };

/** Application name → its chart objects (or why they could not be rendered); only Applications with chart sources. */
export type ChartRenders = Map<string, ChartRender>;

export async function renderChartApplications(apps: readonly PreviewApplication[], built: BuiltFleet, renderer: ChartRenderer): Promise<ChartRenders> {
  return renderReleases(
    apps.flatMap((a) => chartReleasesOf(a, built)),
    new Map(apps.map((a) => [a.name, a])),
    renderer,
  );
}

export async function renderReleases(
  releases: readonly ChartRelease[],
  apps: ReadonlyMap<string, PreviewApplication>,
  renderer: ChartRenderer,
): Promise<ChartRenders> {
  const renderable = releases.filter((r) => r.request);
  const outcomes = await renderer.render(renderable.map((r) => r.request!));
  const byRelease = new Map<ChartRelease, ChartOutcome>(renderable.map((r, i) => [r, outcomes[i]!]));
  const out: ChartRenders = new Map();
  for (const release of releases) {
    const app = apps.get(release.application)!;
    const outcome = byRelease.get(release);
    const previous = out.get(release.application);
    if (previous && 'error' in previous) continue;
    if (!outcome || 'error' in outcome) {
      out.set(release.application, { error: describeFailure(release, outcome) });
      continue;
    }
    const objects = outcome.objects.map((o) => placed(o, app.namespace));
    out.set(release.application, { objects: [...(previous?.objects ?? []), ...objects] });
  }
  return out;
}

function describeFailure(release: ChartRelease, outcome: ChartOutcome | undefined): string {
  if (!outcome) return `${release.application}: chart ${release.label} (${release.declared()}): ${release.problem}`;
  if (!('error' in outcome)) return '';
  const field = { 'unknown-chart': 'chart', 'unknown-version': 'version', 'not-cached': 'version', 'digest-mismatch': 'version', template: 'values' } as const;
  const at = release.declared(field[outcome.error.kind as keyof typeof field] ?? 'repo');
  return `${release.application}: ${at}: ${outcome.error.message}`;
}

/** As Argo CD's controller (NormalizeTargetObjects): objects land in the destination namespace unless cluster-scoped. */
function placed(o: K8sObject, namespace: string): K8sObject {
  if (isClusterScopedKind(o.kind)) {
    if (o.metadata.namespace === undefined) return o;
    const { namespace: _dropped, ...metadata } = o.metadata;
    return { ...o, metadata };
  }
  return o.metadata.namespace ? o : { ...o, metadata: { ...o.metadata, namespace } };
}

/** The chart releases of one side, by Application. */
interface SideReleases {
  apps: Map<string, PreviewApplication>;
  releases: Map<string, ChartRelease[]>;
}

/** Chart objects of both sides of a change; only for `changed` Applications. */
export interface ChangedCharts {
  before: ChartRenders;
  after: ChartRenders;
  /**
   * Chart Applications whose helm inputs differ between the sides, or that exist on one side only.
   * When chart, values, release, namespace, Kubernetes and API versions are all the same, helm renders
   * the same objects: there is nothing to render, fetch or compare.
   */
  changed: ReadonlySet<string>;
}

/** Which chart Applications' inputs change; `before` null: nothing was deployed (every chart Application is new). Runs no helm. */
export function changedChartApplications(
  before: BuiltFleet | null,
  after: BuiltFleet,
  env: GeneratorEnv = {},
): { before: SideReleases; after: SideReleases; changed: Set<string> } {
  const a = releasesByApplication(before, env);
  const b = releasesByApplication(after, env);
  const changed = new Set(
    [...a.releases.keys(), ...b.releases.keys()].filter((name) => fingerprint(a.releases.get(name)) !== fingerprint(b.releases.get(name))),
  );
  return { before: a, after: b, changed };
}

/** Renders the chart Applications whose inputs change, on both sides (see ChangedCharts). */
export async function renderChangedCharts(
  before: BuiltFleet | null,
  after: BuiltFleet,
  renderer: ChartRenderer,
  env: GeneratorEnv = {},
): Promise<ChangedCharts> {
  const sides = changedChartApplications(before, after, env);
  const render = (side: SideReleases) =>
    renderReleases(
      [...side.releases].filter(([name]) => sides.changed.has(name)).flatMap(([, r]) => r),
      side.apps,
      renderer,
    );
  const [beforeRenders, afterRenders] = await Promise.all([render(sides.before), render(sides.after)]);
  return { before: beforeRenders, after: afterRenders, changed: sides.changed };
}

function releasesByApplication(built: BuiltFleet | null, env: GeneratorEnv): SideReleases {
  const apps = new Map<string, PreviewApplication>();
  const releases = new Map<string, ChartRelease[]>();
  for (const app of built ? previewApplications(built.output.argocdObjects, env).applications : []) {
    apps.set(app.name, app);
    const r = chartReleasesOf(app, built!);
    if (r.length) releases.set(app.name, r);
  }
  return { apps, releases };
}

function fingerprint(releases: ChartRelease[] | undefined): string {
  return releases ? JSON.stringify(releases.map((r) => r.fingerprint)) : '';
}
