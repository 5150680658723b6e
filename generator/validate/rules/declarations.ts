/**
 * Rules on what an app declares beside its components that the API server
 * would refuse at sync time (long after generate said yes): RBAC rules that
 * mix resources and URLs or name resources without their API group, and two
 * raw resources of one kind and name.
 */
import type { RuleContext } from './context.ts';
import { variants } from './variants.ts';

export function declarationRules(ctx: RuleContext): void {
  for (const v of variants(ctx)) {
    for (const [role, spec] of Object.entries(v.body.roles ?? {}))
      (spec.rules ?? []).forEach((rule, i) => {
        const at = (field?: string) => ['roles', role, 'rules', i, ...(field ? [field] : [])];
        const resources = (rule.resources ?? []).length > 0;
        const urls = (rule.nonResourceURLs ?? []).length > 0;
        if (resources && urls)
          ctx.error(
            v.layers,
            at('nonResourceURLs'),
            'a rule applies to resources or to non-resource URLs, not both (the API server refuses it)',
            'Split it into two rules.',
            true,
          );
        else if (!resources && !urls)
          ctx.error(
            v.layers,
            at(),
            'a rule needs resources (with apiGroups) or nonResourceURLs',
            'Add resources: [<plural>] and apiGroups, e.g. [""] for the core group.',
          );
        else if (urls && !spec.clusterWide)
          ctx.error(
            v.layers,
            at('nonResourceURLs'),
            'nonResourceURLs are not namespaced, so a Role cannot grant them (the API server refuses it)',
            'Set clusterWide: true on the role (a ClusterRole), or remove nonResourceURLs.',
            true,
          );
        else if (resources && (rule.apiGroups ?? []).length === 0)
          ctx.error(
            v.layers,
            at('resources'),
            'a rule on resources needs their API groups (the API server refuses it without)',
            `Add apiGroups: [""] for core resources such as pods and configmaps, or the group of the resource (apps, coordination.k8s.io).`,
            true,
          );
      });
    if (v.environment !== null) continue;
    // Overrides merge resources by kind and name, so only the list as written can hold one twice.
    const seen = new Map<string, number>();
    (v.body.resources ?? []).forEach((r, i) => {
      const key = `${r.kind}/${r.metadata.name}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        ctx.error(
          v.layers,
          ['resources', i, 'metadata', 'name'],
          `resources[${first}] is also ${key}: both would be one object, and overrides name resources by kind and name`,
          'Rename one of them, or merge the two entries.',
        );
    });
  }
}
