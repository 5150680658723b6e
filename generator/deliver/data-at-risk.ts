/**
 * Objects that hold data (model/stateful.ts) which a delivery deletes or
 * replaces, per Argo CD Application: the input of the data guard
 * (deletion-guard.ts), of the "Data at risk" section that opens the PR body,
 * and of the commit message. Compared on the objects each Application deploys,
 * before (the committed output, as its config builds) and after.
 */
import { compareStrings } from '../diagnostics.ts';
import { dataAtRisk, type PlacedDataRisk } from '../model/stateful.ts';
import type { ApplicationRef } from './applications.ts';
import type { FleetSnapshot } from './snapshot.ts';

export interface ApplicationDataRisk extends PlacedDataRisk {
  application: string;
  environment: string;
}

export interface DataRiskReport {
  risks: ApplicationDataRisk[];
  /** Why objects could not be compared (the committed side did not build); null when they were. */
  unknown: string | null;
}

/**
 * `names`: the Applications to compare (those the change touches). Helm chart releases are not
 * rendered by Flotilla and are left to the chart preview.
 */
export function dataRiskOf(before: FleetSnapshot, after: FleetSnapshot, names: Iterable<string>): DataRiskReport {
  const risks: ApplicationDataRisk[] = [];
  let unknown: string | null = null;
  for (const name of names) {
    const b = before.inventory.applications.get(name);
    const a = after.inventory.applications.get(name);
    if (b?.kind !== 'app') continue; // nothing deployed before (or a chart release): nothing to judge here
    if (!before.rendered) {
      unknown = before.note ?? 'the committed objects are unknown';
      continue;
    }
    const was = before.rendered.get(b.source) ?? [];
    const is = a && a.kind === 'app' ? (after.rendered?.get(a.source) ?? []) : [];
    for (const risk of dataAtRisk(was, is)) risks.push({ ...risk, ...where(b, a) });
  }
  risks.sort((x, y) => compareStrings(x.ref, y.ref) || compareStrings(x.reason, y.reason) || compareStrings(x.cluster, y.cluster));
  return { risks, unknown };
}

function where(b: ApplicationRef, a: ApplicationRef | undefined): Pick<ApplicationDataRisk, 'application' | 'app' | 'environment' | 'cluster'> {
  const ref = a ?? b;
  return { application: ref.name, app: ref.app, environment: ref.environment, cluster: ref.cluster };
}
