/**
 * The whole pipeline behind one call: load → validate → plan → emit. Data
 * flows forward only; each stage's output is the next one's input.
 */
import { emitApps, emitFleet, type FleetOutput, sortFiles } from './emit/emit-fleet.ts';
import { ConfigCache } from './incremental/config-cache.ts';
import { fleetMentions } from './incremental/mentions-index.ts';
import { openConfigLog } from './incremental/store.ts';
import { appsAroundFrom } from './load/app-closure.ts';
import { loadFleet } from './load/read-fleet.ts';
import { buildPlan } from './plan/build-plan.ts';
import type { FleetPlan } from './plan/model.ts';
import { renderAppProject } from './render/argocd/app-project.ts';
import { renderApplicationSets } from './render/argocd/application-sets.ts';
import { validateFleet } from './validate/validate-fleet.ts';

export interface BuiltFleet {
  plan: FleetPlan;
  output: FleetOutput;
}

export async function buildFleet(root: string): Promise<BuiltFleet> {
  const loaded = await loadFleet(root);
  const validated = validateFleet(loaded);
  const plan = buildPlan(validated);
  const output = await emitFleet(plan);
  return { plan, output };
}

/**
 * The pipeline for a few apps, for a preview of them: only the apps around
 * them are loaded, validated and planned (those that name them or that they
 * name: load/app-closure.ts; parsing answered from the cache `generate` keeps,
 * when it has the same files), only these apps are rendered, and only their
 * teams' AppProjects and ApplicationSets holding only their entries are
 * emitted (Argo CD objects only; the files are these apps'). The output is not
 * checked as a whole, and problems of apps not loaded are not seen: `generate`
 * does that. `temporary`: the root is a copy made for this run (a revision's
 * config), whose index of names is not worth keeping.
 */
export async function buildApps(root: string, names: ReadonlySet<string>, { temporary = false } = {}): Promise<BuiltFleet> {
  const config = new ConfigCache(openConfigLog(root, { sparse: true }));
  // An app without a file (a preview of one that does not exist yet) takes the whole fleet.
  const { around, missing } = appsAroundFrom(fleetMentions(root, { keep: !temporary }), names);
  const plan = buildPlan(validateFleet(await loadFleet(root, config.parse, missing.length ? undefined : around), config));
  const selected = plan.apps.filter((a) => names.has(a.name));
  const apps = emitApps(plan, selected);
  const only = { ...plan, apps: selected };
  const argocdObjects = plan.teams
    .filter((t) => selected.some((a) => a.team === t.name))
    .flatMap((team) => [renderAppProject(plan, team), ...renderApplicationSets(only, team)]);
  return { plan, output: { files: sortFiles(apps.files), rendered: apps.rendered, argocdObjects } };
}
