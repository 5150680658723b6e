/**
 * Cluster generator over static cluster Secrets: the selector (plus the
 * implied secret-type label) picks Secrets; the local cluster, which has no
 * Secret, is included only when the selector is empty. Parameters: name,
 * nameNormalized, server, project, metadata labels/annotations, values.
 */
import { sanitizeName } from '../sanitize.ts';
import { isEmptySelector, matchesSelector } from '../selector.ts';
import { type ClusterSecret, type GeneratorContext, type GeneratorSpec, LOCAL_CLUSTER, type Params, SECRET_TYPE_LABEL } from './types.ts';
import { appendTemplatedValues } from './values.ts';

export function clusterParams(spec: NonNullable<GeneratorSpec['clusters']>, ctx: GeneratorContext): Params[] {
  if (!ctx.env.clusterSecrets) throw new Error('error listing clusters: no cluster Secrets were given to the preview (a clusters generator needs them)');
  const secrets = ctx.env.clusterSecrets.map(withSecretType);
  const selector = spec.selector ?? {};
  const res: Params[] = [];
  const hasLocalSecret = secrets.some((s) => s.server.replace(/\/+$/, '') === LOCAL_CLUSTER.server);
  if (isEmptySelector(selector) && ctx.env.includeLocalCluster !== false && !hasLocalSecret) {
    const params: Params = { name: LOCAL_CLUSTER.name, nameNormalized: LOCAL_CLUSTER.name, server: LOCAL_CLUSTER.server };
    appendTemplatedValues(spec.values, params, ctx);
    res.push(params);
  }
  for (const secret of secrets.filter((s) => matchesSelector(selector, s.labels))) {
    const params: Params = { name: secret.name, nameNormalized: sanitizeName(secret.name), server: secret.server, project: secret.project ?? '' };
    if (ctx.goTemplate) {
      const metadata: Params = {};
      if (Object.keys(secret.annotations).length) metadata.annotations = { ...secret.annotations };
      if (Object.keys(secret.labels).length) metadata.labels = { ...secret.labels };
      params.metadata = metadata;
    } else {
      for (const [k, v] of Object.entries(secret.annotations)) params[`metadata.annotations.${k}`] = v;
      for (const [k, v] of Object.entries(secret.labels)) params[`metadata.labels.${k}`] = v;
    }
    appendTemplatedValues(spec.values, params, ctx);
    res.push(params);
  }
  // flatList: one parameter set holding every cluster, for a single Application.
  if (spec.flatList) return [{ clusters: res }];
  return res;
}

function withSecretType(s: ClusterSecret): Required<Pick<ClusterSecret, 'labels' | 'annotations'>> & ClusterSecret {
  return { ...s, labels: { [SECRET_TYPE_LABEL]: 'cluster', ...(s.labels ?? {}) }, annotations: { ...(s.annotations ?? {}) } };
}
