/**
 * What a promotion would change, decided before anything is written: for each
 * selected app, the release values of the source environment that the target
 * environment takes, and why an app is skipped (pinned, already there, not
 * running there) or refused (a rejected version, an environment skipped
 * without --force, an app without a release section). One refusal refuses
 * the whole promotion: several apps move together or not at all.
 */
import { UserError } from '../diagnostics.ts';
import { parseReleaseKeyId, versionMatches } from '../model/release.ts';
import { didYouMean } from '../suggest.ts';
import type { AppInfo, FleetReleases } from './fleet-releases.ts';
import type { EnvironmentRelease } from './release-values.ts';

export interface PromotionRequest {
  apps: string[];
  team?: string;
  all?: boolean;
  to: string;
  from?: string;
  force?: boolean;
}

export interface ValueChange {
  /** Key id: `image:<repository>` or `chart:<name>`. */
  id: string;
  from: string | undefined;
  to: string;
}

export interface ClusterReset {
  cluster: string;
  id: string;
  /** The cluster's own version, which the promoted one replaces. */
  was: string;
}

export interface AppPromotion {
  app: string;
  team: string;
  file: string;
  from: string;
  to: string;
  changes: ValueChange[];
  clusterResets: ClusterReset[];
  /** Environments between from and to that run something else, passed over with --force. */
  forcedPast: string[];
  notes: string[];
}

export interface PromotionPlan {
  to: string;
  /** Every app the request selected, sorted: the pull request's branch is named after them. */
  selected: string[];
  promotions: AppPromotion[];
  skipped: { app: string; reason: string }[];
}

export class PromotionRefused extends UserError {
  constructor(readonly reasons: { app: string; reason: string }[]) {
    super(`promotion refused; nothing was written:\n${reasons.map((r) => `  ${r.app}: ${r.reason}`).join('\n')}`);
    this.name = 'PromotionRefused';
  }
}

export function planPromotion(fleet: FleetReleases, req: PromotionRequest): PromotionPlan {
  const order = fleet.environments;
  if (!order.includes(req.to)) throw new UserError(`unknown environment "${req.to}" for --to${hint(req.to, order)}`);
  if (req.from !== undefined) {
    if (!order.includes(req.from)) throw new UserError(`unknown environment "${req.from}" for --from${hint(req.from, order)}`);
    if (order.indexOf(req.from) >= order.indexOf(req.to)) {
      throw new UserError(`--from ${req.from} must come before --to ${req.to} in the environment order of fleet.yaml (${order.join(' → ')})`);
    }
  }
  const { selected, explicit } = selectApps(fleet, req);
  const plan: PromotionPlan = { to: req.to, selected, promotions: [], skipped: [] };
  const refused: { app: string; reason: string }[] = [];
  for (const name of selected) {
    const app = fleet.apps.get(name)!;
    const outcome = promoteOne(fleet, app, req, explicit.has(name));
    if (outcome.kind === 'refused') refused.push({ app: name, reason: outcome.reason });
    else if (outcome.kind === 'skipped') plan.skipped.push({ app: name, reason: outcome.reason });
    else plan.promotions.push(outcome.promotion);
  }
  if (refused.length > 0) throw new PromotionRefused(refused);
  return plan;
}

function selectApps(fleet: FleetReleases, req: PromotionRequest): { selected: string[]; explicit: Set<string> } {
  const names = [...fleet.apps.keys()];
  const explicit = new Set<string>();
  for (const app of req.apps) {
    if (!fleet.apps.has(app)) throw new UserError(`unknown app "${app}"${hint(app, names)}`);
    explicit.add(app);
  }
  const chosen = new Set(explicit);
  if (req.team !== undefined) {
    const teamApps = names.filter((n) => fleet.apps.get(n)!.team === req.team);
    if (teamApps.length === 0) {
      const teams = [...new Set([...fleet.apps.values()].map((a) => a.team))];
      throw new UserError(`no app belongs to team "${req.team}"${hint(req.team, teams)}`);
    }
    for (const n of teamApps) chosen.add(n);
  }
  if (req.all) for (const n of names) chosen.add(n);
  if (chosen.size === 0) throw new UserError('name the apps to promote, or pass --team TEAM or --all');
  return { selected: [...chosen].sort(), explicit };
}

type Outcome = { kind: 'refused'; reason: string } | { kind: 'skipped'; reason: string } | { kind: 'promote'; promotion: AppPromotion };

function promoteOne(fleet: FleetReleases, app: AppInfo, req: PromotionRequest, explicit: boolean): Outcome {
  const envs = [...app.release.environments.keys()];
  const notHere = (reason: string): Outcome => (explicit ? { kind: 'refused', reason } : { kind: 'skipped', reason });
  if (!envs.includes(req.to)) return notHere(`does not run in ${req.to} (deployTo: ${envs.join(', ')})`);
  const order = fleet.environments;
  const earlier = envs.filter((e) => order.indexOf(e) < order.indexOf(req.to));
  const from = req.from ?? earlier[earlier.length - 1];
  if (from === undefined) return notHere(`runs in no environment before ${req.to} to promote from`);
  if (!envs.includes(from)) return notHere(`does not run in ${from} (deployTo: ${envs.join(', ')})`);
  if (!app.release.managed) return { kind: 'refused', reason: migrationHint(app) };

  const source = app.release.environments.get(from)!;
  const target = app.release.environments.get(req.to)!;
  if (target.pinned !== undefined)
    return { kind: 'skipped', reason: `pinned in ${req.to} (${target.pinned}); run flotilla unpin ${app.name} --env ${req.to} to release it` };

  for (const [cluster, own] of source.clusterOwn) {
    const differs = [...own].find(([id, version]) => source.values.get(id) !== version);
    if (!differs) continue;
    const [id, version] = differs;
    return {
      kind: 'refused',
      reason: `${from} does not run one version: cluster ${cluster} runs ${describe(id)} ${version} (release.${from}.clusters.${cluster}), the rest ${source.values.get(id) ?? 'none'}; promote from an environment that runs one version`,
    };
  }
  for (const [id, version] of source.values) {
    const { kind, name } = parseReleaseKeyId(id);
    const rejected = app.rejected.find((r) => (kind === 'image' ? r.image === name : r.chart === name) && versionMatches(r.version, version));
    if (rejected)
      return { kind: 'refused', reason: `${describe(id)} ${version} is rejected (${rejected.reason}); it may not be promoted into any environment` };
  }

  const between = earlier.filter((e) => order.indexOf(e) > order.indexOf(from));
  const differing = between.filter((e) => !sameValues(app.release.environments.get(e)!, source));
  if (differing.length > 0 && !req.force) {
    return {
      kind: 'refused',
      reason: `promoting from ${from} to ${req.to} skips ${differing.join(', ')}, which runs something else (${differing.map((e) => `${e}: ${difference(app.release.environments.get(e)!, source)}`).join('; ')}); promote through ${differing.join(', ')} first, or pass --force`,
    };
  }

  const changes: ValueChange[] = [];
  const notes: string[] = [];
  for (const [id, version] of source.values) {
    if (!target.values.has(id)) {
      notes.push(`${describe(id)} is not used in ${req.to}; left out`);
      continue;
    }
    if (target.values.get(id) !== version) changes.push({ id, from: target.values.get(id), to: version });
  }
  for (const id of target.values.keys())
    if (!source.values.has(id)) notes.push(`${describe(id)}: ${from} has no version of it; ${req.to} keeps ${target.values.get(id)}`);
  const clusterResets: ClusterReset[] = [];
  // A cluster's own entry for a promoted key would hide the promotion there: it goes (an equal one too, it would pin the cluster).
  for (const [cluster, own] of target.clusterOwn) {
    for (const [id, was] of own) if (source.values.has(id) && target.values.has(id)) clusterResets.push({ cluster, id, was });
  }
  if (changes.length === 0 && clusterResets.length === 0) return { kind: 'skipped', reason: `${req.to} already runs what ${from} runs` };
  return {
    kind: 'promote',
    promotion: { app: app.name, team: app.team, file: app.file, from, to: req.to, changes, clusterResets, forcedPast: differing, notes },
  };
}

function sameValues(a: EnvironmentRelease, b: EnvironmentRelease): boolean {
  return [...b.values].every(([id, v]) => !a.values.has(id) || a.values.get(id) === v);
}

/** What `env` runs differently from `source`, e.g. "ghcr.io/x/api 1.4.2 (dev: 1.5.0)". */
function difference(env: EnvironmentRelease, source: EnvironmentRelease): string {
  return [...source.values]
    .filter(([id, v]) => env.values.has(id) && env.values.get(id) !== v)
    .map(([id, v]) => `${describe(id)} ${env.values.get(id)} (${source.environment}: ${v})`)
    .join(', ');
}

/** `image:ghcr.io/x/api` → `ghcr.io/x/api`; `chart:redis` → `chart redis`. */
export function describe(id: string): string {
  const { kind, name } = parseReleaseKeyId(id);
  return kind === 'image' ? name : `chart ${name}`;
}

/** An app without a release section: what to write so promotion can work on it. */
function migrationHint(app: AppInfo): string {
  const lines = ['release:'];
  for (const [env, r] of app.release.environments) {
    lines.push(`  ${env}:`);
    const images = [...r.values].filter(([id]) => id.startsWith('image:'));
    const charts = [...r.values].filter(([id]) => id.startsWith('chart:'));
    if (images.length) lines.push('    images:', ...images.map(([id, v]) => `      ${parseReleaseKeyId(id).name}: ${JSON.stringify(v)}`));
    if (charts.length) lines.push('    charts:', ...charts.map(([id, v]) => `      ${parseReleaseKeyId(id).name}: ${JSON.stringify(v)}`));
  }
  return (
    `${app.file} has no release section, so Flotilla cannot tell its versions from its configuration. ` +
    `Write the images without tags, remove the chart versions, and add (the versions each environment runs today):\n${lines.map((l) => `      ${l}`).join('\n')}`
  );
}

function hint(name: string, known: string[]): string {
  const mean = didYouMean(name, known);
  return mean ? `. ${mean}` : known.length ? ` (known: ${known.join(', ')})` : '';
}
