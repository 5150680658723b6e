/**
 * `flotilla promote` as a release change: plan (plan-promotion.ts), pass the
 * target environment's gates (gates.ts), then edit the app files
 * (edit-release.ts). Gates are checked for every app before any file is
 * edited; one refusal stops the whole promotion.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { previewApplications } from '../appset/fleet-applications.ts';
import { labelsFor } from '../deliver/github/pr-labels.ts';
import { UserError } from '../diagnostics.ts';
import { buildFleet } from '../pipeline.ts';
import type { ArgoCdClient } from './argocd-client.ts';
import type { ComputeChange, ComputeContext, ReleaseChange } from './deliver-release.ts';
import { applyPromotion } from './edit-release.ts';
import { type GateResult, healthGate, releaseReader, soakGate } from './gates.ts';
import { readReleaseHistory } from './history.ts';
import { type AppPromotion, describe, type PromotionPlan, type PromotionRequest, planPromotion } from './plan-promotion.ts';

export const PROMOTION_LABEL = 'promotion';

export class GateRefused extends UserError {
  /** EXIT.gateRefused: a gate is not an error in the config, and CI may want to retry later. */
  readonly exitCode = 5;
  constructor(readonly results: GateResult[]) {
    const refused = results.filter((r) => !r.passed);
    super(
      `promotion refused by ${refused.length === 1 ? 'a gate' : `${refused.length} gates`}; nothing was written:\n${refused.map((r) => `  ${r.app}: ${r.gate} gate: ${r.detail}`).join('\n')}`,
    );
    this.name = 'GateRefused';
  }
}

export interface PromoteOptions extends PromotionRequest {
  /** Needed when the target environment has a health gate. */
  argocd?: ArgoCdClient;
  now?: () => number;
}

/** The branch a promotion's pull request lives on: one per target environment and set of apps. */
export function promotionBranch(to: string, apps: string[]): string {
  const name = `flotilla/promote-${to}-${apps.join('-')}`;
  if (name.length <= 100) return name;
  const hash = createHash('sha256').update(apps.join('\n')).digest('hex').slice(0, 8);
  return `flotilla/promote-${to}-${apps.slice(0, 3).join('-')}-and-${apps.length - 3}-more-${hash}`;
}

/** The promotion as a release change; `lastPlan` is the plan of the latest run (for the command's report of skipped apps). */
export function promotionChange(opts: PromoteOptions): { compute: ComputeChange; lastPlan: () => PromotionPlan | undefined } {
  let last: PromotionPlan | undefined;
  const compute: ComputeChange = async (ctx) => {
    const plan = planPromotion(ctx.fleet, opts);
    last = plan;
    if (plan.promotions.length === 0) {
      return { nothing: `nothing to promote to ${plan.to}: ${plan.skipped.map((s) => `${s.app} ${s.reason}`).join('; ')}` };
    }
    const gates = await checkGates(ctx, plan, opts);
    const files = new Map<string, string>();
    for (const p of plan.promotions) files.set(p.file, applyPromotion(p.file, files.get(p.file) ?? ctx.fleet.apps.get(p.app)!.text, p));
    const teams = [...new Set(plan.promotions.map((p) => p.team))];
    const change: ReleaseChange = {
      files,
      title: titleOf(plan),
      lines: [
        ...plan.promotions.flatMap(textLines),
        ...plan.skipped.map((s) => `${s.app}: skipped, ${s.reason}`),
        ...gates.map((g) => `gate ${g.gate} passed for ${g.app}: ${g.detail}`),
      ],
      markdown: markdownOf(plan, gates, ctx),
      labels: [PROMOTION_LABEL, ...labelsFor({ teams, environments: [plan.to], deletions: false })],
    };
    return { change };
  };
  return { compute, lastPlan: () => last };
}

async function checkGates(ctx: ComputeContext, plan: PromotionPlan, opts: PromoteOptions): Promise<GateResult[]> {
  const gates = ctx.fleet.gates.get(plan.to) ?? {};
  const results: GateResult[] = [];
  const now = (opts.now ?? Date.now)();
  if (gates.soak) {
    if (!ctx.repoDir || !ctx.history)
      throw new UserError(`${plan.to} has a soak gate, which reads the git history: run flotilla promote inside the fleet repository`);
    const prefix = path.relative(ctx.repoDir, ctx.root).split(path.sep).join('/');
    const history = await readReleaseHistory(ctx.repoDir, ctx.history.ref, { prefix });
    history.ref = ctx.history.label;
    for (const p of plan.promotions) {
      const source = ctx.fleet.apps.get(p.app)!.release.environments.get(p.from)!;
      results.push(soakGate(history, p.app, p.from, source.values, gates.soak, now));
    }
  }
  if (gates.health && !opts.argocd) {
    for (const p of plan.promotions) {
      results.push({
        gate: 'health',
        app: p.app,
        passed: false,
        detail: 'cannot ask Argo CD: pass --argocd-server URL (or set ARGOCD_SERVER), with the token in ARGOCD_AUTH_TOKEN',
      });
    }
  } else if (gates.health && opts.argocd) {
    if (!ctx.repoDir) throw new UserError(`${plan.to} has a health gate, which reads the git history: run flotilla promote inside the fleet repository`);
    const built = await buildFleet(ctx.root);
    const applications = previewApplications(built.output.argocdObjects).applications;
    const prefix = path.relative(ctx.repoDir, ctx.root).split(path.sep).join('/');
    for (const p of plan.promotions) {
      const source = ctx.fleet.apps.get(p.app)!.release.environments.get(p.from)!;
      const mine = applications.filter((a) => a.app === p.app && a.environment === p.from);
      results.push(
        await healthGate(opts.argocd, ctx.fleet.argocdNamespace, p.app, p.from, source.values, mine, releaseReader(ctx.repoDir, prefix, p.app, p.from)),
      );
    }
  }
  if (results.some((r) => !r.passed)) throw new GateRefused(results);
  return results;
}

function titleOf(plan: PromotionPlan): string {
  const apps = plan.promotions.map((p) => p.app);
  const versions = [...new Set(plan.promotions.flatMap((p) => p.changes.map((c) => `${c.from ?? 'none'} → ${c.to}`)))];
  const what = apps.length <= 3 ? apps.join(', ') : `${apps.length} apps`;
  const detail = versions.length === 1 ? ` (${versions[0]})` : '';
  return `flotilla: promote ${what} to ${plan.to}${detail}`;
}

function textLines(p: AppPromotion): string[] {
  return [
    `${p.app}: ${p.from} → ${p.to}`,
    ...p.changes.map((c) => `  ${describe(c.id)} ${c.from ?? '(none)'} → ${c.to}`),
    ...p.clusterResets.map((r) => `  ${r.cluster}: its own ${describe(r.id)} ${r.was} is replaced by the promoted version`),
    ...(p.forcedPast.length ? [`  --force: skipped ${p.forcedPast.join(', ')}, which runs something else`] : []),
    ...p.notes.map((n) => `  note: ${n}`),
  ];
}

function markdownOf(plan: PromotionPlan, gates: GateResult[], ctx: ComputeContext): string[] {
  const out = [`## Promotion to \`${plan.to}\``, '', `| App | Image or chart | From | In \`${plan.to}\` now | After |`, '|---|---|---|---|---|'];
  for (const p of plan.promotions) {
    for (const c of p.changes) out.push(`| ${p.app} | \`${describe(c.id)}\` | ${p.from} | ${c.from ?? '–'} | **${c.to}** |`);
    for (const r of p.clusterResets)
      out.push(
        `| ${p.app} | \`${describe(r.id)}\` on ${r.cluster} | ${p.from} | ${r.was} (cluster's own) | **${ctx.fleet.apps.get(p.app)!.release.environments.get(p.from)!.values.get(r.id)}** |`,
      );
  }
  out.push('');
  const forced = plan.promotions.filter((p) => p.forcedPast.length > 0);
  if (forced.length) {
    out.push(
      '> [!WARNING]',
      ...forced.map((p) => `> \`--force\`: ${p.app} goes from ${p.from} straight to ${p.to}, skipping ${p.forcedPast.join(', ')}, which runs something else.`),
      '',
    );
  }
  out.push('### Gates', '');
  if (gates.length === 0) out.push(`\`${plan.to}\` has no promotion gates.`);
  for (const g of gates) out.push(`- ✅ **${g.gate}** (${g.app}): ${g.detail}`);
  out.push('');
  const notes = [...plan.promotions.flatMap((p) => p.notes.map((n) => `${p.app}: ${n}`)), ...plan.skipped.map((s) => `${s.app}: skipped, ${s.reason}`)];
  if (notes.length) out.push('### Notes', '', ...notes.map((n) => `- ${n}`), '');
  return out;
}
