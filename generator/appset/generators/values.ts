/**
 * appendTemplatedValues: a generator's `values` map, each value rendered
 * with the parameters so far, added as `values` (Go templates) or
 * `values.<key>` (fasttemplate).
 */
import { renderString } from '../render-template.ts';
import type { GeneratorContext, Params } from './types.ts';

export function appendTemplatedValues(values: Record<string, string> | undefined, params: Params, ctx: GeneratorContext): void {
  if (!values) return;
  const rendered: Record<string, string> = {};
  // Rendered against the parameters before any value is added (Argo CD's guard against self-reference).
  for (const [key, value] of Object.entries(values)) rendered[key] = renderString(value, params, ctx);
  if (ctx.goTemplate) {
    if (Object.keys(rendered).length) params.values = rendered;
  } else {
    for (const [key, value] of Object.entries(rendered)) params[`values.${key}`] = value;
  }
}
