/**
 * Every name an app uses must exist: volumes, ports, ConfigMaps, secrets, PVCs,
 * service accounts, components and other apps — with the nearest name
 * suggested (the "synapse-media vs synapse-media-repository" class of bug).
 */
import { hasKey, own } from '../../model/dict.ts';
import { portNumber, type WrittenPort } from '../../model/ports.ts';
import { type RouteKind, type RouteKindName, routeBackends, routeKind } from '../../model/route-kinds.ts';
import { type ComponentFieldName, KIND_FIELDS, workloadKind } from '../../model/workload-kinds.ts';
import { didYouMean } from '../../suggest.ts';
import { externalServicesFor } from '../external-services.ts';
import type { ComponentSpec } from '../schema/component.ts';
import type { RuleContext } from './context.ts';
import { GroupedErrors } from './grouped.ts';
import { type Peers, peerComponents, servicePortNumbers, servicePorts } from './peers.ts';
import { servicePortProtocol } from './services.ts';
import { describeVariant, type Variant, variants } from './variants.ts';

/** Other apps are known only through `peers` (peers.ts). */
export function referenceRules(ctx: RuleContext, peers: Peers): void {
  // The validated apps' names, listed only when a suggestion needs them.
  const appNames: Iterable<string> = { [Symbol.iterator]: () => peers.names()[Symbol.iterator]() };
  const grouped = new GroupedErrors();
  for (const v of variants(ctx)) {
    /** `where` narrows the scope for names that are not app-wide, e.g. "in container web". */
    const check = (exists: boolean, path: (string | number)[], what: string, name: string, candidates: Iterable<string>, where = '') => {
      if (!exists)
        ctx.error(
          v.layers,
          path,
          `${what} "${name}" does not exist${where ? ` ${where}` : ''}`,
          didYouMean(name, candidates) ?? hintFor(what, [...candidates], where),
        );
    };
    /** A component missing from this app: say which other app has one of that name, or suggest among this app's. */
    const componentElsewhere = (path: (string | number)[], name: string, form: string) => {
      const owners = peers.componentOwners(name, v.environment).filter((a) => a !== v.app.name);
      const externals = Object.keys(externalServicesFor(ctx.fleet.fleet, v.body));
      if (owners.length === 0)
        check(false, path, externals.length ? 'component or external service' : 'component', name, [...Object.keys(v.body.components), ...externals]);
      else
        ctx.error(
          v.layers,
          path,
          `component "${name}" does not exist in this app; app${owners.length > 1 ? 's' : ''} ${owners.join(', ')} ${owners.length > 1 ? 'have' : 'has'} one`,
          `For another app's component, name the app: ${form.replace('<app>', owners[0]!)}.`,
        );
    };
    const b = v.body;
    const configMaps = Object.keys(b.configMaps ?? {});
    const secrets = Object.keys(b.secrets ?? {});
    const pvcs = Object.keys(b.pvcs ?? {});
    const accounts = Object.keys(b.serviceAccounts ?? {});
    const components = Object.keys(b.components);
    const charts = Object.keys(b.charts ?? {});
    const visible = externalServicesFor(ctx.fleet.fleet, b);
    const externals = Object.keys(visible);
    for (const name of Object.keys(b.externalServices ?? {}))
      if (hasKey(b.components, name))
        ctx.error(
          v.layers,
          ['externalServices', name],
          `external service "${name}" has the name of a component, so { service: ${name} } would be ambiguous`,
          'Rename one of them.',
          true,
        );
    for (const [chart, spec] of Object.entries(b.charts ?? {}))
      for (const [i, dep] of (spec.talksTo ?? []).entries()) {
        const d = typeof dep === 'string' ? { component: dep } : dep;
        const where = ['charts', chart, 'talksTo', i];
        if (d.external) {
          check(externals.includes(d.external), [...where, 'external'], 'external service', d.external, externals);
          const ext = own(visible, d.external);
          if (ext && typeof d.port === 'string')
            check(hasKey(ext.ports, d.port), [...where, 'port'], 'port', d.port, Object.keys(ext.ports), `of external service ${d.external}`);
          else if (ext && typeof d.port === 'number') externalPortNumber(ctx, v, [...where, 'port'], d.external, ext.ports, d.port);
        } else if (d.component && !d.app)
          check(components.includes(d.component), typeof dep === 'string' ? where : [...where, 'component'], 'component', d.component, components);
        else if (d.app && !peers.incomplete(d.app)) check(peers.has(d.app), [...where, 'app'], 'app', d.app, appNames);
        else if (d.chart) check(charts.includes(d.chart), [...where, 'chart'], 'chart', d.chart, charts);
      }

    for (const [role, spec] of Object.entries(b.roles ?? {}))
      spec.serviceAccounts.forEach((sa, i) => {
        check(accounts.includes(sa), ['roles', role, 'serviceAccounts', i], 'service account', sa, accounts);
      });
    for (const [sa, spec] of Object.entries(b.serviceAccounts ?? {})) {
      (spec.imagePullSecrets ?? []).forEach((s, i) => {
        check(secrets.includes(s), ['serviceAccounts', sa, 'imagePullSecrets', i], 'secret', s, secrets);
      });
    }
    for (const [name, c] of Object.entries(b.components)) {
      const at = (...rest: (string | number)[]) => ['components', name, ...rest];
      checkKindFields(ctx, v, name, c);
      const volumes = Object.keys(c.volumes ?? {});
      const claims = Object.keys(c.claimTemplates ?? {});
      for (const [vol, spec] of Object.entries(c.volumes ?? {})) {
        if (spec.pvc) check(pvcs.includes(spec.pvc), at('volumes', vol, 'pvc'), 'PVC', spec.pvc, pvcs);
        if (spec.configMap) check(configMaps.includes(spec.configMap), at('volumes', vol, 'configMap'), 'ConfigMap', spec.configMap, configMaps);
        if (spec.secret) check(secrets.includes(spec.secret), at('volumes', vol, 'secret'), 'secret', spec.secret, secrets);
        if (spec.claimTemplate) check(claims.includes(vol), at('volumes', vol), 'claim template', vol, claims);
      }
      if (c.serviceAccount) check(accounts.includes(c.serviceAccount), at('serviceAccount'), 'service account', c.serviceAccount, accounts);
      (c.imagePullSecrets ?? []).forEach((s, i) => {
        check(secrets.includes(s), at('imagePullSecrets', i), 'secret', s, secrets);
      });

      const allPorts = new Map<string, number>();
      for (const [group, containers] of [
        ['containers', c.containers],
        ['initContainers', c.initContainers ?? {}],
      ] as const) {
        for (const [cn, container] of Object.entries(containers)) {
          const cat = (...rest: (string | number)[]) => at(group, cn, ...rest);
          const ports = container.ports ?? {};
          for (const [p, written] of Object.entries(ports)) {
            const n = portNumber(written);
            if (group === 'containers' && allPorts.has(p) && allPorts.get(p) !== n)
              ctx.error(v.layers, cat('ports', p), `port name "${p}" is used by two containers of the pod with different numbers`);
            if (group === 'containers') allPorts.set(p, n);
          }
          if (group === 'containers' && container.restartPolicy)
            ctx.error(
              v.layers,
              cat('restartPolicy'),
              'restartPolicy: Always makes an init container a sidecar; a container of the pod already runs as long as the pod',
              'Move it under initContainers, or remove restartPolicy.',
              true,
            );
          for (const mount of Object.keys(container.mounts ?? {})) {
            check(volumes.includes(mount), cat('mounts', mount), 'volume', mount, volumes);
          }
          for (const [kind, probe] of Object.entries(container.probes ?? {})) {
            const port = probe?.http?.port ?? probe?.tcp ?? probe?.grpc?.port;
            if (typeof port === 'string')
              check(
                hasKey(ports, port),
                cat('probes', kind, probe?.http ? 'http' : probe?.grpc ? 'grpc' : 'tcp', ...(probe?.http || probe?.grpc ? ['port'] : [])),
                'port',
                port,
                Object.keys(ports),
                `in container ${cn}`,
              );
            else if (typeof port === 'number' && !Object.values(ports).map(portNumber).includes(port))
              ctx.error(
                v.layers,
                cat('probes', kind),
                `probe port ${port} is not a port of container ${cn}`,
                `Declare it under ports (e.g. http: ${port}) and refer to it by name.`,
              );
          }
          (container.envFrom ?? []).forEach((ref, i) => {
            if (ref.configMap) check(configMaps.includes(ref.configMap), cat('envFrom', i, 'configMap'), 'ConfigMap', ref.configMap, configMaps);
            if (ref.secret) check(secrets.includes(ref.secret), cat('envFrom', i, 'secret'), 'secret', ref.secret, secrets);
          });
          for (const [env, value] of Object.entries(container.env ?? {})) {
            if (typeof value === 'string') continue;
            if (value.configMap) {
              check(configMaps.includes(value.configMap), cat('env', env, 'configMap'), 'ConfigMap', value.configMap, configMaps);
              const keys = Object.keys(b.configMaps?.[value.configMap]?.data ?? {});
              if (configMaps.includes(value.configMap) && value.key)
                check(keys.includes(value.key), cat('env', env, 'key'), 'key', value.key, keys, `in ConfigMap ${value.configMap}`);
            }
            if (value.secret) {
              check(secrets.includes(value.secret), cat('env', env, 'secret'), 'secret', value.secret, secrets);
              const keys = secretKeys(b, value.secret);
              if (keys && value.key) check(keys.includes(value.key), cat('env', env, 'key'), 'key', value.key, keys, `in secret ${value.secret}`);
            }
            const external = value.service && !value.app && !hasKey(b.components, value.service) ? own(visible, value.service) : undefined;
            if (value.service && !value.app && hasKey(b.components, value.service) && hasKey(ctx.fleet.fleet.externalServices, value.service))
              ctx.error(
                v.layers,
                cat('env', env, 'service'),
                `"${value.service}" is both a component of this app and an external service of the fleet, so { service: ${value.service} } is ambiguous`,
                'Rename the component, or the external service in fleet.yaml.',
              );
            if (external) {
              if (typeof value.port === 'string')
                check(
                  hasKey(external.ports, value.port),
                  cat('env', env, 'port'),
                  'port',
                  value.port,
                  Object.keys(external.ports),
                  `of external service ${value.service}`,
                );
              else if (typeof value.port === 'number') externalPortNumber(ctx, v, cat('env', env, 'port'), value.service!, external.ports, value.port);
            } else if (value.service) {
              const targetApp = value.app || v.app.name;
              if (!peers.has(targetApp)) {
                if (!peers.incomplete(targetApp)) check(false, cat('env', env, 'app'), 'app', targetApp, appNames);
              } else if (!peers.incomplete(targetApp)) {
                const targetComponents = targetApp === v.app.name ? peerComponents(b.components) : peers.components(targetApp, v.environment);
                if (!targetComponents) ctx.error(v.layers, cat('env', env, 'app'), `app "${value.app}" is not deployed to environment ${v.environment}`);
                else {
                  const targets = [...targetComponents.keys()];
                  if (!targets.includes(value.service) && !value.app)
                    componentElsewhere(cat('env', env, 'service'), value.service, `{ service: ${value.service}, app: <app> }`);
                  else
                    check(
                      targets.includes(value.service),
                      cat('env', env, 'service'),
                      'component',
                      value.service,
                      targets,
                      value.app ? `in app ${value.app}` : '',
                    );
                  const target = targetComponents.get(value.service);
                  if (target && !target.service)
                    ctx.error(v.layers, cat('env', env, 'service'), `component "${value.service}" has no Service (service: false)`);
                  if (target && typeof value.port === 'string')
                    check(
                      target.ports.includes(value.port),
                      cat('env', env, 'port'),
                      'Service port',
                      value.port,
                      target.ports,
                      `on component ${value.service}`,
                    );
                  else if (target && typeof value.port === 'number' && !target.portNumbers.includes(value.port))
                    ctx.error(
                      v.layers,
                      cat('env', env, 'port'),
                      `Service port ${value.port} does not exist on component ${value.service}`,
                      target.ports.length ? `Its Service has ports ${target.ports.join(', ')}; name one of them.` : undefined,
                    );
                }
              }
            }
          }
        }
      }
      if (c.service) {
        for (const [p, spec] of Object.entries(c.service.ports ?? {})) {
          const target = typeof spec === 'number' ? p : (spec.targetPort ?? p);
          if (typeof target === 'string')
            check(
              allPorts.has(target),
              at('service', 'ports', p, ...(typeof spec === 'number' ? [] : ['targetPort'])),
              'container port',
              target,
              allPorts.keys(),
            );
        }
      }
      if (c.metrics) check(allPorts.has(c.metrics.port), at('metrics', 'port'), 'container port', c.metrics.port, allPorts.keys());
      for (const [i, dep] of (c.talksTo ?? []).entries()) {
        const d = typeof dep === 'string' ? { component: dep } : dep;
        if (d.app) {
          if (peers.incomplete(d.app)) continue;
          if (!peers.has(d.app)) {
            check(false, at('talksTo', i, 'app'), 'app', d.app, appNames);
            continue;
          }
          if (d.app === v.app.name && !d.component) {
            ctx.error(
              v.layers,
              at('talksTo', i, 'app'),
              `talksTo names this app itself without a component, which would allow nothing`,
              `Name the components it talks to: ${components[0] ?? '<component>'} (or { component: ${components[0] ?? '<component>'} }).`,
              true,
            );
            continue;
          }
          const otherComponents = peers.components(d.app, v.environment);
          if (!otherComponents) {
            ctx.error(v.layers, at('talksTo', i, 'app'), `app "${d.app}" is not deployed to environment ${v.environment}`);
            continue;
          }
          if (d.component)
            check(otherComponents.has(d.component), at('talksTo', i, 'component'), 'component', d.component, [...otherComponents.keys()], `in app ${d.app}`);
        } else if (d.component) {
          const where = typeof dep === 'string' ? at('talksTo', i) : at('talksTo', i, 'component');
          if (!components.includes(d.component)) componentElsewhere(where, d.component, `{ app: <app>, component: ${d.component} }`);
        } else if (d.chart) check(charts.includes(d.chart), at('talksTo', i, 'chart'), 'chart', d.chart, charts);
        else if (d.external) {
          check(externals.includes(d.external), at('talksTo', i, 'external'), 'external service', d.external, externals);
          const ext = own(visible, d.external);
          if (ext && typeof d.port === 'string')
            check(hasKey(ext.ports, d.port), at('talksTo', i, 'port'), 'port', d.port, Object.keys(ext.ports), `of external service ${d.external}`);
          else if (ext && typeof d.port === 'number') externalPortNumber(ctx, v, at('talksTo', i, 'port'), d.external, ext.ports, d.port);
        }
        if (!d.cidr && !d.pods && d.protocol !== undefined)
          ctx.error(
            v.layers,
            at('talksTo', i, 'protocol'),
            'protocol applies to cidr and pods entries (with ports)',
            'Other peers take the protocol of their ports.',
            true,
          );
        if (!d.cidr && !d.pods && d.ports !== undefined)
          ctx.error(
            v.layers,
            at('talksTo', i, 'ports'),
            'ports applies to cidr and pods entries',
            'Use port: with a component, app, chart or external service.',
            true,
          );
        if (!d.pods && d.namespace !== undefined) ctx.error(v.layers, at('talksTo', i, 'namespace'), 'namespace applies to pods entries', undefined, true);
        if ((d.cidr || d.pods) && d.port !== undefined)
          ctx.error(v.layers, at('talksTo', i, 'port'), 'cidr and pods entries take ports: [...], not port', `Write ports: [${d.port}].`, true);
      }
    }
    for (const [route, spec] of Object.entries(b.routes ?? {})) {
      const kind = routeKind(spec.kind ?? 'Ingress'); // a cluster's ingressKind is always an HTTP kind
      checkRouteShape(ctx, grouped, v, route, spec, kind);
      for (const backend of routeBackends(spec)) {
        const base = ['routes', route, ...backend.at];
        const at = backend.short ? base : [...base, 'component'];
        check(components.includes(backend.component), at, 'component', backend.component, components);
        const comp = b.components[backend.component];
        if (!comp) continue;
        const ports = servicePorts(comp);
        if (comp.service === false || ports.length === 0)
          ctx.error(v.layers, at, `component "${backend.component}" has no Service to route to`, 'Give its containers a named port, or remove service: false.');
        else if (typeof backend.port === 'string' && !ports.includes(backend.port))
          check(false, [...base, 'port'], 'Service port', backend.port, ports, `on component ${backend.component}`);
        else if (typeof backend.port === 'number' && !servicePortNumbers(comp).includes(backend.port))
          ctx.error(
            v.layers,
            [...base, 'port'],
            `Service port ${backend.port} does not exist on component ${backend.component}`,
            `Its Service has ${ports.map((p, k) => `${p} (${servicePortNumbers(comp)[k]})`).join(', ')}; name one of them.`,
          );
        else if (backend.port === undefined && ports.length > 1)
          ctx.error(
            v.layers,
            at,
            `component "${backend.component}" has several Service ports (${ports.join(', ')}); name one`,
            `Write { component: ${backend.component}, port: ${ports[0]} }.`,
          );
        else {
          const port = backend.port ?? ports[0]!;
          const protocol = servicePortProtocol(comp, port);
          if (protocol !== kind.protocol) {
            const fitting = ports.filter((p) => servicePortProtocol(comp, p) === kind.protocol);
            ctx.error(
              v.layers,
              backend.port === undefined ? at : [...base, 'port'],
              `a ${kind.kind} carries ${kind.protocol}, but Service port ${port} of component ${backend.component} is ${protocol}`,
              fitting.length
                ? `Route to a ${kind.protocol} port: { component: ${backend.component}, port: ${fitting[0]} }.`
                : kind.protocol === 'TCP'
                  ? 'Use kind: UDPRoute for UDP traffic.'
                  : `Declare the port with protocol: UDP, or use kind: TCPRoute.`,
            );
          }
        }
      }
    }
    (b.ingressFrom ?? []).forEach((entry, i) => {
      if (entry.component) check(components.includes(entry.component), ['ingressFrom', i, 'component'], 'component', entry.component, components);
      if (typeof entry.port === 'string' && (!entry.component || components.includes(entry.component))) {
        const into = entry.component ? [b.components[entry.component]!] : Object.values(b.components);
        const names = [...new Set(into.flatMap((c) => Object.values(c.containers).flatMap((ct) => Object.keys(ct.ports ?? {}))))];
        check(
          names.includes(entry.port),
          ['ingressFrom', i, 'port'],
          'port',
          entry.port,
          names,
          entry.component ? `in component ${entry.component}` : 'in any component',
        );
      }
      if (entry.cidr && entry.namespace)
        ctx.error(v.layers, ['ingressFrom', i, 'namespace'], 'an ingressFrom entry is a namespace (with pods) or a cidr, not both', undefined, true);
    });
  }
  grouped.flush(ctx);
}

/** Fields a kind does not allow, and fields it needs, from the workload kinds table. */
function checkKindFields(ctx: RuleContext, v: Variant, name: string, c: ComponentSpec): void {
  const at = (...rest: string[]) => ['components', name, ...rest];
  const row = workloadKind(c.kind);
  for (const { field, what, example } of row.required)
    if (c[field] === undefined) ctx.error(v.layers, at('kind'), `a ${c.kind} needs ${what}`, `Add ${example}.`);
  for (const [field, kinds] of KIND_FIELDS) {
    if (c[field] === undefined || kinds.includes(c.kind)) continue;
    ctx.error(
      v.layers,
      at(field),
      `${field} applies only to ${kinds.length === 1 ? 'kind' : 'kinds'} ${kinds.join(', ')}, not ${c.kind}`,
      KIND_FIELD_HINT[field] ?? `Set kind: ${kinds[0]}, or remove the field.`,
      true,
    );
  }
}

/** Where the usual fix is not "change the kind". */
const KIND_FIELD_HINT: Partial<Record<ComponentFieldName, string>> = {
  claimTemplates: 'Use pvcs: for a shared claim, or set kind: StatefulSet.',
};

function secretKeys(b: Variant['body'], name: string): string[] | undefined {
  const s = b.secrets?.[name];
  if (!s) return undefined;
  if (s.externalSecret) return Object.keys(s.externalSecret.data);
  if (s.sealed) return Object.keys(s.sealed.encryptedData);
  return s.keys;
}

function hintFor(what: string, candidates: string[], where: string): string | undefined {
  if (candidates.length === 0) return `No ${what} is declared ${where || 'in this app'}.`;
  return `Declared: ${candidates.slice(0, 8).join(', ')}${candidates.length > 8 ? ', …' : ''}.`;
}

/** Which of host, paths, backend and listener a route kind takes (model/route-kinds.ts). */
function checkRouteShape(
  ctx: RuleContext,
  grouped: GroupedErrors,
  v: Variant,
  route: string,
  spec: NonNullable<Variant['body']['routes']>[string],
  kind: RouteKind,
): void {
  const at = (field: string) => ['routes', route, field];
  const name = spec.kind ?? 'an HTTP route';
  if (kind.hosts && spec.host === undefined)
    ctx.error(
      v.layers,
      ['routes', route],
      `${kind.kind} routes by host name, so it needs host`,
      'Add host: <label> (prefixed to the base domain) or a full host name.',
      true,
    );
  if (!kind.hosts && spec.host !== undefined)
    ctx.error(
      v.layers,
      at('host'),
      `a ${kind.kind} matches no host name (only the gateway listener's port)`,
      'Remove host, or pick the listener with listener: <name>.',
      true,
    );
  if (kind.backends === 'paths') {
    if (spec.paths === undefined)
      ctx.error(v.layers, ['routes', route], `${name} routes path prefixes, so it needs paths`, 'Add paths: { /: <component> }.', true);
    if (spec.backend !== undefined)
      ctx.error(v.layers, at('backend'), `${name} routes path prefixes: write paths, not backend`, 'Write paths: { /: <component> } instead.', true);
  } else {
    if (spec.backend === undefined)
      ctx.error(
        v.layers,
        ['routes', route],
        `a ${kind.kind} sends its traffic to one backend, so it needs backend`,
        'Add backend: { component: <name>, port: <port> }.',
        true,
      );
    if (spec.paths !== undefined)
      ctx.error(
        v.layers,
        at('paths'),
        `a ${kind.kind} has no paths: it sends its traffic to one backend`,
        'Write backend: { component: <name>, port: <port> } instead.',
        true,
      );
  }
  const defaultKind = spec.kind === undefined && spec.listener !== undefined ? defaultRouteKind(ctx, v) : undefined;
  if (defaultKind && !routeKind(defaultKind).gateway)
    grouped.add(
      v.layers,
      at('listener'),
      `listener/${defaultKind}`,
      describeVariant(v),
      (places) => ({
        message: `listener applies to Gateway API routes, and routes in ${places} are ${defaultKind} (the ingressKind there)`,
        hint: 'Set kind: HTTPRoute on the route, or remove listener.',
      }),
      true,
    );
  // The default is true, so false is written: whoever wrote it expects plain HTTP, which only the Gateway's listener decides.
  const effective = spec.kind ?? defaultRouteKind(ctx, v);
  if (spec.tls === false && effective && routeKind(effective).gateway)
    grouped.add(
      v.layers,
      at('tls'),
      `tls/${effective}`,
      describeVariant(v),
      (places) => ({
        message: `tls: false has no effect on a route of kind ${effective}${spec.kind ? '' : ` (the ingressKind in ${places})`}: a Gateway API route is served on its Gateway's listeners, and they decide TLS`,
        hint: 'Pick a plain-HTTP listener of the gateway with listener: <name>, and remove tls.',
      }),
      true,
    );
  if (spec.listener !== undefined && !kind.gateway && spec.kind !== undefined)
    ctx.error(
      v.layers,
      at('listener'),
      `listener applies to Gateway API routes, not ${kind.kind}`,
      'Remove it (the ingress controller has no listeners to pick), or use kind: HTTPRoute.',
      true,
    );
}

/** The kind a route without `kind` gets in this variant: the cluster's, else the environment's, else the fleet default `ingressKind`. */
function defaultRouteKind(ctx: RuleContext, v: Variant): RouteKindName | undefined {
  if (v.environment === null) return undefined; // the environments and clusters say
  const fleet = ctx.fleet.fleet;
  const env = fleet.environments.find((e) => e.name === v.environment);
  const cluster = v.cluster ? ctx.clusters.ingressKind(v.cluster) : undefined;
  return cluster ?? env?.ingressKind ?? fleet.defaults?.ingressKind ?? 'Ingress';
}

/**
 * A port of an external service by number must be one it declares: the network policy allows
 * exactly its declared ports, so another number would be blocked (and, for a talksTo, no
 * matching port would leave the rule open on every port).
 */
function externalPortNumber(ctx: RuleContext, v: Variant, path: (string | number)[], name: string, ports: Record<string, WrittenPort>, port: number): void {
  const declared = Object.entries(ports).map(([p, spec]) => `${p} (${portNumber(spec)})`);
  if (!Object.values(ports).some((spec) => portNumber(spec) === port))
    ctx.error(
      v.layers,
      path,
      `port ${port} is not a port of external service ${name}, which declares ${declared.join(', ')}`,
      `Name one of its ports, or declare ${port} under its ports.`,
    );
}
