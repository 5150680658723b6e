import type { AppPlan } from './model.ts';

/** The namespaces an app's Applications deploy into in an environment: its own, and its charts' (a chart may name another). */
export function appNamespacesIn(app: Pick<AppPlan, 'namespace' | 'envVariants'>, env: string): string[] {
  const out = new Set([app.namespace]);
  for (const chart of Object.values(app.envVariants.get(env)?.body.charts ?? {})) out.add(chart.namespace ?? app.namespace);
  return [...out];
}
