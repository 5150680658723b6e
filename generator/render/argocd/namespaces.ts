/**
 * The apps' namespaces, created by the platform project, never by a team's.
 *
 * Argo CD's `CreateNamespace=true` creates the destination namespace as part
 * of the team's own sync, and the controller checks that Namespace against the
 * team's AppProject like any other object (gitops-engine's sync context adds
 * the namespace task before its permission check; controller/sync.go
 * validateSyncPermissions → AppProject.IsGroupKindNamePermitted). So a team
 * project had to whitelist the cluster-scoped kind Namespace, which lets the
 * team create or relabel any namespace on its clusters (kube-system's Pod
 * Security labels included). Argo CD 3.3 can restrict that whitelist entry
 * by name, but a team could still ship its own Namespace object and relabel
 * its namespace out of Pod Security. Instead, one Application per cluster
 * (`flotilla-namespaces-<cluster>`, project flotilla-platform) applies the
 * Namespace objects of its environment from `argocd/namespaces/<env>/`, and
 * team projects permit no Namespace at all.
 *
 * A Namespace is never pruned or deleted by Argo CD (`Prune=false,Delete=false`):
 * deleting one deletes everything in it. A team Application synced before its
 * namespace exists fails and is retried with backoff (retry, 5 attempts over
 * about 5 minutes) until the platform Application has created it.
 */
import { compareStrings } from '../../diagnostics.ts';
import { ANNOTATION, LABEL, MANAGED_BY } from '../../model/names.ts';
import type { K8sObject } from '../../model/object.ts';
import { namespacesPath } from '../../model/paths.ts';
import type { FleetPlan } from '../../plan/model.ts';
import { appNamespacesIn } from '../../plan/namespaces.ts';
import { leastStrict, type PodSecurityLevel } from '../../validate/rules/pod-security.ts';
import { PLATFORM_PROJECT } from './app-project.ts';
import { RETRY } from './application-sets.ts';
import { clusterElement } from './elements.ts';

export const NAMESPACES_APPSET = 'flotilla-namespaces';

export interface NamespacePlan {
  name: string;
  team: string;
  /** Unset for a namespace only charts use: chart pods are not held to a level Flotilla cannot check. */
  podSecurity?: PodSecurityLevel;
}

/** Per environment, the namespaces its apps need, sorted by name; environments without any are left out. */
export function namespacesByEnvironment(fleet: FleetPlan): Map<string, NamespacePlan[]> {
  const out = new Map<string, NamespacePlan[]>();
  for (const env of fleet.environments) {
    const byName = new Map<string, NamespacePlan>();
    for (const app of fleet.apps) {
      if (!app.envVariants.has(env.name)) continue;
      for (const name of appNamespacesIn(app, env.name)) {
        const ns = byName.get(name) ?? { name, team: app.team };
        byName.set(name, ns);
        if (name !== app.namespace) continue;
        ns.podSecurity = ns.podSecurity ? leastStrict(ns.podSecurity, app.podSecurity) : app.podSecurity;
      }
    }
    if (byName.size > 0)
      out.set(
        env.name,
        [...byName.values()].sort((a, b) => compareStrings(a.name, b.name)),
      );
  }
  return out;
}

export function renderNamespace(ns: NamespacePlan): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns.name,
      labels: {
        [LABEL.managedBy]: MANAGED_BY,
        [LABEL.team]: ns.team,
        ...(ns.podSecurity ? { 'pod-security.kubernetes.io/enforce': ns.podSecurity, 'pod-security.kubernetes.io/warn': 'restricted' } : {}),
      },
      // Deleting a namespace deletes everything in it: Argo CD never does, whatever the sync.
      annotations: { [ANNOTATION.syncOptions]: 'Prune=false,Delete=false' },
    },
  };
}

/** One Application per cluster (of an environment that has namespaces), in the platform project. */
export function renderNamespacesApplicationSet(fleet: FleetPlan, environments: Iterable<string>): K8sObject | undefined {
  const envs = new Set(environments);
  const clusters = fleet.clusters.filter((c) => envs.has(c.environment));
  if (clusters.length === 0) return undefined;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: {
      name: NAMESPACES_APPSET,
      namespace: fleet.argocdNamespace,
      labels: { [LABEL.managedBy]: MANAGED_BY },
      annotations: { [ANNOTATION.syncOptions]: 'Prune=confirm,Delete=confirm' },
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements: clusters.map(clusterElement) } }],
      syncPolicy: { applicationsSync: 'create-update', preserveResourcesOnDeletion: true },
      template: {
        metadata: {
          name: `${NAMESPACES_APPSET}-{{.cluster.id}}`,
          // part-of: preview and diff show them as one unit, not one "app" per cluster.
          labels: {
            [LABEL.managedBy]: MANAGED_BY,
            [LABEL.environment]: '{{.cluster.environment}}',
            [LABEL.cluster]: '{{.cluster.name}}',
            [LABEL.partOf]: NAMESPACES_APPSET,
          },
        },
        spec: {
          project: PLATFORM_PROJECT,
          source: { repoURL: fleet.repoUrl, targetRevision: fleet.revision, path: namespacesPath('{{.cluster.environment}}') },
          // Namespaces are cluster-scoped: no destination namespace (the platform project permits exactly that).
          destination: { server: '{{.cluster.server}}' },
          syncPolicy: { automated: { prune: false, selfHeal: true }, syncOptions: ['ServerSideApply=true'], retry: RETRY },
        },
      },
    },
  };
}
