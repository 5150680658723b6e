/**
 * Network policy: each app starts default-deny (ingress and egress), DNS is
 * always allowed, and every other flow is derived from declared edges: talksTo
 * (inside the app, to another app, to a chart release, to a CIDR), routes (the
 * ingress controller), metrics (the monitoring namespace) and ingressFrom.
 */
import { ANNOTATION, LABEL } from '../model/names.ts';
import { type K8sObject, sortedEntries } from '../model/object.ts';
import { portNumber, portProtocol } from '../model/ports.ts';
import { routeBackends, routeKind } from '../model/route-kinds.ts';
import type { AppPlan } from '../plan/model.ts';
import { containerPort } from '../validate/rules/services.ts';
import type { ComponentSpec } from '../validate/schema/component.ts';
import { appLabels, chartReleaseName, componentName, type RenderTarget, selectorLabels } from './context.ts';
import { servicePortsOf } from './service.ts';

const TRACKING_NOTE =
  "Argo CD annotation-based resource tracking: this policy selects the chart's pods by app.kubernetes.io/instance, which label tracking overwrites";

type Peer = Record<string, unknown>;
/** A port of a rule: by name or number, with its protocol (a UDP listener needs a UDP rule). */
interface NetPort {
  port: string | number;
  protocol: string;
}
interface Rule {
  peers: Peer[];
  ports: NetPort[];
}
const EVERYONE = [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];

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

  const fromPods = (name: string): Peer[] => [{ podSelector: { matchLabels: selectorLabels(app.applicationId, name) } }];
  for (const [name, c] of Object.entries(body.components)) {
    for (const dep of c.talksTo ?? []) {
      const d = typeof dep === 'string' ? { component: dep } : dep;
      const rule = egressRule(t, d);
      if (rule) push(egress, name, rule);
      if (d.chart) push(chartIngress, d.chart, { peers: fromPods(name), ports: rule?.ports ?? [] });
      else if (d.component && (!d.app || d.app === app.name)) push(ingress, d.component, { peers: fromPods(name), ports: rule?.ports ?? [] });
    }
    if (c.metrics) {
      const from = variant.settings.monitoringNamespace;
      push(ingress, name, {
        peers: [from ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': from } } } : { namespaceSelector: {} }],
        ports: [netPort(c, c.metrics.port)],
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
      if (body.components[target])
        push(ingress, target, {
          peers,
          ports: edge.port !== undefined ? [netPort(body.components[target], edge.port)] : containerPorts(body.components[target]),
        });
  }
  for (const route of Object.values(body.routes ?? {})) {
    const from = variant.settings.ingressNamespace;
    // A route to one backend port (GRPCRoute, TLSRoute, TCPRoute, UDPRoute) lets the gateway reach that port only.
    const one = routeKind(route.kind ?? variant.settings.ingressKind).backends === 'one';
    for (const { component: target, port } of routeBackends(route)) {
      const c = body.components[target];
      push(ingress, target, {
        peers: [from ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': from } } } : { namespaceSelector: {} }],
        ports: one ? backendPort(c, port) : containerPorts(c),
      });
    }
  }
  // NodePort and LoadBalancer Services take traffic from outside the cluster: let in their source ranges (everyone when none).
  // External IPs take it from whoever routes to them: source ranges do not apply there.
  for (const [name, c] of Object.entries(body.components)) {
    if (!c.service || (c.service.type !== 'LoadBalancer' && c.service.type !== 'NodePort' && !c.service.externalIPs)) continue;
    const ranges = c.service.externalIPs ? undefined : c.service.loadBalancerSourceRanges;
    const peers = ranges ? ranges.map((cidr) => ({ ipBlock: { cidr } })) : EVERYONE;
    push(ingress, name, { peers, ports: servicePortsOf(c).map((p) => netPort(c, p.targetPort, p.protocol)) });
  }
  for (const entry of body.ingressFrom ?? []) {
    const targets = entry.component ? [entry.component] : Object.keys(body.components);
    const peer = entry.cidr
      ? { ipBlock: { cidr: entry.cidr } }
      : entry.pods
        ? { ...(entry.namespace ? namespaceOnly(entry.namespace) : {}), podSelector: { matchLabels: { ...entry.pods } } }
        : namespaceOnly(entry.namespace!);
    for (const target of targets)
      if (body.components[target])
        push(ingress, target, { peers: [peer], ports: entry.port !== undefined ? [netPort(body.components[target], entry.port)] : [] });
  }

  for (const [chart, spec] of Object.entries(body.charts ?? {}))
    for (const dep of spec.talksTo ?? []) {
      const d = typeof dep === 'string' ? { component: dep } : dep;
      if (!d.component || (d.app && d.app !== app.name)) continue;
      const release = chartReleaseName(app.applicationId, chart);
      push(ingress, d.component, { peers: [{ podSelector: { matchLabels: { [LABEL.instance]: release } } }], ports: egressRule(t, d)?.ports ?? [] });
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
    // Charts label their pods app.kubernetes.io/instance: <release>; under Argo CD's label tracking that label
    // would hold the Application's name instead, so this policy relies on annotation tracking (validate/rules/argocd.ts).
    const own = { podSelector: { matchLabels: { [LABEL.instance]: release } } };
    const inRules = [{ peers: [own], ports: [] }, ...(chartIngress.get(chart) ?? [])];
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${release}-chart`, namespace: ns, labels, annotations: { [ANNOTATION.requires]: TRACKING_NOTE } },
      spec: {
        podSelector: { matchLabels: { [LABEL.instance]: release } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: dedupe(inRules).map((r) => ({ from: r.peers, ...portsField(r.ports) })),
        egress: [
          DNS_EGRESS,
          { to: [own] },
          ...dedupe(
            (body.charts?.[chart]?.talksTo ?? []).flatMap((dep) => {
              const rule = egressRule(t, typeof dep === 'string' ? { component: dep } : dep);
              return rule ? [rule] : [];
            }),
          ).map((r) => ({ to: r.peers, ...portsField(r.ports) })),
        ],
      },
    });
  }
  return out;
}

type Dep = Exclude<NonNullable<ComponentSpec['talksTo']>[number], string>;

/** The egress rule for one talksTo entry (of a component or a chart), or none for an entry that reaches nothing. */
function egressRule(t: RenderTarget, d: Dep): Rule | undefined {
  const { app, variant } = t;
  if (d.cidr) return { peers: [{ ipBlock: { cidr: d.cidr } }], ports: (d.ports ?? []).map((port) => ({ port, protocol: d.protocol ?? 'TCP' })) };
  if (d.pods)
    return {
      peers: [{ ...(d.namespace && d.namespace !== app.namespace ? namespaceOnly(d.namespace) : {}), podSelector: { matchLabels: { ...d.pods } } }],
      ports: (d.ports ?? []).map((port) => ({ port, protocol: d.protocol ?? 'TCP' })),
    };
  if (d.external) {
    const ext = variant.body.externalServices?.[d.external];
    if (!ext) return undefined;
    const ports = sortedEntries(ext.ports)
      .filter(([name, p]) => d.port === undefined || d.port === name || d.port === portNumber(p))
      .map(([, p]) => ({ port: portNumber(p), protocol: portProtocol(p) }));
    if (ext.host.includes('.')) return { peers: ext.cidr ? ext.cidr.map((cidr) => ({ ipBlock: { cidr } })) : EVERYONE, ports };
    const ns = ext.namespace ?? app.namespace;
    return {
      peers: [{ ...(ns !== app.namespace ? namespaceOnly(ns) : {}), podSelector: { matchLabels: { ...(ext.pods ?? {}) } } }],
      ports,
    };
  }
  if (d.chart) {
    const release = chartReleaseName(app.applicationId, d.chart);
    return { peers: [{ podSelector: { matchLabels: { [LABEL.instance]: release } } }], ports: d.port !== undefined ? [{ port: d.port, protocol: 'TCP' }] : [] };
  }
  if (d.app && d.app !== app.name) {
    const other = t.fleet.app(d.app)!;
    const target = d.component ? { matchLabels: selectorLabels(other.applicationId, d.component) } : { matchLabels: { [LABEL.partOf]: other.applicationId } };
    return { peers: [{ ...namespaceOnly(other.namespace), podSelector: target }], ports: portsOf(other, t, d.component, d.port) };
  }
  if (d.component) {
    const target = variant.body.components[d.component];
    return {
      peers: [{ podSelector: { matchLabels: selectorLabels(app.applicationId, d.component) } }],
      ports: d.port !== undefined ? [netPort(target, d.port)] : containerPorts(target),
    };
  }
  return undefined;
}

function namespaceOnly(namespace: string): Peer {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } };
}

function portsField(ports: NetPort[]): Record<string, unknown> {
  if (!ports.length) return {};
  const unique = new Map(ports.map((p) => [`${p.protocol}/${p.port}`, p]));
  return { ports: [...unique.values()].map((p) => ({ protocol: p.protocol, port: p.port })) };
}

/** A port of a component by name or number, with the protocol of its container port. */
function netPort(c: ComponentSpec | undefined, port: string | number, protocol?: string): NetPort {
  return { port, protocol: protocol ?? (c && containerPort(c, port)?.protocol) ?? 'TCP' };
}

/** The pod port behind a route's backend: the Service port named or numbered (default: the first), as its target. */
function backendPort(c: ComponentSpec | undefined, port: string | number | undefined): NetPort[] {
  if (!c) return [];
  const ports = servicePortsOf(c);
  const chosen = port === undefined ? ports[0] : ports.find((p) => p.name === port || p.port === port);
  return chosen ? [netPort(c, chosen.targetPort, chosen.protocol)] : containerPorts(c);
}

function containerPorts(c: ComponentSpec | undefined): NetPort[] {
  if (!c) return [];
  const ports = new Map<string, NetPort>();
  for (const ct of Object.values(c.containers))
    for (const [name, spec] of Object.entries(ct.ports ?? {})) ports.set(name, { port: name, protocol: portProtocol(spec) });
  return [...ports.keys()].sort().map((k) => ports.get(k)!);
}

function portsOf(other: AppPlan, t: RenderTarget, component: string | undefined, port: string | number | undefined): NetPort[] {
  const body = (t.variant.environment && other.envVariants.get(t.variant.environment)?.body) || other.base.body;
  const target = component ? body.components[component] : undefined;
  if (port !== undefined) return [netPort(target, port)];
  return component ? containerPorts(target) : [];
}

/** Unique and sorted: rule order must not depend on the order components are written in. */
function dedupe(rules: Rule[]): Rule[] {
  if (rules.length < 2) return rules;
  const seen = new Map<string, Rule>();
  for (const r of rules) seen.set(JSON.stringify(r), r);
  return [...seen.keys()].sort().map((k) => seen.get(k)!);
}
