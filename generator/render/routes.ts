/**
 * Entry points. The kind of an HTTP route (Ingress, Traefik IngressRoute,
 * Gateway API HTTPRoute) comes from the cluster's platform settings unless a
 * route fixes it; TLS certificates come from the environment's cert-manager
 * issuer, so test environments never use the production Let's Encrypt issuer.
 * GRPCRoute, TLSRoute, TCPRoute and UDPRoute send to one backend through the
 * environment's Gateway (model/route-kinds.ts says what each kind takes).
 */

import { compareStrings } from '../diagnostics.ts';
import { ANNOTATION } from '../model/names.ts';
import type { K8sObject } from '../model/object.ts';
import { routeBackends, routeKind } from '../model/route-kinds.ts';
import type { AppBodySpec } from '../validate/schema/app.ts';
import { appLabels, componentName, type RenderTarget } from './context.ts';
import { servicePortNumber } from './pod.ts';

type RouteSpec = NonNullable<AppBodySpec['routes']>[string];

export function routeHost(t: RenderTarget, route: RouteSpec): string {
  const host = route.host ?? '';
  return host.includes('.') ? host : `${host}.${t.variant.settings.baseDomain}`;
}

export function renderRoutes(t: RenderTarget): K8sObject[] {
  const out: K8sObject[] = [];
  for (const [name, route] of Object.entries(t.variant.body.routes ?? {})) {
    const kind = route.kind ?? t.variant.settings.ingressKind;
    const objectName = componentName(t.app.applicationId, name);
    const host = routeHost(t, route);
    const tlsSecret = `${objectName}-tls`;
    const backends = routeBackends(route)
      .sort((a, b) => compareStrings(a.prefix ?? '', b.prefix ?? ''))
      .map((target) => {
        const comp = t.variant.body.components[target.component];
        const port = target.port ?? firstServicePort(comp);
        const svc = (comp.service ? comp.service.name : undefined) ?? componentName(t.app.applicationId, target.component);
        return { path: target.prefix ?? '/', service: svc, port: servicePortNumber(comp, port) };
      });
    const own = route.annotations ? { ...route.annotations } : undefined;
    const meta = { name: objectName, namespace: t.app.namespace, labels: appLabels(t.app), ...(own ? { annotations: own } : {}) };
    if (kind === 'Ingress') {
      const annotations = { ...(own ?? {}), ...(route.tls ? { [ANNOTATION.certIssuer]: t.variant.settings.issuer } : {}) };
      out.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { ...meta, ...(Object.keys(annotations).length ? { annotations } : {}) },
        spec: {
          ...(t.variant.settings.ingressClass ? { ingressClassName: t.variant.settings.ingressClass } : {}),
          ...(route.tls ? { tls: [{ hosts: [host], secretName: tlsSecret }] } : {}),
          rules: [
            {
              host,
              http: { paths: backends.map((b) => ({ path: b.path, pathType: 'Prefix', backend: { service: { name: b.service, port: { number: b.port } } } })) },
            },
          ],
        },
      });
    } else if (kind === 'IngressRoute') {
      if (route.tls) out.push(certificate(t, objectName, host, tlsSecret));
      out.push({
        apiVersion: 'traefik.io/v1alpha1',
        kind: 'IngressRoute',
        metadata: meta,
        spec: {
          entryPoints: [route.tls ? 'websecure' : 'web'],
          routes: backends.map((b) => ({
            match: b.path === '/' ? `Host(\`${host}\`)` : `Host(\`${host}\`) && PathPrefix(\`${b.path}\`)`,
            kind: 'Rule',
            services: [{ name: b.service, port: b.port }],
          })),
          ...(route.tls ? { tls: { secretName: tlsSecret } } : {}),
        },
      });
      if (route.tls) {
        // Plain HTTP is redirected, never served: a web → websecure redirect middleware.
        out.push({
          apiVersion: 'traefik.io/v1alpha1',
          kind: 'Middleware',
          metadata: { ...meta, name: `${objectName}-https-redirect` },
          spec: { redirectScheme: { scheme: 'https', permanent: true } },
        });
        out.push({
          apiVersion: 'traefik.io/v1alpha1',
          kind: 'IngressRoute',
          metadata: { ...meta, name: `${objectName}-http` },
          spec: {
            entryPoints: ['web'],
            routes: [
              {
                match: `Host(\`${host}\`)`,
                kind: 'Rule',
                middlewares: [{ name: `${objectName}-https-redirect` }],
                services: [{ name: backends[0].service, port: backends[0].port }],
              },
            ],
          },
        });
      }
    } else {
      const gateway = t.variant.settings.gateway;
      const row = routeKind(kind);
      const parentRefs = gateway
        ? { parentRefs: [{ name: gateway.name, namespace: gateway.namespace, ...(route.listener ? { sectionName: route.listener } : {}) }] }
        : {};
      const rules =
        row.backends === 'paths'
          ? backends.map((b) => ({ matches: [{ path: { type: 'PathPrefix', value: b.path } }], backendRefs: [{ name: b.service, port: b.port }] }))
          : [{ backendRefs: backends.map((b) => ({ name: b.service, port: b.port })) }];
      out.push({
        apiVersion: row.apiVersion,
        kind,
        metadata: meta,
        spec: { ...parentRefs, ...(row.hosts ? { hostnames: [host] } : {}), rules },
      });
    }
  }
  return out;
}

function certificate(t: RenderTarget, name: string, host: string, secretName: string): K8sObject {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace: t.app.namespace, labels: appLabels(t.app) },
    spec: { secretName, dnsNames: [host], issuerRef: { name: t.variant.settings.issuer, kind: 'ClusterIssuer', group: 'cert-manager.io' } },
  };
}

function firstServicePort(c: AppBodySpec['components'][string]): string {
  const ports = c.service ? c.service.ports : undefined;
  if (ports) return Object.keys(ports)[0];
  for (const ct of Object.values(c.containers)) for (const p of Object.keys(ct.ports ?? {})) return p;
  throw new Error('component without ports (validation should have caught this)');
}
