/**
 * The chart renderer of preview, diff, commit and pr: `--offline` or
 * FLOTILLA_OFFLINE=1 renders from the chart cache only; commit and pr also
 * take `--skip-charts`, for a machine without access to the chart
 * repositories (the charts that change are then named as not compared).
 */
import { ChartRenderer } from '../helm/render-charts.ts';
import { type CommandIO, UsageError } from './args.ts';

export const OFFLINE_USAGE = `  --offline      render Helm charts only from the chart cache (also FLOTILLA_OFFLINE=1);
                 the charts it lacks are named`;

export const DELIVERY_CHART_USAGE = `  --offline              render Helm charts only from the chart cache (also FLOTILLA_OFFLINE=1)
  --skip-charts          do not render Helm charts (no helm or no access to the chart repositories): chart
                         Applications whose chart or values change are named as not compared, and the data
                         guard does not refuse them`;

export const DELIVERY_CHART_OPTIONS = { offline: { type: 'boolean' }, 'skip-charts': { type: 'boolean' } } as const;

export function chartRenderer(offlineFlag: unknown, io: CommandIO): ChartRenderer {
  const offline = offlineFlag === true || ['1', 'true'].includes(io.env.FLOTILLA_OFFLINE ?? '');
  return new ChartRenderer({ env: io.env, offline });
}

/** The renderer of a delivery, or null with --skip-charts. */
export function deliveryChartRenderer(values: Record<string, unknown>, io: CommandIO): ChartRenderer | null {
  if (values['skip-charts'] && values.offline) throw new UsageError('--skip-charts renders no chart, so --offline has nothing to do: pass one');
  return values['skip-charts'] ? null : chartRenderer(values.offline, io);
}
