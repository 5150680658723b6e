/**
 * What Argo CD will not do by itself after a deletion is merged. Flotilla's
 * ApplicationSets use applicationsSync: create-update (a shrinking generator
 * never deletes Applications) and the root Application does not prune (a
 * removed ApplicationSet stays in the cluster and keeps its Applications), so
 * every deletion is finished by a person with these commands, in this order.
 */
import type { ChangeSummary } from './change-summary.ts';

export function cleanupCommands(summary: ChangeSummary): string[] {
  const ns = summary.argocdNamespace;
  return [
    // Orphan first: deleting an ApplicationSet normally deletes its Applications, which must
    // instead go one by one below (each can then be confirmed, and Delete=confirm honoured).
    ...summary.applicationSets.deleted.map((set) => `kubectl -n ${ns} delete applicationset ${set} --cascade=orphan`),
    ...summary.applications.deleted.map((app) => `argocd app delete ${app.name}`),
    ...summary.projects.deleted.map((project) => `argocd proj delete ${project}`),
  ];
}
