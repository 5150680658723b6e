/**
 * Network policy: each app starts default-deny (ingress and egress), DNS is
 * always allowed, and every other flow is derived from declared edges: talksTo
 * (inside the app, to another app, to a chart release, to a CIDR), routes (the
 * ingress controller), metrics (the monitoring namespace) and ingressFrom.
 */
import { LABEL } from '../model/names.ts';
import type { K8sObject } from '../model/object.ts';
import type { AppReference, ComponentReference } from '../plan/model.ts';
import { appLabels, chartReleaseName, componentName, type RenderTarget, selectorLabels } from './context.ts';

type Peer = Record<string, unknown>;
interface Rule {
  peers: Peer[];
  ports: (string | number)[];
}

const DNS_EGRESS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

export function renderNetworkPolicies(t: RenderTarget): K8sObject[] {
  const { app, variant } = t;
  const body = variant.body;
  const ns = app.namespace;
  const labels = appLabels(app);
  const out: K8sObject[] = [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${app.applicationId}-default-deny`, namespace: ns, labels },
      spec: { podSelector: { matchLabels: { [LABEL.partOf]: app.applicationId } }, policyTypes: ['Ingress', 'Egress'], egress: [DNS_EGRESS] },
    },
  ];
  const ingress = new Map<string, Rule[]>(); // component → rules
  const egress = new Map<string, Rule[]>();
  const chartIngress = new Map<string, Rule[]>();
  const push = (m: Map<string, Rule[]>, key: string, rule: Rule) => m.set(key, [...(m.get(key) ?? []), rule]);

  for (const [name, c] of Object.entries(body.components)) {
    for (const dep of c.talksTo ?? []) {
      const d = typeof dep === 'string' ? { component: dep } : dep;
      if (d.cidr) push(egress, name, { peers: [{ ipBlock: { cidr: d.cidr } }], ports: d.ports ?? [] });
      else if (d.chart) {
        const release = chartReleaseName(app.applicationId, d.chart);
        push(egress, name, { peers: [{ podSelector: { matchLabels: { [LABEL.instance]: release } } }], ports: d.port !== undefined ? [d.port] : [] });
        push(chartIngress, d.chart, {
          peers: [{ podSelector: { matchLabels: selectorLabels(app.applicationId, name) } }],
          ports: d.port !== undefined ? [d.port] : [],
        });
      } else if (d.app && d.app !== app.name) {
        const other = t.fleet.app(d.app)!;
        const target = d.component
          ? { matchLabels: selectorLabels(other.applicationId, d.component) }
          : { matchLabels: { [LABEL.partOf]: other.applicationId } };
        push(egress, name, {
          peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': other.namespace } }, podSelector: target }],
          ports: portsOf(other, t, d.component, d.port),
        });
      } else if (d.component) {
        const targetComp = body.components[d.component];
        const ports = d.port !== undefined ? [d.port] : containerPortNames(targetComp);
        push(egress, name, { peers: [{ podSelector: { matchLabels: selectorLabels(app.applicationId, d.component) } }], ports });
        push(ingress, d.component, { peers: [{ podSelector: { matchLabels: selectorLabels(app.applicationId, name) } }], ports });
      }
    }
    if (c.metrics) {
      const from = variant.settings.monitoringNamespace;
      push(ingress, name, {
        peers: [from ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': from } } } : { namespaceSelector: {} }],
        ports: [c.metrics.port],
      });
    }
  }
  // Other apps of the fleet that declare they talk to this one (same environment).
  const environment = variant.environment ?? app.environments[0];
  for (const edge of t.fleet.inboundEdges(app.name)) {
    if (edge.environment !== environment) continue;
    const peers = [
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': edge.fromNamespace } },
        podSelector: { matchLabels: selectorLabels(edge.fromAppId, edge.fromComponent) },
      },
    ];
    const targets = edge.component ? [edge.component] : Object.keys(body.components);
    for (const target of targets)
      if (body.components[target]) push(ingress, target, { peers, ports: edge.port !== undefined ? [edge.port] : containerPortNames(body.components[target]) });
  }
  for (const route of Object.values(body.routes ?? {})) {
    const from = variant.settings.ingressNamespace;
    for (const backend of Object.values(route.paths)) {
      const target = typeof backend === 'string' ? backend : backend.component;
      push(ingress, target, {
        peers: [from ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': from } } } : { namespaceSelector: {} }],
        ports: containerPortNames(body.components[target]),
      });
    }
  }
  for (const entry of body.ingressFrom ?? []) {
    const targets = entry.component ? [entry.component] : Object.keys(body.components);
    for (const target of targets)
      push(ingress, target, {
        peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': entry.namespace } } }],
        ports: entry.port !== undefined ? [entry.port] : [],
      });
  }

  for (const name of Object.keys(body.components).sort()) {
    const inRules = ingress.get(name) ?? [];
    const outRules = egress.get(name) ?? [];
    if (!inRules.length && !outRules.length) continue;
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: componentName(app.applicationId, name), namespace: ns, labels: appLabels(app, name) },
      spec: {
        podSelector: { matchLabels: selectorLabels(app.applicationId, name) },
        policyTypes: [...(inRules.length ? ['Ingress'] : []), ...(outRules.length ? ['Egress'] : [])],
        ...(inRules.length ? { ingress: dedupe(inRules).map((r) => ({ from: r.peers, ...portsField(r.ports) })) } : {}),
        ...(outRules.length ? { egress: dedupe(outRules).map((r) => ({ to: r.peers, ...portsField(r.ports) })) } : {}),
      },
    });
  }
  for (const chart of Object.keys(body.charts ?? {}).sort()) {
    const release = chartReleaseName(app.applicationId, chart);
    const own = { podSelector: { matchLabels: { [LABEL.instance]: release } } };
    const inRules = [{ peers: [own], ports: [] }, ...(chartIngress.get(chart) ?? [])];
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${release}-chart`, namespace: ns, labels },
      spec: {
        podSelector: { matchLabels: { [LABEL.instance]: release } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: dedupe(inRules).map((r) => ({ from: r.peers, ...portsField(r.ports) })),
        egress: [DNS_EGRESS, { to: [own] }],
      },
    });
  }
  return out;
}

function portsField(ports: (string | number)[]): Record<string, unknown> {
  return ports.length ? { ports: [...new Set(ports)].map((port) => ({ protocol: 'TCP', port })) } : {};
}

function containerPortNames(c: ComponentReference | undefined): string[] {
  if (!c) return [];
  return [...new Set(Object.values(c.containers).flatMap((ct) => Object.keys(ct.ports ?? {})))].sort();
}

function portsOf(other: AppReference, t: RenderTarget, component: string | undefined, port: string | number | undefined): (string | number)[] {
  if (port !== undefined) return [port];
  const body = (t.variant.environment && other.envVariants.get(t.variant.environment)?.body) || other.base.body;
  return component ? containerPortNames(body.components[component]) : [];
}

/** Unique and sorted: rule order must not depend on the order components are written in. */
function dedupe(rules: Rule[]): Rule[] {
  if (rules.length < 2) return rules;
  const seen = new Map<string, Rule>();
  for (const r of rules) seen.set(JSON.stringify(r), r);
  return [...seen.keys()].sort().map((k) => seen.get(k)!);
}
