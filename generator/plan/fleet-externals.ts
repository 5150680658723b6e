/**
 * External services declared for the whole fleet (fleet.yaml) join the body of
 * each app that names one, so rendering reads every external service of the
 * app in one place. Only the ones it names: a new fleet entry changes no other
 * app's plan (and so reuses its cached output).
 */
import { dict, hasKey, merged } from '../model/dict.ts';
import type { AppBodySpec } from '../validate/schema/app.ts';
import type { ExternalServiceSpec } from '../validate/schema/external-service.ts';
import type { FleetSpec } from '../validate/schema/fleet.ts';

export function withFleetExternals(body: AppBodySpec, fleet: FleetSpec['externalServices']): AppBodySpec {
  if (!fleet) return body;
  const named = new Set<string>();
  const fromTalksTo = (talksTo: readonly (string | { external?: string })[] | undefined) => {
    for (const dep of talksTo ?? []) if (typeof dep !== 'string' && dep.external) named.add(dep.external);
  };
  for (const c of Object.values(body.components)) {
    fromTalksTo(c.talksTo);
    for (const ct of [...Object.values(c.containers), ...Object.values(c.initContainers ?? {})])
      for (const value of Object.values(ct.env ?? {}))
        if (typeof value !== 'string' && value.service && !value.app && !hasKey(body.components, value.service)) named.add(value.service);
  }
  for (const chart of Object.values(body.charts ?? {})) fromTalksTo(chart.talksTo);
  const added = [...named].filter((name) => hasKey(fleet, name) && !hasKey(body.externalServices, name)).sort();
  if (added.length === 0) return body;
  return { ...body, externalServices: merged<ExternalServiceSpec>(body.externalServices, dict(added.map((name) => [name, fleet[name]!]))) };
}
