/**
 * A raw resource of a cluster-scoped kind (ClusterRole, Namespace, CRD...) reaches
 * beyond the app's namespace: it is accepted only when the app declares the kind
 * under clusterScoped, which is also what its team's AppProject allows. Never a
 * Namespace: only the platform project creates namespaces (render/argocd/namespaces.ts).
 */
import { isClusterScopedKind } from '../../model/object.ts';
import { fileLayer, type RuleContext } from './context.ts';
import { variants } from './variants.ts';

const NAMESPACE_HINT =
  "Flotilla creates the app's namespace and its charts' (from the platform project); put the objects in one of those, or give a chart its own namespace.";

export function clusterScopedRules(ctx: RuleContext): void {
  for (const app of ctx.fleet.apps) {
    (app.spec.clusterScoped ?? []).forEach((k, i) => {
      if (k.group !== '' || k.kind !== 'Namespace') return;
      ctx.error(
        fileLayer(app.parsed),
        ['clusterScoped', i],
        'a team may not create namespaces: Namespace is never allowed in a team AppProject',
        NAMESPACE_HINT,
      );
    });
  }
  for (const v of variants(ctx)) {
    const declared = v.app.spec.clusterScoped ?? [];
    for (const [role, spec] of Object.entries(v.body.roles ?? {})) {
      if (!spec.clusterWide) continue;
      const kinds = [...(spec.rules ? ['ClusterRole'] : []), 'ClusterRoleBinding'];
      const missing = kinds.filter((kind) => !declared.some((d) => d.kind === kind && d.group === 'rbac.authorization.k8s.io'));
      if (missing.length)
        ctx.error(
          v.layers,
          ['roles', role, 'clusterWide'],
          `a cluster-wide role creates ${kinds.join(' and ')}, which are cluster-scoped; ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not declared under clusterScoped`,
          `Add ${missing.map((k) => `{ group: rbac.authorization.k8s.io, kind: ${k} }`).join(' and ')} to clusterScoped in apps/${v.app.name}.yaml (its team's AppProject then allows them), or drop clusterWide for a Role in the app namespace.`,
        );
    }
    (v.body.resources ?? []).forEach((obj, i) => {
      if (!isClusterScopedKind(obj.kind)) return;
      const group = groupOf(obj.apiVersion);
      if (group === '' && obj.kind === 'Namespace') {
        ctx.error(v.layers, ['resources', i, 'kind'], 'a team may not create namespaces: Namespace is never allowed in a team AppProject', NAMESPACE_HINT);
        return;
      }
      if (declared.some((d) => d.kind === obj.kind && d.group === group)) return;
      const sameKind = declared.find((d) => d.kind === obj.kind);
      if (sameKind) {
        ctx.error(
          v.layers,
          ['resources', i, 'apiVersion'],
          `${obj.kind} is declared under clusterScoped with group "${sameKind.group}", but this apiVersion is in group "${group}"`,
          `Declare { group: "${group}", kind: ${obj.kind} } under clusterScoped.`,
        );
        return;
      }
      ctx.error(
        v.layers,
        ['resources', i, 'kind'],
        `${obj.kind} is cluster-scoped and not declared under clusterScoped`,
        `Add { group: "${group}", kind: ${obj.kind} } to clusterScoped in apps/${v.app.name}.yaml (its team's AppProject then allows it), or use a namespaced kind.`,
      );
    });
  }
}

/** "rbac.authorization.k8s.io/v1" → "rbac.authorization.k8s.io"; the core group "v1" → "". */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
