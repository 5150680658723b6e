/**
 * Matrix generator: every combination of two children's parameters. The
 * second child is rendered with each parameter set of the first. With Go
 * templates the sets merge as mergo does (first child wins); otherwise the
 * same key with different values is an error.
 */
import type { GeneratorContext, GeneratorSpec, Params } from './generators/types.ts';
import { combineStringMaps, mergeMissing } from './merge-values.ts';
import { type Level, transform } from './transform.ts';

export function matrixParams(spec: NonNullable<GeneratorSpec['matrix']>, ctx: GeneratorContext, childLevel: Level): Params[] {
  const children = spec.generators ?? [];
  if (children.length < 2) throw new Error('found less than two generators, Matrix support only two');
  if (children.length > 2) throw new Error('found more than two generators, Matrix support only two');
  let res = childParams(children[0], ctx, undefined, childLevel);
  for (let i = 1; i < children.length; i++) {
    const next: Params[] = [];
    for (const previous of res) {
      let params: Params[];
      try {
        params = childParams(children[i], ctx, previous, childLevel);
      } catch (error) {
        throw new Error(`failed to get params for generator ${i} in the matrix generator: ${(error as Error).message}`);
      }
      for (const current of params) next.push(ctx.goTemplate ? mergeMissing(mergeMissing({}, previous), current) : combineStringMaps(previous, current));
    }
    res = next;
  }
  return res;
}

/** A child's own template is ignored (documented restriction); nested children's selectors need applyNestedSelectors. */
function childParams(child: GeneratorSpec, ctx: GeneratorContext, previous: Params | undefined, level: Level): Params[] {
  const nested = level === 'leaf' && !ctx.applyNestedSelectors ? withoutSelector(child) : child;
  let results: ReturnType<typeof transform>;
  try {
    results = transform(nested, ctx, {}, previous, level);
  } catch (error) {
    throw new Error(`child generator returned an error on parameter generation: ${(error as Error).message}`);
  }
  if (results.length === 0) throw new Error('child generator generated no parameters');
  if (results.length > 1) throw new Error('found more than one generator in matrix.Generators');
  return results[0].params;
}

function withoutSelector(gen: GeneratorSpec): GeneratorSpec {
  const { selector: _dropped, ...rest } = gen;
  return rest;
}
