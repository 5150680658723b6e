/**
 * Service hosts written as text — in env values (`http://wander-api.wander:8000`)
 * and ConfigMap data (config files) — are checked against the Services the
 * fleet generates:
 * - a host of another component (of this app or another one) needs a network
 *   edge from every component that uses it: the default-deny policy blocks the
 *   connection otherwise. Written as `{ service:, app: }` the reference opens
 *   the path itself; as text, it is an error until talksTo declares it.
 * - a short name (`http://minio:9000`) resolves only inside its own namespace:
 *   from another namespace it is a warning naming the FQDN to write.
 * Hosts outside the fleet (external names, chart releases) are not judged.
 */

import type { FieldPath } from '../../load/source-map.ts';
import type { AppBodySpec } from '../schema/app.ts';
import type { ComponentSpec } from '../schema/component.ts';
import type { RuleContext } from './context.ts';
import { GroupedErrors } from './grouped.ts';
import type { Peers, ServiceOwner } from './peers.ts';
import { describeVariant, type Variant, variants } from './variants.ts';

/** Env keys whose whole value may be a bare host name (REDIS_HOST: redis). */
const HOST_KEY = /(HOST|HOSTNAME|ADDR|ADDRESS|ENDPOINT|SERVER|URL|URI)$/i;
const URL_HOST = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^/\s:'"@]+(?::[^/\s'"@]*)?@)?([a-z0-9][a-z0-9.-]*)/gi;
const HOST_PORT = /(?<![\w.:/@-])([a-z0-9][a-z0-9.-]*[a-z0-9]):(\d{2,5})\b/gi;
const SVC_HOST = /\b([a-z0-9][-a-z0-9]*)\.([a-z0-9][-a-z0-9]*)\.svc(?:\.cluster\.local)?\b/gi;
const COMMENT_LINE = /^\s*(#|\/\/|;|--|<!--|\*)/;

/** The fleet's Services are known only through `peers` (peers.ts). */
export function serviceHostRules(ctx: RuleContext, peers: Peers): void {
  const errors = new GroupedErrors();
  for (const v of variants(ctx)) {
    if (v.environment === null) continue; // connections happen on clusters: environments and clusters are what count
    const namespace = v.app.spec.namespace;
    for (const [name, c] of Object.entries(v.body.components)) {
      for (const group of ['containers', 'initContainers'] as const) {
        for (const [cn, container] of Object.entries(c[group] ?? {})) {
          for (const [key, value] of Object.entries(container.env ?? {})) {
            if (typeof value !== 'string') continue;
            const path = ['components', name, group, cn, 'env', key];
            for (const host of hostsIn(value, HOST_KEY.test(key))) check(ctx, errors, v, v.environment, peers, namespace, path, host, [name], `env ${key}`);
          }
        }
      }
    }
    for (const [cm, spec] of Object.entries(v.body.configMaps ?? {})) {
      const users = usersOf(v.body, cm);
      for (const [key, value] of Object.entries(spec.data)) {
        if (typeof value !== 'string') continue;
        const text = value
          .split('\n')
          .filter((l) => !COMMENT_LINE.test(l))
          .join('\n');
        for (const host of hostsIn(text, false))
          check(ctx, errors, v, v.environment, peers, namespace, ['configMaps', cm, 'data', key], host, users, `ConfigMap ${cm}`);
      }
    }
  }
  errors.flush(ctx);
}

/** Host names in a text: URL hosts, host:port pairs, *.svc names, and (for host-like keys) the whole value. */
function hostsIn(text: string, wholeValue: boolean): string[] {
  const hosts = new Set<string>();
  for (const m of text.matchAll(URL_HOST)) hosts.add(m[1]!.toLowerCase());
  for (const m of text.matchAll(HOST_PORT)) hosts.add(m[1]!.toLowerCase());
  for (const m of text.matchAll(SVC_HOST)) hosts.add(`${m[1]}.${m[2]}`.toLowerCase());
  const trimmed = text.trim();
  if (wholeValue && /^[a-z0-9][-a-z0-9.]*$/.test(trimmed)) hosts.add(trimmed);
  return [...hosts].map((h) => h.replace(/\.svc(\.cluster\.local)?\.?$/, '')).sort();
}

function check(
  ctx: RuleContext,
  errors: GroupedErrors,
  v: Variant,
  environment: string,
  peers: Peers,
  namespace: string,
  path: FieldPath,
  host: string,
  users: string[],
  what: string,
): void {
  const parts = host.split('.');
  if (parts.length > 2) return; // an external name, or a pod or headless-member host: not judged here
  const [name, ns] = parts as [string, string | undefined];
  if (ns === undefined) {
    const here = peers.service(namespace, name, environment);
    if (here) {
      checkEdges(errors, v, path, here, users, what, host);
      return;
    }
    const elsewhere = peers.serviceNamespaces(name, environment);
    if (elsewhere?.length)
      ctx.warn(
        v.layers,
        path,
        `${what} names the Service ${name} by its short name, which resolves only inside its own namespace (${elsewhere.join(', ')}), not from namespace ${namespace}`,
        `Write ${elsewhere.map((n) => `${name}.${n}.svc.cluster.local`).join(' or ')}, or use { service: <component>, app: <app> }.`,
      );
    return;
  }
  const owner = peers.service(ns, name, environment);
  if (owner) checkEdges(errors, v, path, owner, users, what, host);
}

/** Each component using the host needs an edge to the Service's component: talksTo, or a { service: } reference (which implies one). */
function checkEdges(errors: GroupedErrors, v: Variant, path: FieldPath, owner: ServiceOwner, users: string[], what: string, host: string): void {
  const sameApp = owner.app === v.app.name;
  const blocked = users.filter((u) => !(sameApp && u === owner.component) && !reaches(v.body.components[u], owner, sameApp));
  if (blocked.length === 0) return;
  const edge = sameApp ? owner.component : `{ app: ${owner.app}, component: ${owner.component} }`;
  errors.add(v.layers, path, `edge ${host} ${blocked.join(',')}`, describeVariant(v), (places) => ({
    message: `${what} reaches the Service ${owner.name} (${sameApp ? 'component' : `app ${owner.app}, component`} ${owner.component}), but component${blocked.length > 1 ? 's' : ''} ${blocked.join(', ')} ${blocked.length > 1 ? 'have' : 'has'} no network edge to it in ${places}: the default-deny policy blocks the connection`,
    hint: `Add ${edge} to talksTo of ${blocked.join(', ')}${what.startsWith('env') ? `, or write the value as { service: ${owner.component}${sameApp ? '' : `, app: ${owner.app}`} } (which opens the path itself)` : ''}.`,
  }));
}

function reaches(c: ComponentSpec | undefined, owner: ServiceOwner, sameApp: boolean): boolean {
  if (!c) return true;
  const declared = (c.talksTo ?? []).some((dep) => {
    const d = typeof dep === 'string' ? { component: dep, app: undefined } : dep;
    if (sameApp) return (!d.app || d.app === owner.app) && d.component === owner.component;
    return d.app === owner.app && (d.component === undefined || d.component === owner.component);
  });
  if (declared) return true;
  return [...Object.values(c.containers), ...Object.values(c.initContainers ?? {})].some((ct) =>
    Object.values(ct.env ?? {}).some(
      (e) => typeof e !== 'string' && e.service === owner.component && (sameApp ? !e.app || e.app === owner.app : e.app === owner.app),
    ),
  );
}

/** Components that read a ConfigMap: as a volume, through envFrom, or one key in env. */
function usersOf(body: AppBodySpec, configMap: string): string[] {
  return Object.entries(body.components)
    .filter(([, c]) => {
      const asVolume = Object.values(c.volumes ?? {}).some((vol) => vol.configMap === configMap);
      const inEnv = [...Object.values(c.containers), ...Object.values(c.initContainers ?? {})].some(
        (ct) =>
          (ct.envFrom ?? []).some((e) => e.configMap === configMap) ||
          Object.values(ct.env ?? {}).some((e) => typeof e !== 'string' && e.configMap === configMap),
      );
      return asVolume || inEnv;
    })
    .map(([name]) => name);
}
