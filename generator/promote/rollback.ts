/**
 * `flotilla rollback` and `flotilla unpin` as release changes.
 *
 * Rollback puts one environment of one app back on the release it ran
 * before — found on the first-parent history of the default branch, skipping
 * states with a rejected version — or on the latest earlier state with
 * `--to <version>`, and pins it there, so a later `flotilla promote` skips it
 * (and says so) instead of undoing the rollback. `flotilla unpin` lifts the pin.
 */
import path from 'node:path';
import { labelsFor } from '../deliver/github/pr-labels.ts';
import { UserError } from '../diagnostics.ts';
import { parseReleaseKeyId, type ReleaseValues, versionMatches } from '../model/release.ts';
import { didYouMean } from '../suggest.ts';
import type { ComputeChange, ReleaseChange } from './deliver-release.ts';
import { applyRollback, applyUnpin } from './edit-release.ts';
import type { AppInfo } from './fleet-releases.ts';
import { type HistoryCommit, readReleaseHistory } from './history.ts';
import { describe } from './plan-promotion.ts';
import type { EnvironmentRelease } from './release-values.ts';

export const ROLLBACK_LABEL = 'rollback';

export interface RollbackRequest {
  app: string;
  env: string;
  /** A version the environment ran before (any image or chart of the app at that version). */
  to?: string;
  reason?: string;
}

export function rollbackBranch(env: string, app: string): string {
  return `flotilla/rollback-${env}-${app}`;
}

export function unpinBranch(env: string, apps: string[]): string {
  return `flotilla/unpin-${env}-${[...apps].sort().join('-')}`.slice(0, 120);
}

interface State {
  values: ReleaseValues;
  clusterOwn: Map<string, ReleaseValues>;
  commit: HistoryCommit;
}

export function rollbackChange(req: RollbackRequest): ComputeChange {
  return async (ctx) => {
    const app = appIn(ctx.fleet.apps, req.app);
    const current = app.release.environments.get(req.env);
    if (!current) throw new UserError(`${req.app} does not run in ${req.env} (it runs in ${[...app.release.environments.keys()].join(', ')})`);
    if (!app.release.managed)
      throw new UserError(`${app.file} has no release section; roll back by editing its image tags (flotilla promote explains how to add one)`);
    if (!ctx.repoDir || !ctx.history) throw new UserError('rollback finds earlier versions in the git history: run it inside the fleet repository');
    const prefix = path.relative(ctx.repoDir, ctx.root).split(path.sep).join('/');
    const history = await readReleaseHistory(ctx.repoDir, ctx.history.ref, { prefix });
    const states: State[] = [];
    for (const point of history.points) {
      const env = point.apps.get(req.app)?.environments.get(req.env);
      if (env && point.apps.get(req.app)?.managed !== undefined) states.push({ values: env.values, clusterOwn: env.clusterOwn, commit: point.commit });
    }
    const target = pickTarget(states, current, app, req, ctx.history.label);
    // Only what the app uses now is set back: a key the old state lacks keeps its current version.
    const values = new Map([...current.values].map(([id, v]) => [id, target.values.get(id) ?? v]));
    const changes = [...values].filter(([id, v]) => current.values.get(id) !== v);
    const own = new Map(
      [...target.clusterOwn]
        .filter(([cluster]) => current.clusters.has(cluster))
        .map(([c, v]) => [c, new Map([...v].filter(([id]) => current.values.has(id)))]),
    );
    const what = changes.map(([id, v]) => `${describe(id)} ${current.values.get(id)} → ${v}`).join(', ') || 'cluster versions';
    const pin = `${req.reason ? `${req.reason}; ` : ''}rolled back: ${what}`;
    const text = applyRollback(app.file, app.text, req.env, values, own, current.clusterOwn, pin);
    const versions = [...new Set(changes.map(([id, v]) => `${current.values.get(id)} → ${v}`))];
    const change: ReleaseChange = {
      files: new Map([[app.file, text]]),
      title: `flotilla: roll back ${req.app} in ${req.env}${versions.length === 1 ? ` (${versions[0]})` : ''}`,
      lines: [
        `${req.app} in ${req.env}: back to the release of ${target.commit.sha.slice(0, 12)}${target.commit.pullRequest ? ` (#${target.commit.pullRequest})` : ''}`,
        ...changes.map(([id, v]) => `  ${describe(id)} ${current.values.get(id)} → ${v}`),
        `  pinned: flotilla promote skips ${req.app} in ${req.env} until flotilla unpin ${req.app} --env ${req.env}`,
      ],
      markdown: [
        `## Rollback of \`${req.app}\` in \`${req.env}\``,
        '',
        `Back to the release ${req.env} ran as of \`${target.commit.sha.slice(0, 12)}\`${target.commit.pullRequest ? ` (#${target.commit.pullRequest})` : ''} on ${ctx.history.label}.`,
        '',
        '| Image or chart | Now | Rolled back to |',
        '|---|---|---|',
        ...changes.map(([id, v]) => `| \`${describe(id)}\` | ${current.values.get(id)} | **${v}** |`),
        '',
        `📌 **Pinned:** \`flotilla promote\` skips ${req.app} in ${req.env} (and says so) until \`flotilla unpin ${req.app} --env ${req.env}\`.`,
        '',
      ],
      labels: [ROLLBACK_LABEL, ...labelsFor({ teams: [app.team], environments: [req.env], deletions: false })],
    };
    return { change };
  };
}

function pickTarget(states: State[], current: EnvironmentRelease, app: AppInfo, req: RollbackRequest, where: string): State {
  const same = (s: State) => key(s.values, s.clusterOwn) === key(current.values, current.clusterOwn);
  const rejectedIn = (s: State) =>
    [...s.values].find(([id, v]) => app.rejected.some((r) => (r.image ?? r.chart) === parseReleaseKeyId(id).name && versionMatches(r.version, v)));
  if (req.to !== undefined) {
    if ([...current.values.values()].includes(req.to)) throw new UserError(`${req.app} already runs ${req.to} in ${req.env}`);
    const found = [...states].reverse().find((s) => [...s.values.values()].includes(req.to!));
    if (!found) throw new UserError(`${req.app} never ran ${req.to} in ${req.env} on ${where}; flotilla versions shows what it runs`);
    const bad = rejectedIn(found);
    if (bad) throw new UserError(`${describe(bad[0])} ${bad[1]} is rejected; roll back to another version`);
    return found;
  }
  // Newest first: past the states equal to now (the current release, and any earlier run of it) to the one before.
  let i = states.length - 1;
  while (i >= 0 && same(states[i]!)) i--;
  for (; i >= 0; i--) {
    if (same(states[i]!)) continue;
    if (!rejectedIn(states[i]!)) return states[i]!;
  }
  throw new UserError(`${req.app} in ${req.env} has no earlier release on ${where} (without a rejected version) to roll back to`);
}

function key(values: ReleaseValues, own: Map<string, ReleaseValues>): string {
  return JSON.stringify([[...values].sort(), [...own].sort().map(([c, v]) => [c, [...v].sort()])]);
}

export function unpinChange(apps: string[], env: string): ComputeChange {
  return async (ctx) => {
    const files = new Map<string, string>();
    const lines: string[] = [];
    const teams = new Set<string>();
    for (const name of apps) {
      const app = appIn(ctx.fleet.apps, name);
      const release = app.release.environments.get(env);
      if (!release) throw new UserError(`${name} does not run in ${env}`);
      if (release.pinned === undefined) {
        lines.push(`${name}: not pinned in ${env}`);
        continue;
      }
      files.set(app.file, applyUnpin(app.file, app.text, env));
      teams.add(app.team);
      lines.push(`${name}: unpinned in ${env} (was: ${release.pinned})`);
    }
    if (files.size === 0) return { nothing: `nothing to unpin: ${lines.join('; ')}` };
    const names = [...files.keys()].map((f) => path.basename(f, '.yaml'));
    return {
      change: {
        files,
        title: `flotilla: unpin ${names.join(', ')} in ${env}`,
        lines,
        markdown: [`## Unpin in \`${env}\``, '', ...lines.map((l) => `- ${l}`), '', `\`flotilla promote --to ${env}\` moves ${names.join(', ')} again.`, ''],
        labels: [ROLLBACK_LABEL, ...labelsFor({ teams: [...teams], environments: [env], deletions: false })],
      },
    };
  };
}

function appIn(apps: Map<string, AppInfo>, name: string): AppInfo {
  const app = apps.get(name);
  if (!app) throw new UserError(`unknown app "${name}"${didYouMean(name, apps.keys()) ? `. ${didYouMean(name, apps.keys())}` : ''}`);
  return app;
}
