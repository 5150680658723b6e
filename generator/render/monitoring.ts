/** prometheus-operator objects: a ServiceMonitor per scraped component, one PrometheusRule per app. */

import { type K8sObject, sortedEntries } from '../model/object.ts';
import { appLabels, componentName, type RenderTarget, selectorLabels } from './context.ts';

export function renderMonitoring(t: RenderTarget): K8sObject[] {
  const out: K8sObject[] = [];
  const rules: Record<string, unknown>[] = [];
  const records: Record<string, unknown>[] = [];
  for (const [name, c] of sortedEntries(t.variant.body.components)) {
    if (c.metrics) {
      out.push({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: componentName(t.app.applicationId, name), namespace: t.app.namespace, labels: appLabels(t.app, name) },
        spec: {
          selector: { matchLabels: selectorLabels(t.app.applicationId, name) },
          endpoints: [{ port: c.metrics.port, path: c.metrics.path, interval: c.metrics.interval }],
        },
      });
    }
    for (const [record, r] of sortedEntries(c.recordingRules ?? {})) records.push({ record, expr: r.expr, ...(r.labels ? { labels: { ...r.labels } } : {}) });
    for (const [alert, a] of sortedEntries(c.alerts ?? {})) {
      rules.push({
        alert,
        expr: a.expr,
        ...(a.for ? { for: a.for } : {}),
        labels: { severity: a.severity, app: t.app.applicationId, component: name },
        annotations: { summary: a.summary, ...(a.runbook ? { runbook_url: a.runbook } : {}) },
      });
    }
  }
  if (rules.length || records.length) {
    // Recorded series first, in their own group: alerts may use them.
    const groups = [
      ...(records.length ? [{ name: `${t.app.applicationId}-recording`, rules: records }] : []),
      ...(rules.length ? [{ name: t.app.applicationId, rules }] : []),
    ];
    out.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: t.app.applicationId, namespace: t.app.namespace, labels: appLabels(t.app) },
      spec: { groups },
    });
  }
  return out;
}
