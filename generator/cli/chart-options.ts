/** The chart renderer of preview and diff: `--offline` or FLOTILLA_OFFLINE=1 renders from the chart cache only. */
import { ChartRenderer } from '../helm/render-charts.ts';
import type { CommandIO } from './args.ts';

export const OFFLINE_USAGE = `  --offline      render Helm charts only from the chart cache (also FLOTILLA_OFFLINE=1);
                 the charts it lacks are named`;

export function chartRenderer(offlineFlag: unknown, io: CommandIO): ChartRenderer {
  const offline = offlineFlag === true || ['1', 'true'].includes(io.env.FLOTILLA_OFFLINE ?? '');
  return new ChartRenderer({ env: io.env, offline });
}
