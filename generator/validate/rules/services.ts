/**
 * What a Service must offer for the things that use it: a ServiceMonitor
 * scrapes a port of the component's Service (so the component needs one, and
 * the metrics port must be one of its ports), and a Service port forwards to a
 * container port of the same protocol (TCP to a UDP listener never connects).
 */
import { portNumber, portProtocol } from '../../model/ports.ts';
import { workloadKind } from '../../model/workload-kinds.ts';
import type { ComponentSpec } from '../schema/component.ts';
import type { RuleContext } from './context.ts';
import { servicePorts } from './peers.ts';
import { variants } from './variants.ts';

export function serviceRules(ctx: RuleContext): void {
  for (const v of variants(ctx)) {
    for (const [name, c] of Object.entries(v.body.components)) {
      const at = (...rest: (string | number)[]) => ['components', name, ...rest];
      if (c.metrics) {
        const ports = servicePorts(c);
        if (!workloadKind(c.kind).service)
          ctx.error(
            v.layers,
            at('metrics'),
            `a ${c.kind} has no Service, so the ServiceMonitor for metrics would scrape nothing`,
            'Push metrics to a Pushgateway instead, or remove metrics.',
            true,
          );
        else if (c.service === false || ports.length === 0)
          ctx.error(
            v.layers,
            at('metrics'),
            `metrics needs a Service to scrape, but component ${name} has ${c.service === false ? 'service: false' : 'no Service (no named container port)'}`,
            c.service === false
              ? 'Remove service: false, or remove metrics.'
              : `Name the metrics port under the container's ports (e.g. ${c.metrics.port}: 9090).`,
            true,
          );
        else if (!ports.includes(c.metrics.port) && containerPort(c, c.metrics.port))
          ctx.error(
            v.layers,
            at('metrics', 'port'),
            `the ServiceMonitor scrapes Service ports, and the Service of component ${name} has no port "${c.metrics.port}" (it has ${ports.join(', ')})`,
            `Add ${c.metrics.port} under service.ports.`,
          );
      }
      if (!c.service) continue;
      for (const [p, spec] of Object.entries(c.service.ports ?? {})) {
        const protocol = typeof spec === 'number' ? undefined : spec.protocol;
        const target = typeof spec === 'number' ? p : (spec.targetPort ?? p);
        const found = containerPort(c, target);
        if (typeof target === 'number' && !found)
          ctx.error(
            v.layers,
            at('service', 'ports', p, 'targetPort'),
            `Service port ${p} forwards to port ${target}, which no container of component ${name} declares`,
            'Declare the port under the container ports, and target it by name.',
          );
        if (found && protocol && found.protocol !== protocol)
          ctx.error(
            v.layers,
            at('service', 'ports', p, ...(typeof spec === 'number' ? [] : ['protocol'])),
            `Service port ${p} is ${protocol}, but it forwards to container port ${target} of container ${found.container}, which is ${found.protocol}`,
            `Use the same protocol on both sides (protocol: ${found.protocol}), or point targetPort at a ${protocol} port.`,
          );
      }
    }
  }
}

/** A container port by name or number, with its protocol (container ports are TCP unless they say otherwise). */
export function containerPort(c: ComponentSpec, port: string | number): { container: string; number: number; protocol: string } | undefined {
  for (const [container, ct] of Object.entries(c.containers)) {
    for (const [name, spec] of Object.entries(ct.ports ?? {})) {
      const number = portNumber(spec);
      const protocol = portProtocol(spec);
      if (port === name || port === number) return { container, number, protocol };
    }
  }
  return undefined;
}

/** The protocol of a Service port (by name or number) of a component: as written, else its container port's. */
export function servicePortProtocol(c: ComponentSpec, port: string | number): string {
  const written = c.service ? c.service.ports : undefined;
  if (written) {
    const entry = Object.entries(written).find(([name, spec]) => port === name || port === (typeof spec === 'number' ? spec : spec.port));
    if (entry) {
      const [name, spec] = entry;
      if (typeof spec !== 'number' && spec.protocol) return spec.protocol;
      return containerPort(c, typeof spec === 'number' ? name : (spec.targetPort ?? name))?.protocol ?? 'TCP';
    }
  }
  return containerPort(c, port)?.protocol ?? 'TCP';
}
