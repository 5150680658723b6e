/**
 * The chart objects a diff needs: only for chart Applications whose helm
 * inputs differ between the two sides (or that exist on one side only). When
 * chart, values, release, namespace, Kubernetes and API versions are all the
 * same, helm renders the same objects, so there is nothing to render and
 * nothing to fetch.
 */
import type { GeneratorEnv } from '../../appset/generators/types.ts';
import type { ChartRenderer } from '../../helm/render-charts.ts';
import type { BuiltFleet } from '../../pipeline.ts';
import { type PreviewApplication, previewApplications } from '../applications.ts';
import { renderReleases } from '../chart-manifests.ts';
import { type ChartRelease, chartReleasesOf } from '../chart-releases.ts';
import type { DiffCharts } from './fleet-diff.ts';

export async function renderDiffCharts(before: BuiltFleet, after: BuiltFleet, renderer: ChartRenderer, env: GeneratorEnv = {}): Promise<DiffCharts> {
  const a = releasesByApplication(before, env);
  const b = releasesByApplication(after, env);
  const changed = (name: string) => fingerprint(a.releases.get(name)) !== fingerprint(b.releases.get(name));
  const [beforeRenders, afterRenders] = await Promise.all([
    renderReleases(
      [...a.releases].filter(([n]) => changed(n)).flatMap(([, r]) => r),
      a.apps,
      renderer,
    ),
    renderReleases(
      [...b.releases].filter(([n]) => changed(n)).flatMap(([, r]) => r),
      b.apps,
      renderer,
    ),
  ]);
  return { before: beforeRenders, after: afterRenders };
}

function releasesByApplication(built: BuiltFleet, env: GeneratorEnv) {
  const apps = new Map<string, PreviewApplication>();
  const releases = new Map<string, ChartRelease[]>();
  for (const app of previewApplications(built.output.argocdObjects, env).applications) {
    apps.set(app.name, app);
    const r = chartReleasesOf(app, built);
    if (r.length) releases.set(app.name, r);
  }
  return { apps, releases };
}

function fingerprint(releases: ChartRelease[] | undefined): string {
  return releases ? JSON.stringify(releases.map((r) => r.fingerprint)) : '';
}
