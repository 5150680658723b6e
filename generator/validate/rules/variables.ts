/**
 * `${flotilla.<name>}` in ConfigMap values and raw resources must name a
 * platform setting (model/platform-variables.ts); a typo would otherwise reach
 * the cluster as literal text. Each one is reported at the line and column of
 * its own `${`, also inside a longer value or a block scalar. Files inlined
 * into ConfigMaps are checked where they are read (config-files.ts). Anywhere
 * else (env values, arguments) nothing is replaced, so a reference there is an
 * error too.
 */
import { isScalar, type Scalar } from 'yaml';
import type { FieldPath } from '../../load/source-map.ts';
import { isPlatformVariable, PLATFORM_VARIABLES, type VariableReference, variableReferences } from '../../model/platform-variables.ts';
import { didYouMean } from '../../suggest.ts';
import { inlinedFrom } from '../config-files.ts';
import { type LocatedField, locateIn, type SourceLayer } from '../zod-errors.ts';
import type { RuleContext } from './context.ts';
import { variants } from './variants.ts';

export function variableRules(ctx: RuleContext): void {
  for (const v of variants(ctx)) {
    const report = (at: LocatedField, message: string, hint: string) => ctx.report({ ...at, message, hint, severity: 'error' });
    const check = (text: string, path: (string | number)[]) => {
      const refs = variableReferences(text);
      for (const [i, ref] of refs.entries()) {
        if (isPlatformVariable(ref.name) && !ref.malformed) continue;
        const at = referencePosition(v.layers, path, refs, i);
        if (ref.malformed) report(at, malformedVariableMessage(), malformedVariableHint());
        else report(at, unknownVariableMessage(ref.name), unknownVariableHint(ref.name));
      }
    };
    for (const [cm, spec] of Object.entries(v.body.configMaps ?? {}))
      for (const [key, value] of Object.entries(spec.data))
        if (typeof value === 'string' && !inlinedFrom(spec.data, key)) check(value, ['configMaps', cm, 'data', key]);
    (v.body.resources ?? []).forEach((r, i) => {
      walkStrings(r, ['resources', i], check);
    });
    for (const [name, c] of Object.entries(v.body.components))
      for (const [group, containers] of [
        ['containers', c.containers],
        ['initContainers', c.initContainers ?? {}],
      ] as const)
        for (const [ct, spec] of Object.entries(containers))
          walkStrings({ command: spec.command, args: spec.args, env: spec.env }, ['components', name, group, ct], (text, path) => {
            const refs = variableReferences(text);
            if (refs.length === 0) return;
            ctx.report({
              ...referencePosition(v.layers, path, refs, 0),
              message: `platform variables are replaced in ConfigMap data and resources only; here ${refs[0]!.text} would reach the container as literal text`,
              hint: 'Put the value in a ConfigMap (configMaps: <name>: data:) and read it with { configMap: <name>, key: <key> }.',
              severity: 'error',
            });
          });
  }
}

/**
 * The line and column of the `${` of refs[index] in the source, by finding the
 * references as written, in order, in the scalar's source text. That is exact
 * for plain, single- and double-quoted scalars and for literal and folded
 * block scalars: folding, chomping and escapes change whitespace and escaped
 * characters, never the characters of a reference. Where a reference is
 * written with escapes (`"\x24{flotilla.x}"`), the source does not hold it and
 * the error points at the start of the value instead.
 */
function referencePosition(layers: SourceLayer[], path: FieldPath, refs: VariableReference[], index: number): LocatedField {
  const at = locateIn(layers, path);
  const layer = layers.find((l) => l.parsed.doc.hasIn([...l.prefix, ...path] as unknown[]));
  const node = layer?.parsed.doc.getIn([...layer.prefix, ...path] as unknown[], true);
  if (!layer || !isScalar(node) || !(node as Scalar).range) return at;
  const [start, end] = (node as Scalar).range!;
  const source = layer.parsed.text.slice(start, end);
  let from = 0;
  let offset = -1;
  for (const [i, ref] of refs.entries()) {
    const found = source.indexOf(ref.text, from);
    if (found < 0) return at;
    if (i === index) offset = found;
    from = found + ref.text.length;
  }
  if (offset < 0) return at;
  const p = layer.parsed.lines.linePos(start + offset);
  return { ...at, line: p.line, column: p.col };
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
  return (name ? didYouMean(name, known) : undefined) ?? `Known: ${known.join(', ')}.`;
}

export function malformedVariableMessage(): string {
  return `\`\${flotilla.\` is not followed by a variable name and a closing }, so nothing is replaced`;
}

export function malformedVariableHint(): string {
  return `Write \${flotilla.<name>} on one line, without spaces; known: ${Object.keys(PLATFORM_VARIABLES).join(', ')}.`;
}
