/** Security opt-outs are allowed only with a reason, and every one is surfaced as a warning for review. */
import type { RuleContext } from './context.ts';

export function securityRules(ctx: RuleContext): void {
  for (const app of ctx.fleet.apps) {
    const layers = app.layers.get('')!;
    for (const [name, c] of Object.entries(app.spec.components)) {
      for (const group of ['containers', 'initContainers'] as const) {
        for (const [cn, container] of Object.entries(c[group] ?? {})) {
          const opt = container.securityOptOut;
          if (!opt) continue;
          for (const [what, reason] of Object.entries(opt)) {
            const text = typeof reason === 'string' ? reason : Object.entries(reason ?? {}).map(([cap, r]) => `${cap}: ${r}`).join('; ');
            ctx.warn(layers, ['components', name, group, cn, 'securityOptOut', what], `security opt-out ${what} (${text})`);
          }
        }
      }
    }
  }
}
