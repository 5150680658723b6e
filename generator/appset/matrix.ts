/**
 * Matrix generator: every combination of two children's parameters. The
 * second child is rendered with each parameter set of the first. With Go
 * templates the first child's parameters override the second's (mergo with
 * override: its `false` or "" wins too); otherwise the same key with different
 * values is an error. Children's selectors always apply (Argo CD 3.0 dropped
 * applyNestedSelectors).
 */
import type { GeneratorContext, GeneratorSpec, Params } from './generators/types.ts';
import { combineStringMaps, mergeOverride } from './merge-values.ts';
import { type Level, transform } from './transform.ts';

export function matrixParams(spec: NonNullable<GeneratorSpec['matrix']>, ctx: GeneratorContext, childLevel: Level): Params[] {
  const children = spec.generators ?? [];
  if (children.length < 2) throw new Error('found less than two generators, Matrix support only two');
  if (children.length > 2) throw new Error('found more than two generators, Matrix support only two');
  let first: Params[];
  try {
    first = childParams(children[0], ctx, undefined, childLevel);
  } catch (error) {
    throw new Error(`error failed to get params for first generator in matrix generator: ${(error as Error).message}`);
  }
  const res: Params[] = [];
  for (const a of first) {
    let second: Params[];
    try {
      second = childParams(children[1], ctx, a, childLevel);
    } catch (error) {
      throw new Error(`failed to get params for second generator in the matrix generator: ${(error as Error).message}`);
    }
    for (const b of second) res.push(ctx.goTemplate ? mergeOverride(mergeOverride({}, b), a) : combineStringMaps(a, b));
  }
  return res;
}

/** A child's own template is ignored (documented restriction). */
function childParams(child: GeneratorSpec, ctx: GeneratorContext, previous: Params | undefined, level: Level): Params[] {
  let results: ReturnType<typeof transform>;
  try {
    results = transform(child, ctx, {}, previous, level);
  } catch (error) {
    throw new Error(`child generator returned an error on parameter generation: ${(error as Error).message}`);
  }
  if (results.length === 0) throw new Error('child generator generated no parameters');
  if (results.length > 1) throw new Error('found more than one generator in matrix.Generators');
  return results[0].params;
}
