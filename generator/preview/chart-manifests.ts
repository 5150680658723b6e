/**
 * The objects of each chart Application, rendered by the real helm
 * (generator/helm), then placed as Argo CD's controller places them: a
 * namespaced object without a namespace goes to the destination namespace, a
 * cluster-scoped one loses any namespace it was given. A chart that cannot be
 * rendered gives an error naming the Application, the chart and the config
 * line that declared it; the other Applications render all the same.
 */
import type { ChartOutcome, ChartRenderer } from '../helm/render-charts.ts';
import { isClusterScopedKind, type K8sObject } from '../model/object.ts';
import type { BuiltFleet } from '../pipeline.ts';
import type { PreviewApplication } from './applications.ts';
import { type ChartRelease, chartReleasesOf } from './chart-releases.ts';

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
