/**
 * Objects that hold data (model/stateful.ts) which a delivery deletes or
 * replaces, per Argo CD Application: the input of the data guard
 * (deletion-guard.ts), of the "Data at risk" section that opens the PR body,
 * and of the commit message. Compared on the objects each Application deploys,
 * before (the committed output, as its config builds) and after.
 */
import { compareStrings } from '../diagnostics.ts';
import type { ChartRenders } from '../helm/chart-applications.ts';
import type { K8sObject } from '../model/object.ts';
import { dataAtRisk, type PlacedDataRisk } from '../model/stateful.ts';
import type { ApplicationRef } from './applications.ts';
import type { DeliveryCharts } from './chart-changes.ts';
import type { FleetSnapshot } from './snapshot.ts';

export interface ApplicationDataRisk extends PlacedDataRisk {
  application: string;
  environment: string;
}

export interface DataRiskReport {
  risks: ApplicationDataRisk[];
  /** Why objects could not be compared (the committed side did not build); null when they were. */
  unknown: string | null;
  /** Chart Applications deployed now whose chart changes but was not rendered, so their objects were not compared, and why. */
  charts: { application: string; reason: string }[];
  /** Set when charts were turned off (--skip-charts): the charts above are reported, not refused. */
  chartsSkipped: string | null;
}

/**
 * `names`: the Applications to compare (those the change touches). A chart Application is compared
 * on the objects helm rendered for it on each side (`charts`); when its inputs do not change, helm
 * renders the same objects and there is nothing to judge. `notRendered`: chart Applications whose
 * objects are not known, and why.
 */
export function dataRiskOf(
  before: FleetSnapshot,
  after: FleetSnapshot,
  names: Iterable<string>,
  charts: DeliveryCharts,
  notRendered: ReadonlyMap<string, string>,
): DataRiskReport {
  const risks: ApplicationDataRisk[] = [];
  const unchecked: DataRiskReport['charts'] = [];
  let unknown: string | null = null;
  for (const name of names) {
    const b = before.inventory.applications.get(name);
    const a = after.inventory.applications.get(name);
    if (!b) continue; // nothing deployed before: nothing to judge here
    if (b.kind === 'chart' && !charts.changed.has(name)) continue;
    if (!before.rendered) {
      unknown = before.note ?? 'the committed objects are unknown';
      continue;
    }
    const reason = notRendered.get(name);
    if (reason !== undefined) {
      unchecked.push({ application: name, reason });
      continue;
    }
    const was = objectsOf(b, before.rendered, charts.before);
    const is = a && after.rendered ? objectsOf(a, after.rendered, charts.after) : [];
    for (const risk of dataAtRisk(was, is)) risks.push({ ...risk, ...where(b, a) });
  }
  risks.sort((x, y) => compareStrings(x.ref, y.ref) || compareStrings(x.reason, y.reason) || compareStrings(x.cluster, y.cluster));
  unchecked.sort((x, y) => compareStrings(x.application, y.application));
  return { risks, unknown, charts: unchecked, chartsSkipped: charts.skipped };
}

function objectsOf(ref: ApplicationRef, rendered: Map<string, K8sObject[]>, charts: ChartRenders): readonly K8sObject[] {
  if (ref.kind === 'app') return rendered.get(ref.source) ?? [];
  const render = charts.get(ref.name);
  return render && 'objects' in render ? render.objects : [];
}

function where(b: ApplicationRef, a: ApplicationRef | undefined): Pick<ApplicationDataRisk, 'application' | 'app' | 'environment' | 'cluster'> {
  const ref = a ?? b;
  return { application: ref.name, app: ref.app, environment: ref.environment, cluster: ref.cluster };
}
