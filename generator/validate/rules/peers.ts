/**
 * What an app's rules may know of the rest of the fleet: a few small facts
 * about the other apps, each asked for by name, and the clusters' facts
 * (cluster-facts.ts). A rule that checks one app against the rest (a reference
 * to another app's component and port, a Service host written as text) reads
 * the rest only through this view, so what it finds depends on the app itself
 * and the answers it got. An incremental run records the questions and keeps
 * the findings while every answer stays the same (incremental/config-cache.ts):
 * another app's new image tag changes none of them.
 *
 * The view holds only methods, each answering with plain data.
 */
import { componentName } from '../../model/names.ts';
import { portNumber } from '../../model/ports.ts';
import type { ComponentSpec } from '../schema/component.ts';
import type { ValidApp, ValidatedFleet } from '../validate-fleet.ts';
import { type ClusterFacts, clusterFacts } from './cluster-facts.ts';
import { bodyIn } from './variants.ts';

/** A component as another app sees it: by its Service. */
export interface PeerComponent {
  /** false where the component has `service: false`. */
  service: boolean;
  /** The Service's port names, and their numbers in the same order (none without a Service). */
  ports: string[];
  portNumbers: number[];
}

/** A Service of the fleet, and the app component behind it. */
export interface ServiceOwner {
  app: string;
  component: string;
  namespace: string;
  name: string;
}

export interface Peers {
  clusters: ClusterFacts;
  /** Whether the fleet has a validated app of this name. */
  has(app: string): boolean;
  /** Whether the app's file exists but it did not validate (or was not read): nothing about it is judged. */
  incomplete(app: string): boolean;
  /** The validated apps, in fleet order: what a suggestion picks from. */
  names(): string[];
  /** An app's components in an environment (null: its body as written); undefined where it is not deployed. */
  components(app: string, environment: string | null): Map<string, PeerComponent> | undefined;
  /** The apps with a component of this name in the environment, in fleet order. */
  componentOwners(component: string, environment: string | null): string[];
  /** The Service `name` in `namespace` on the environment's clusters. */
  service(namespace: string, name: string, environment: string): ServiceOwner | undefined;
  /** The namespaces that have a Service of this short name in the environment. */
  serviceNamespaces(name: string, environment: string): string[];
}

/** Made once per body's components: every reference to a component asks again. */
const summaries = new WeakMap<Record<string, ComponentSpec>, Map<string, PeerComponent>>();

/** The components of a body as other apps see them (components in the body's own order); not to be changed. */
export function peerComponents(components: Record<string, ComponentSpec>): Map<string, PeerComponent> {
  let summary = summaries.get(components);
  if (!summary) {
    summary = new Map(
      Object.entries(components).map(([name, c]) => [name, { service: c.service !== false, ports: servicePorts(c), portNumbers: servicePortNumbers(c) }]),
    );
    summaries.set(components, summary);
  }
  return summary;
}

/** The fleet's answers; each index is made on first use, once per environment. */
export function fleetPeers(fleet: ValidatedFleet): Peers {
  const byName = new Map(fleet.apps.map((a) => [a.name, a]));
  const ownersIn = new Map<string | null, Map<string, string[]>>();
  const servicesIn = new Map<string, ServiceIndex>();
  const owners = (environment: string | null) => {
    let index = ownersIn.get(environment);
    if (!index) {
      index = new Map();
      for (const app of fleet.apps)
        for (const component of Object.keys(bodyIn(app, environment)?.components ?? {})) index.set(component, [...(index.get(component) ?? []), app.name]);
      ownersIn.set(environment, index);
    }
    return index;
  };
  const services = (environment: string) => {
    let index = servicesIn.get(environment);
    if (!index) {
      index = indexServices(fleet.apps, environment);
      servicesIn.set(environment, index);
    }
    return index;
  };
  return {
    clusters: clusterFacts(fleet.clusters),
    has: (app) => byName.has(app),
    incomplete: (app) => fleet.incomplete.apps.has(app),
    names: () => [...byName.keys()],
    components(app, environment) {
      const found = byName.get(app);
      const body = found && bodyIn(found, environment);
      return body && peerComponents(body.components);
    },
    componentOwners: (component, environment) => [...(owners(environment).get(component) ?? [])],
    service: (namespace, name, environment) => services(environment).byKey.get(`${namespace}/${name}`),
    serviceNamespaces: (name, environment) => [...(services(environment).namespacesOf.get(name) ?? [])],
  };
}

interface ServiceIndex {
  byKey: Map<string, ServiceOwner>;
  /** Short name → the namespaces that have a Service of that name. */
  namespacesOf: Map<string, string[]>;
}

function indexServices(apps: readonly ValidApp[], environment: string): ServiceIndex {
  const byKey = new Map<string, ServiceOwner>();
  const namespacesOf = new Map<string, string[]>();
  for (const app of apps) {
    const body = bodyIn(app, environment);
    if (!body) continue;
    const id = app.spec.renamedFrom ?? app.name;
    for (const [component, c] of Object.entries(body.components)) {
      if (!hasService(c)) continue;
      const name = (c.service ? c.service.name : undefined) ?? componentName(id, component);
      const namespace = app.spec.namespace;
      byKey.set(`${namespace}/${name}`, { app: app.name, component, namespace, name });
      const list = namespacesOf.get(name) ?? [];
      if (!list.includes(namespace)) list.push(namespace);
      namespacesOf.set(name, list);
    }
  }
  return { byKey, namespacesOf };
}

function hasService(c: ComponentSpec): boolean {
  return c.kind !== 'CronJob' && c.kind !== 'Job' && servicePorts(c).length > 0;
}

/** The Service port names a component exposes (explicit, or every named container port). */
export function servicePorts(c: ComponentSpec): string[] {
  if (c.service === false) return [];
  if (c.service?.ports) return Object.keys(c.service.ports);
  return Object.values(c.containers).flatMap((ct) => Object.keys(ct.ports ?? {}));
}

/** The port numbers of servicePorts(c), in the same order. */
export function servicePortNumbers(c: ComponentSpec): number[] {
  if (c.service === false) return [];
  if (c.service?.ports) return Object.values(c.service.ports).map((p) => (typeof p === 'number' ? p : p.port));
  return Object.values(c.containers).flatMap((ct) => Object.values(ct.ports ?? {}).map(portNumber));
}
