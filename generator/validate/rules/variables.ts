/**
 * `${flotilla.<name>}` in ConfigMap values and raw resources must name a
 * platform setting (model/platform-variables.ts); a typo would otherwise reach
 * the cluster as literal text. Files inlined into ConfigMaps are checked where
 * they are read (config-files.ts), at their own line and column.
 */
import { isPlatformVariable, PLATFORM_VARIABLES, variableReferences } from '../../model/platform-variables.ts';
import { didYouMean } from '../../suggest.ts';
import { inlinedFrom } from '../config-files.ts';
import type { RuleContext } from './context.ts';
import { variants } from './variants.ts';

export function variableRules(ctx: RuleContext): void {
  for (const v of variants(ctx)) {
    const check = (text: string, path: (string | number)[]) => {
      for (const ref of variableReferences(text))
        if (!isPlatformVariable(ref.name)) ctx.error(v.layers, path, unknownVariableMessage(ref.name), unknownVariableHint(ref.name));
    };
    for (const [cm, spec] of Object.entries(v.body.configMaps ?? {}))
      for (const [key, value] of Object.entries(spec.data))
        if (typeof value === 'string' && !inlinedFrom(spec.data, key)) check(value, ['configMaps', cm, 'data', key]);
    (v.body.resources ?? []).forEach((r, i) => {
      walkStrings(r, ['resources', i], check);
    });
  }
}

function walkStrings(value: unknown, path: (string | number)[], visit: (text: string, path: (string | number)[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walkStrings(v, [...path, i], visit);
  } else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], visit);
}

export function unknownVariableMessage(name: string): string {
  return `unknown platform variable \${flotilla.${name}}`;
}

export function unknownVariableHint(name: string): string {
  const known = Object.keys(PLATFORM_VARIABLES);
  return didYouMean(name, known) ?? `Known: ${known.join(', ')}.`;
}
