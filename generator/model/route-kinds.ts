/**
 * Route kinds, described once: the schema's `routes.<n>.kind` enum, the rules
 * on which fields a kind takes and which protocol its backend port must speak,
 * the rendered apiVersion, the gateway check of the output, sync waves and the
 * config path of a rendered route all read this table.
 *
 * apiVersions are the ones the Gateway API CRDs serve (and @kubernetes-models/
 * gateway-api validates): HTTPRoute, GRPCRoute and TLSRoute are v1 (TLSRoute
 * since Gateway API 1.5, standard channel); TCPRoute and UDPRoute are still
 * v1alpha2, in the experimental channel only.
 */

export const ROUTE_KIND_NAMES = ['Ingress', 'IngressRoute', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'] as const;
export type RouteKindName = (typeof ROUTE_KIND_NAMES)[number];

/** The kinds a cluster may default its routes to (`ingressKind`): the HTTP ones. */
export const INGRESS_KIND_NAMES = ['Ingress', 'IngressRoute', 'HTTPRoute'] as const;

export interface RouteKind {
  kind: RouteKindName;
  apiVersion: string;
  /** Attached to the environment's Gateway (parentRefs), which must be set. */
  gateway: boolean;
  /** Matches on a host name (HTTP Host, TLS SNI): `host` is required; otherwise it is not allowed. */
  hosts: boolean;
  /** `paths` (path prefixes, each to a component), or one `backend`. */
  backends: 'paths' | 'one';
  /** The protocol of the backend's Service port. */
  protocol: 'TCP' | 'UDP';
  /** The TLS certificate: from the environment issuer (`tls`), or left to the Gateway or the backend. */
  certificate: boolean;
}

const ROWS: readonly RouteKind[] = [
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', gateway: false, hosts: true, backends: 'paths', protocol: 'TCP', certificate: true },
  { kind: 'IngressRoute', apiVersion: 'traefik.io/v1alpha1', gateway: false, hosts: true, backends: 'paths', protocol: 'TCP', certificate: true },
  { kind: 'HTTPRoute', apiVersion: 'gateway.networking.k8s.io/v1', gateway: true, hosts: true, backends: 'paths', protocol: 'TCP', certificate: false },
  { kind: 'GRPCRoute', apiVersion: 'gateway.networking.k8s.io/v1', gateway: true, hosts: true, backends: 'one', protocol: 'TCP', certificate: false },
  { kind: 'TLSRoute', apiVersion: 'gateway.networking.k8s.io/v1', gateway: true, hosts: true, backends: 'one', protocol: 'TCP', certificate: false },
  { kind: 'TCPRoute', apiVersion: 'gateway.networking.k8s.io/v1alpha2', gateway: true, hosts: false, backends: 'one', protocol: 'TCP', certificate: false },
  { kind: 'UDPRoute', apiVersion: 'gateway.networking.k8s.io/v1alpha2', gateway: true, hosts: false, backends: 'one', protocol: 'UDP', certificate: false },
];

const BY_KIND = new Map(ROWS.map((r) => [r.kind as string, r]));

export function routeKind(kind: RouteKindName): RouteKind {
  return BY_KIND.get(kind)!;
}

/** The row of a rendered route object, or undefined for any other object. */
export function routeKindOf(o: { apiVersion: string; kind: string }): RouteKind | undefined {
  const row = BY_KIND.get(o.kind);
  return row && row.apiVersion === o.apiVersion ? row : undefined;
}

type Backend = string | { component: string; port?: string | number };

export interface RouteBackend {
  /** Config path of the backend below the route: `['paths', '/api']` or `['backend']`. */
  at: string[];
  /** The path prefix, for kinds with paths. */
  prefix?: string;
  component: string;
  port?: string | number;
  /** Written as the component name alone (no `component:` key to point at). */
  short: boolean;
}

/** Every backend of a route, in the order written. */
export function routeBackends(route: { paths?: Readonly<Record<string, Backend>>; backend?: Backend }): RouteBackend[] {
  const one = (at: string[], b: Backend, prefix?: string): RouteBackend =>
    typeof b === 'string' ? { at, prefix, component: b, short: true } : { at, prefix, component: b.component, port: b.port, short: false };
  return [
    ...Object.entries(route.paths ?? {}).map(([prefix, b]) => one(['paths', prefix], b, prefix)),
    ...(route.backend !== undefined ? [one(['backend'], route.backend)] : []),
  ];
}
