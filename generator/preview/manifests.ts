/**
 * What an Application deploys: for each path source in the fleet repository,
 * the objects `kustomize build` of that path yields — taken from the
 * in-process renderer (FleetOutput.rendered), not from running kustomize —
 * and the objects of its Helm chart sources as helm rendered them
 * (helm/chart-applications.ts), when they were rendered.
 */

import type { ApplicationSource, PreviewApplication } from '../appset/fleet-applications.ts';
import type { ChartRenders } from '../helm/chart-applications.ts';
import type { K8sObject } from '../model/object.ts';

export interface ApplicationManifests {
  objects: K8sObject[];
  /** Kustomize paths the objects come from. */
  paths: string[];
  charts: Extract<ApplicationSource, { type: 'helm' }>[];
  /** Path sources Flotilla did not render (another repository, or a path it does not own). */
  unrendered: string[];
  /** Why the chart sources could not be rendered. */
  chartError?: string;
}

export function manifestsOf(
  app: PreviewApplication,
  rendered: ReadonlyMap<string, K8sObject[]>,
  fleetRepo?: string,
  charts?: ChartRenders,
): ApplicationManifests {
  const out: ApplicationManifests = { objects: [], paths: [], charts: [], unrendered: [] };
  for (const s of app.sources) {
    if (s.type === 'helm') out.charts.push(s);
    if (s.type !== 'path') continue;
    const objects = (!fleetRepo || s.repoURL === fleetRepo) && rendered.get(normalisePath(s.path));
    if (objects) {
      out.objects.push(...objects);
      out.paths.push(s.path);
    } else out.unrendered.push(`${s.repoURL} ${s.path}`);
  }
  const chart = charts?.get(app.name);
  if (chart && 'objects' in chart) out.objects.push(...chart.objects);
  if (chart && 'error' in chart) out.chartError = chart.error;
  return out;
}

/** Argo CD reads `./overlays/x/` and `overlays/x` alike. */
function normalisePath(p: string): string {
  return p.replace(/^\.\//, '').replace(/\/+$/, '');
}
