/**
 * Objects that hold data which a change between two builds deletes or
 * replaces, Application by Application, without diffing every field: what
 * `generate` warns about when its new output would put data at risk compared
 * with the committed config.
 */

import { previewApplications } from '../../appset/fleet-applications.ts';
import type { PlacedDataRisk } from '../../model/stateful.ts';
import { dataAtRisk } from '../../model/stateful.ts';
import type { BuiltFleet } from '../../pipeline.ts';
import { manifestsOf } from '../manifests.ts';

export function dataAtRiskBetween(before: BuiltFleet, after: BuiltFleet): PlacedDataRisk[] {
  const next = new Map(previewApplications(after.output.argocdObjects).applications.map((a) => [a.name, a]));
  const risks: PlacedDataRisk[] = [];
  for (const old of previewApplications(before.output.argocdObjects).applications) {
    const was = manifestsOf(old, before.output.rendered, before.plan.repoUrl).objects;
    const now = next.get(old.name);
    const is = now ? manifestsOf(now, after.output.rendered, after.plan.repoUrl).objects : [];
    for (const risk of dataAtRisk(was, is)) risks.push({ ...risk, app: (now ?? old).app ?? old.name, cluster: (now ?? old).cluster });
  }
  return risks;
}
