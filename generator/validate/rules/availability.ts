/**
 * Rules about how many pods run, per environment and cluster: a
 * PodDisruptionBudget that can never be satisfied blocks every node drain
 * (minAvailable ≥ replicas, e.g. dev with one replica), and a ReadWriteOnce
 * claim mounted by several replicas cannot be attached by pods on other nodes.
 * The base is not deployed on its own, so only environment and cluster
 * variants count here.
 */
import { workloadKind } from '../../model/workload-kinds.ts';
import type { ComponentSpec } from '../schema/component.ts';
import type { RuleContext } from './context.ts';
import { GroupedErrors } from './grouped.ts';
import { describeVariant, type Variant, variants } from './variants.ts';

/** Access modes a claim can be attached with by one node (or one pod) only. */
const SINGLE_ATTACH = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

export function availabilityRules(ctx: RuleContext): void {
  const errors = new GroupedErrors();
  for (const v of variants(ctx)) {
    if (v.environment === null) continue;
    const where = describeVariant(v);
    for (const [name, c] of Object.entries(v.body.components)) {
      // Replica counts mean something only for replicated kinds (Jobs run one pod per run, DaemonSets one per node).
      if (workloadKind(c.kind).runs !== 'replicated') continue;
      const at = (...rest: (string | number)[]) => ['components', name, ...rest];
      const fewest = c.autoscaling?.min ?? c.replicas ?? 1;
      const most = Math.max(c.replicas ?? 1, c.autoscaling?.max ?? 0);
      const budget = c.disruptionBudget;
      if (budget && fewest > 0) {
        const evictable =
          budget.minAvailable !== undefined
            ? fewest - scaled(budget.minAvailable, fewest)
            : budget.maxUnavailable !== undefined
              ? scaled(budget.maxUnavailable, fewest)
              : 1;
        if (evictable <= 0) {
          const field = budget.minAvailable !== undefined ? 'minAvailable' : 'maxUnavailable';
          errors.add(v.layers, at('disruptionBudget', field), `pdb ${fewest}`, where, (places) => ({
            message: `with ${fewest} replica${fewest === 1 ? '' : 's'}${c.autoscaling ? ' (autoscaling.min)' : ''} in ${places}, ${field} ${budget[field]} lets no pod be evicted, so every node drain blocks`,
            hint:
              fewest === 1
                ? `Run at least 2 replicas there, or set disruptionBudget: false for ${places}.`
                : `Use maxUnavailable: 1, or a minAvailable below ${fewest}.`,
          }));
        }
      }
      if (most > 1) checkSharedClaims(errors, v, name, c);
    }
  }
  errors.flush(ctx);
}

function checkSharedClaims(errors: GroupedErrors, v: Variant, name: string, c: ComponentSpec): void {
  for (const [volume, spec] of Object.entries(c.volumes ?? {})) {
    const claim = spec.pvc ? v.body.pvcs?.[spec.pvc] : undefined;
    if (!claim || !SINGLE_ATTACH.has(claim.accessMode)) continue;
    const scaling = c.autoscaling && c.autoscaling.max > 1 ? 'autoscales above one replica' : 'runs more than one replica';
    errors.add(v.layers, ['components', name, 'volumes', volume, 'pvc'], `rwo ${claim.accessMode} ${scaling}`, describeVariant(v), (places) => ({
      message: `PVC ${spec.pvc} is ${claim.accessMode}, but component ${name} ${scaling} in ${places}: ${claim.accessMode === 'ReadWriteOncePod' ? 'only one pod' : 'only pods on one node'} can mount it, so the others never start`,
      hint: workloadKind(c.kind).claimTemplates
        ? 'Give each pod its own claim with claimTemplates, or use accessMode: ReadWriteMany (with a storage class that supports it).'
        : 'Use accessMode: ReadWriteMany (with a storage class that supports it), run one replica, or make it a StatefulSet with claimTemplates (a claim per pod).',
    }));
  }
}

/** An int-or-percent of `replicas`, rounded up the way the disruption controller does. */
function scaled(value: number | string, replicas: number): number {
  if (typeof value === 'number') return value;
  return Math.ceil((Number.parseInt(value, 10) * replicas) / 100);
}
