/**
 * The whole pipeline behind one call: load → validate → plan → emit. Data
 * flows forward only; each stage's output is the next one's input.
 */
import { emitFleet, type FleetOutput } from './emit/emit-fleet.ts';
import { loadFleet } from './load/read-fleet.ts';
import { buildPlan } from './plan/build-plan.ts';
import type { FleetPlan } from './plan/model.ts';
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
