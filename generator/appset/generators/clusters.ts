/**
 * Cluster generator over static cluster Secrets: the selector (plus the
 * implied secret-type label) picks Secrets, one per cluster name (the last
 * listed wins, as in Argo CD's map). The local cluster, which has no Secret,
 * comes last, and only when the selector is empty and no Secret is for its
 * server. Parameters: name, nameNormalized, server, project (empty when the
 * Secret has none), metadata labels/annotations, values.
 */
import { compareStrings } from '../../diagnostics.ts';
import { sanitizeName } from '../sanitize.ts';
import { compileSelector, isEmptySelector, type Selector } from '../selector.ts';
import { type ClusterSecret, type GeneratorContext, type GeneratorSpec, LOCAL_CLUSTER, type Params, SECRET_TYPE_LABEL } from './types.ts';
import { appendTemplatedValues } from './values.ts';

export function clusterParams(spec: NonNullable<GeneratorSpec['clusters']>, ctx: GeneratorContext): Params[] {
  const selector = spec.selector ?? {};
  const ignoreLocalCluster = !isEmptySelector(selector);
  let matches: Selector;
  try {
    matches = compileSelector(
      { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [SECRET_TYPE_LABEL]: 'cluster' } },
      { checkValues: true, operatorWord: 'label' },
    );
  } catch (error) {
    throw new Error(`error getting cluster secrets: error converting label selector: ${(error as Error).message}`);
  }
  if (!ctx.env.clusterSecrets)
    throw new Error('error getting cluster secrets: no cluster Secrets were given to the evaluator (a clusters generator needs them)');
  const byName = new Map<string, ClusterSecret & { labels: Record<string, string> }>();
  for (const secret of ctx.env.clusterSecrets.map(withSecretType)) if (matches(secret.labels)) byName.set(secret.name, secret);
  const secrets = [...byName.values()].sort((a, b) => compareStrings(a.name, b.name));

  const res: Params[] = [];
  for (const secret of secrets) {
    const params: Params = { name: secret.name, nameNormalized: sanitizeName(secret.name), server: secret.server, project: secret.project ?? '' };
    if (ctx.goTemplate) {
      const metadata: Params = {};
      if (Object.keys(secret.annotations ?? {}).length) metadata.annotations = { ...secret.annotations };
      if (Object.keys(secret.labels).length) metadata.labels = { ...secret.labels };
      params.metadata = metadata;
    } else {
      for (const [k, v] of Object.entries(secret.annotations ?? {})) params[`metadata.annotations.${k}`] = v;
      for (const [k, v] of Object.entries(secret.labels)) params[`metadata.labels.${k}`] = v;
    }
    appendTemplatedValues(spec.values, params, ctx);
    res.push(params);
  }
  const hasLocalSecret = secrets.some((s) => s.server === LOCAL_CLUSTER.server);
  if (!ignoreLocalCluster && ctx.env.includeLocalCluster !== false && !hasLocalSecret) {
    const params: Params = { name: LOCAL_CLUSTER.name, nameNormalized: LOCAL_CLUSTER.name, server: LOCAL_CLUSTER.server, project: '' };
    appendTemplatedValues(spec.values, params, ctx);
    res.push(params);
  }
  // flatList: one parameter set holding every cluster, for a single Application.
  if (spec.flatList) return [{ clusters: res }];
  return res;
}

/** Argo CD lists cluster Secrets by their secret-type label, so every Secret it sees carries it. */
function withSecretType(s: ClusterSecret): ClusterSecret & { labels: Record<string, string> } {
  return { ...s, labels: { [SECRET_TYPE_LABEL]: 'cluster', ...(s.labels ?? {}) } };
}
