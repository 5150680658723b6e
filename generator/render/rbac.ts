/** RBAC of the app's service accounts: a Role (or ClusterRole) per entry of `roles`, with its binding. */

import { type K8sObject, sortedEntries } from '../model/object.ts';
import { appLabels, componentName, type RenderTarget } from './context.ts';

const RBAC = 'rbac.authorization.k8s.io/v1';

export function renderRbac(t: RenderTarget): K8sObject[] {
  const out: K8sObject[] = [];
  for (const [role, spec] of sortedEntries(t.variant.body.roles ?? {})) {
    const name = componentName(t.app.applicationId, role);
    const labels = appLabels(t.app);
    const namespaced = spec.clusterWide ? {} : { namespace: t.app.namespace };
    const roleKind = spec.clusterWide ? 'ClusterRole' : 'Role';
    if (spec.rules) out.push({ apiVersion: RBAC, kind: roleKind, metadata: { name, ...namespaced, labels }, rules: spec.rules.map((r) => ({ ...r })) });
    out.push({
      apiVersion: RBAC,
      kind: spec.clusterWide ? 'ClusterRoleBinding' : 'RoleBinding',
      metadata: { name, ...namespaced, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: spec.rules ? roleKind : 'ClusterRole', name: spec.clusterRole ?? name },
      subjects: spec.serviceAccounts.map((sa) => ({ kind: 'ServiceAccount', name: sa, namespace: t.app.namespace })),
    });
  }
  return out;
}
