/** The machine format: the FleetDiff model as JSON (it holds no secret values by construction). */
import type { FleetDiff } from './model.ts';

export function renderDiffJson(diff: FleetDiff): string {
  return JSON.stringify({ version: 1, ...diff }, null, 2);
}
