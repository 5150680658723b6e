/**
 * The chart objects of a delivery: the chart Applications whose helm inputs
 * change between the committed side and the new one, rendered by the real helm
 * exactly as `flotilla diff` renders them (helm/chart-applications.ts: the
 * inputs Argo CD passes, the same chart cache, the same offline behaviour).
 * Chart Applications whose inputs do not change render the same objects on
 * both sides: nothing is fetched or rendered for them.
 *
 * Without a renderer (--skip-charts) nothing is rendered, but which chart
 * Applications change is still known (that needs no helm), so they are named
 * as not checked rather than passed over.
 */
import { type ChangedCharts, changedChartApplications, renderChangedCharts } from '../helm/chart-applications.ts';
import type { ChartRenderer } from '../helm/render-charts.ts';
import type { FleetSnapshot } from './snapshot.ts';

export interface DeliveryCharts extends ChangedCharts {
  /** Why no chart was rendered (charts turned off); null when the changed ones were. */
  skipped: string | null;
}

export const SKIP_CHARTS_REASON = 'chart rendering turned off with --skip-charts';

/** `renderer` null: charts are not rendered (--skip-charts). */
export async function deliveryCharts(before: FleetSnapshot, after: FleetSnapshot, renderer: ChartRenderer | null): Promise<DeliveryCharts> {
  if (!renderer) return unrenderedCharts(before, after, SKIP_CHARTS_REASON);
  // The committed side's objects are unknown (its config does not build): nothing to compare chart objects with.
  if (!before.rendered || !after.built || before.built === after.built) return { ...NOTHING, skipped: null };
  return { ...(await renderChangedCharts(before.built, after.built, renderer)), skipped: null };
}

/** The chart Applications that change, none of them rendered. */
export function unrenderedCharts(before: FleetSnapshot, after: FleetSnapshot, reason: string): DeliveryCharts {
  if (!before.rendered || !after.built) return { ...NOTHING, skipped: reason };
  return { before: new Map(), after: new Map(), changed: changedChartApplications(before.built, after.built).changed, skipped: reason };
}

const NOTHING: ChangedCharts = { before: new Map(), after: new Map(), changed: new Set() };

/**
 * Chart Applications whose objects are not compared, and why: those that changed while charts were
 * off, and those whose chart failed to render on either side (their objects would otherwise read as
 * all added or all removed).
 */
export function chartsNotRendered(charts: DeliveryCharts): Map<string, string> {
  const out = new Map<string, string>();
  if (charts.skipped !== null) {
    for (const name of charts.changed) out.set(name, charts.skipped);
    return out;
  }
  for (const renders of [charts.before, charts.after])
    for (const [name, render] of renders) if ('error' in render && !out.has(name)) out.set(name, withoutApplication(name, render.error));
  return out;
}

/** Render errors start with the Application's name; the callers name it themselves. */
function withoutApplication(name: string, error: string): string {
  return error.startsWith(`${name}: `) ? error.slice(name.length + 2) : error;
}
