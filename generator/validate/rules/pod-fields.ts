/**
 * Rules for pod fields a schema cannot check alone: the container order that
 * `dependsOn` asks for must exist (known names, no cycle), and a pod-level
 * resource budget must hold what its containers ask for, on clusters that
 * serve it (PodSpec.resources is beta, on by default, from Kubernetes 1.34).
 */
import { dependencies, orderContainers } from '../../model/container-order.ts';
import { parseQuantity } from '../../model/quantity.ts';
import { didYouMean } from '../../suggest.ts';
import type { ComponentSpec } from '../schema/component.ts';
import type { RuleContext } from './context.ts';
import { type Variant, variants } from './variants.ts';

const POD_RESOURCES_SINCE = [1, 34] as const;

export function podFieldRules(ctx: RuleContext): void {
  for (const v of variants(ctx)) {
    for (const [name, c] of Object.entries(v.body.components)) {
      checkOrder(ctx, v, name, c, 'containers');
      checkOrder(ctx, v, name, c, 'initContainers');
      if (!c.podResources) continue;
      checkPodResources(ctx, v, name, c);
      if (v.environment === null) continue;
      // An environment answers for its clusters without an override of this app; those with one answer for themselves.
      const versionOf = new Map(ctx.clusters.inEnvironment(v.environment).map((c) => [c.name, c.kubernetesVersion]));
      const clusters = v.cluster ? [v.cluster] : [...versionOf.keys()].filter((cl) => !v.app.clusterBodies.has(cl));
      const old = clusters.filter((cl) => !atLeast(versionOf.get(cl)!, POD_RESOURCES_SINCE)).sort();
      if (old.length)
        ctx.error(
          v.layers,
          ['components', name, 'podResources'],
          `pod-level resources need Kubernetes 1.34 or later, but cluster${old.length > 1 ? 's' : ''} ${old.map((cl) => `${cl} (${versionOf.get(cl)})`).join(', ')} ${old.length > 1 ? 'run' : 'runs'} an older version, whose API server drops the field`,
          `Upgrade ${old.length > 1 ? 'them' : 'it'}, set container resources instead, or drop podResources there (podResources: null in the cluster's override of this app).`,
          true,
        );
    }
  }
}

function checkOrder(ctx: RuleContext, v: Variant, name: string, c: ComponentSpec, group: 'containers' | 'initContainers'): void {
  const containers = c[group] ?? {};
  const other = group === 'containers' ? (c.initContainers ?? {}) : c.containers;
  const found = orderContainers(new Map(Object.entries(containers).map(([cn, ct]) => [cn, ct.dependsOn])));
  const at = (...rest: (string | number)[]) => ['components', name, group, ...rest];
  if ('unknown' in found) {
    const { container, index, name: missing } = found.unknown;
    const written = containers[container]!.dependsOn;
    const path = typeof written === 'string' ? at(container, 'dependsOn') : at(container, 'dependsOn', index);
    const inOther = Object.hasOwn(other, missing);
    ctx.error(
      v.layers,
      path,
      inOther
        ? `dependsOn names ${missing}, which is ${group === 'containers' ? 'an init container' : 'a container'}, not one of ${group}`
        : `dependsOn names container "${missing}", which does not exist in ${group} of component ${name}`,
      inOther
        ? group === 'containers'
          ? 'Init containers always run before the containers: remove it from dependsOn.'
          : 'An init container cannot wait for a container of the pod: the containers start only after every init container.'
        : (didYouMean(missing, Object.keys(containers)) ?? `Declared: ${Object.keys(containers).join(', ')}.`),
    );
  } else if ('cycle' in found) {
    const first = found.cycle[0]!;
    const next = found.cycle[1]!;
    const written = containers[first]!.dependsOn;
    const index = dependencies(written).indexOf(next);
    ctx.error(
      v.layers,
      typeof written === 'string' ? at(first, 'dependsOn') : at(first, 'dependsOn', index),
      `dependsOn makes a cycle: ${found.cycle.join(' → ')}, so no container could come first`,
      `Remove ${next} from dependsOn of ${first}, or the dependency back to ${first}.`,
    );
  }
}

const POD_RESOURCES = ['cpu', 'memory'] as const;

function checkPodResources(ctx: RuleContext, v: Variant, name: string, c: ComponentSpec): void {
  const pod = c.podResources!;
  const at = (...rest: string[]) => ['components', name, 'podResources', ...rest];
  const groups = [['containers', c.containers] as const, ['initContainers', c.initContainers ?? {}] as const];
  for (const resource of POD_RESOURCES) {
    const request = parseQuantity(pod.requests?.[resource]);
    const limit = parseQuantity(pod.limits?.[resource]);
    if (request !== undefined && limit !== undefined && limit < request)
      ctx.error(
        v.layers,
        at('limits', resource),
        `pod ${resource} limit ${pod.limits![resource]} is below its request ${pod.requests![resource]}`,
        'Raise the limit to at least the request.',
      );
    const asked = aggregateRequest(c, resource);
    if (request !== undefined && asked.total > request)
      ctx.error(
        v.layers,
        at('requests', resource),
        `pod ${resource} request ${pod.requests![resource]} is below what ${asked.what} (${asked.parts.join(' + ')})`,
        'Raise the pod request to at least that, or lower the container requests: the API server refuses the pod otherwise.',
      );
    if (limit === undefined) continue;
    for (const [group, containers] of groups)
      for (const [cn, ct] of Object.entries(containers)) {
        const own = parseQuantity(ct.resources?.limits?.[resource]);
        if (own !== undefined && own > limit)
          ctx.error(
            v.layers,
            ['components', name, group, cn, 'resources', 'limits', resource],
            `${group === 'containers' ? 'container' : 'init container'} ${cn} ${resource} limit ${ct.resources!.limits![resource]} is above the pod limit ${pod.limits![resource]}`,
            'Lower it to the pod limit at most, or raise podResources.limits.',
          );
      }
  }
}

interface Aggregate {
  total: number;
  /** Who asks for it, for the message: "its containers request together". */
  what: string;
  /** Each container's share, as written: "web 400m". */
  parts: string[];
}

/**
 * The pod request its containers add up to, as the API server computes it before it compares a
 * pod-level request with it: the containers and the sidecars (init containers with restartPolicy
 * Always) run together; an init container runs beside the sidecars started before it. The larger
 * of the two counts. A container with a limit and no request requests its limit.
 */
function aggregateRequest(c: ComponentSpec, resource: (typeof POD_RESOURCES)[number]): Aggregate {
  type Container = (typeof c.containers)[string];
  const asks = (ct: Container) => parseQuantity(ct.resources?.requests?.[resource] ?? ct.resources?.limits?.[resource]);
  const part = (label: string, ct: Container) => {
    const request = ct.resources?.requests?.[resource];
    return request !== undefined ? `${label} ${request}` : `${label} ${ct.resources?.limits?.[resource]} (its limit)`;
  };
  const init = c.initContainers ?? {};
  const found = orderContainers(new Map(Object.entries(init).map(([cn, ct]) => [cn, ct.dependsOn])));
  const initOrder = 'order' in found ? found.order : Object.keys(init); // an unknown name or a cycle is reported by checkOrder
  const running: Aggregate = { total: 0, what: 'its containers request together', parts: [] };
  const sidecarsSoFar = { total: 0, parts: [] as string[] };
  let largestInit: Aggregate | undefined;
  for (const cn of initOrder) {
    const ct = init[cn]!;
    const own = asks(ct);
    if (ct.restartPolicy === 'Always') {
      if (own === undefined) continue;
      sidecarsSoFar.total += own;
      sidecarsSoFar.parts.push(part(`sidecar ${cn}`, ct));
    } else if (own !== undefined && (!largestInit || sidecarsSoFar.total + own > largestInit.total))
      largestInit = {
        total: sidecarsSoFar.total + own,
        what: `init container ${cn} requests with the sidecars started before it`,
        parts: [part(cn, ct), ...sidecarsSoFar.parts],
      };
  }
  for (const [cn, ct] of Object.entries(c.containers)) {
    const own = asks(ct);
    if (own === undefined) continue;
    running.total += own;
    running.parts.push(part(cn, ct));
  }
  running.total += sidecarsSoFar.total;
  running.parts.push(...sidecarsSoFar.parts);
  return largestInit && largestInit.total > running.total ? largestInit : running;
}

function atLeast(version: string, [major, minor]: readonly [number, number]): boolean {
  const [m, n] = version.replace(/^v/, '').split('.').map(Number);
  return m! > major || (m === major && n! >= minor);
}
