/** Hand-made fleet sides for the diff engine's tests: small, visible objects on named clusters. */
import type { FleetSide, SideApplication } from '../../generator/diff/model.ts';
import type { K8sObject } from '../../generator/model/object.ts';

export const CLUSTERS = [
  { name: 'dev-1', environment: 'dev' },
  { name: 'dev-2', environment: 'dev' },
  { name: 'dev-3', environment: 'dev' },
  { name: 'prod-1', environment: 'prod' },
  { name: 'prod-2', environment: 'prod' },
  { name: 'prod-3', environment: 'prod' },
  { name: 'prod-4', environment: 'prod' },
];

export function deployment(
  app: string,
  over: { image?: string; replicas?: number; env?: Record<string, string>; pod?: Record<string, unknown>; container?: Record<string, unknown> } = {},
): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${app}-web`, namespace: app },
    spec: {
      replicas: over.replicas ?? 2,
      template: {
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'web',
              image: over.image ?? `registry.example.com/${app}/web:1.0.0`,
              env: Object.entries(over.env ?? {}).map(([name, value]) => ({ name, value })),
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
              ...over.container,
            },
          ],
          ...over.pod,
        },
      },
    },
  };
}

export function configMap(app: string, data: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${app}-settings`, namespace: app }, data };
}

/** An app on some clusters; `objects(cluster)` gives what it deploys there (return the same array to share it). */
export function appOn(app: string, clusters: string[], objects: (cluster: string) => K8sObject[]): SideApplication[] {
  return clusters.map((cluster) => ({
    name: `${app}-${cluster}`,
    app,
    project: `team-${app}`,
    appSet: `team-${app}`,
    environment: CLUSTERS.find((c) => c.name === cluster)!.environment,
    cluster,
    objects: objects(cluster),
  }));
}

export function side(...applications: SideApplication[][]): FleetSide {
  return { applications: applications.flat(), clusters: CLUSTERS };
}

export const ALL = CLUSTERS.map((c) => c.name);
