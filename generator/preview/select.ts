/**
 * The `--cluster/--app/--env` filters of preview and graph, checked against
 * the fleet so a typo is an error with a suggestion, never an empty answer.
 */

import type { ApplicationFilter, PreviewApplication } from '../appset/fleet-applications.ts';
import { UserError } from '../diagnostics.ts';
import type { FleetPlan } from '../plan/model.ts';
import { didYouMean } from '../suggest.ts';

export function checkFilter(filter: ApplicationFilter, plan: FleetPlan, apps: readonly PreviewApplication[]): void {
  check('cluster', filter.cluster, [...plan.clusters.map((c) => c.name), ...apps.map((a) => a.cluster)]);
  check(
    'environment',
    filter.env,
    plan.environments.map((e) => e.name),
  );
  check('app', filter.app, [...plan.apps.map((a) => a.name), ...apps.map((a) => a.name)]);
}

function check(what: string, value: string | undefined, known: string[]): void {
  if (value === undefined || known.includes(value)) return;
  const hint = didYouMean(value, new Set(known));
  throw new UserError(`no ${what} named "${value}" in this fleet.${hint ? ` ${hint}` : ''}`);
}
