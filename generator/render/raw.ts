/** The escape hatch: any other object, placed in the app's namespace unless cluster-scoped, labelled like the rest. */

import { isClusterScopedKind, type K8sObject } from '../model/object.ts';
import { appLabels, type RenderTarget } from './context.ts';

export function renderRawObjects(t: RenderTarget): K8sObject[] {
  const declared = new Set((t.app.clusterScoped ?? []).map((k) => k.kind));
  return (t.variant.body.resources ?? []).map((raw) => {
    const copy = structuredClone(raw) as K8sObject;
    const clusterScoped = isClusterScopedKind(copy.kind) || declared.has(copy.kind);
    copy.metadata = {
      ...copy.metadata,
      ...(clusterScoped ? {} : { namespace: t.app.namespace }),
      labels: { ...appLabels(t.app), ...((copy.metadata.labels as Record<string, string>) ?? {}) },
    };
    if (clusterScoped) delete copy.metadata.namespace;
    return copy;
  });
}
