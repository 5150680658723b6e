/**
 * Security opt-outs are allowed only with a reason, and every one is surfaced as
 * a warning for review, wherever it is written: in the app body or in an
 * environment or cluster override (the same opt-out seen in several variants is
 * reported once, at its line).
 */
import type { RuleContext } from './context.ts';
import { variants } from './variants.ts';

export function securityRules(ctx: RuleContext): void {
  const bodies = [
    ...ctx.fleet.apps.map((app) => ({ body: app.spec, layers: app.layers.get('')! })),
    ...[...variants(ctx)].map((v) => ({ body: v.body, layers: v.layers })),
  ];
  for (const { body, layers } of bodies) {
    for (const [name, c] of Object.entries(body.components)) {
      for (const [what, reason] of Object.entries(c.podSecurityOptOut ?? {}))
        ctx.warn(layers, ['components', name, 'podSecurityOptOut', what], `pod security opt-out ${what} (${reason})`);
      for (const group of ['containers', 'initContainers'] as const) {
        for (const [cn, container] of Object.entries(c[group] ?? {})) {
          for (const [what, reason] of Object.entries(container.securityOptOut ?? {})) {
            const text =
              typeof reason === 'string'
                ? reason
                : Object.entries(reason ?? {})
                    .map(([cap, r]) => `${cap}: ${r}`)
                    .join('; ');
            ctx.warn(layers, ['components', name, group, cn, 'securityOptOut', what], `security opt-out ${what} (${text})`);
          }
        }
      }
    }
  }
}
