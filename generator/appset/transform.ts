/**
 * generators.Transform: one generator entry → its parameter sets and the
 * template to render them with. When a matrix passes the parameters of an
 * earlier child, the entry is first rendered with them (so a second child
 * can use `{{.path.basename}}`); a `selector` then filters the flattened
 * parameters. Generators that need a live Argo CD or an SCM API, and the
 * merge generator, are refused: an error, never a guess or a partial result.
 */
import { flattenParams } from './flatten.ts';
import { clusterParams } from './generators/clusters.ts';
import { gitParams } from './generators/git.ts';
import { listParams } from './generators/list.ts';
import type { GeneratorContext, GeneratorSpec, Params } from './generators/types.ts';
import { isMap } from './go-template/values.ts';
import { interpolateGenerator } from './interpolate.ts';
import { matrixParams } from './matrix.ts';
import { mergeMissing } from './merge-values.ts';
import { compileSelector, type Selector } from './selector.ts';

export interface TransformResult {
  params: Params[];
  template: Record<string, unknown>;
}

/** Where a generator sits: matrix/merge may nest once; below that only plain generators. */
export type Level = 'top' | 'nested' | 'leaf';

/** In the controller's field order (ApplicationSetGenerator's struct). */
const KINDS = ['list', 'clusters', 'git', 'scmProvider', 'clusterDecisionResource', 'pullRequest', 'matrix', 'merge', 'plugin'] as const;
const ONLINE_ONLY = new Set(['scmProvider', 'clusterDecisionResource', 'pullRequest', 'plugin']);

type Kind = (typeof KINDS)[number];

export function generatorKinds(gen: GeneratorSpec): Kind[] {
  const unknown = Object.keys(gen).filter((k) => k !== 'selector' && k !== 'values' && !(KINDS as readonly string[]).includes(k));
  if (unknown.length) throw new Error(`contains unrecognized generators: ${unknown.sort().join(', ')}`);
  return KINDS.filter((k) => gen[k] !== undefined && gen[k] !== null);
}

export function transform(
  gen: GeneratorSpec,
  ctx: GeneratorContext,
  baseTemplate: Record<string, unknown>,
  previous: Params | undefined,
  level: Level,
): TransformResult[] {
  let selector: Selector | undefined;
  try {
    selector = gen.selector ? compileSelector(gen.selector, { checkValues: false, operatorWord: 'pod' }) : undefined;
  } catch (error) {
    throw new Error(`error parsing label selector: ${(error as Error).message}`);
  }
  const results: TransformResult[] = [];
  for (const kind of generatorKinds(gen)) {
    const own = (gen[kind] as { template?: unknown }).template;
    const template = isMap(own) ? (mergeMissing(own as Params, baseTemplate as Params) as Record<string, unknown>) : baseTemplate;
    const interpolated = previous && Object.keys(previous).length && hasTemplate(gen) ? interpolateGenerator(gen, previous, ctx) : gen;
    const params = generate(kind, interpolated, ctx, level);
    const selected = selector ? params.filter((p) => selector(flattenParams(p))) : params;
    results.push({ params: selected, template });
  }
  return results;
}

const templated = new WeakMap<GeneratorSpec, boolean>();

/** Rendering a generator without any `{{` gives it back unchanged, so that work is skipped. */
function hasTemplate(gen: GeneratorSpec): boolean {
  let has = templated.get(gen);
  if (has === undefined) {
    has = JSON.stringify(gen).includes('{{');
    templated.set(gen, has);
  }
  return has;
}

function generate(kind: Kind, gen: GeneratorSpec, ctx: GeneratorContext, level: Level): Params[] {
  if (ONLINE_ONLY.has(kind))
    throw new Error(`the ${kind} generator reads a live system; flotilla preview evaluates list, clusters, git and matrix generators offline`);
  if ((kind === 'matrix' || kind === 'merge') && level === 'leaf') throw new Error('combination generators (matrix, merge) can only be nested once');
  switch (kind) {
    case 'list':
      return listParams(gen.list!, ctx);
    case 'clusters':
      return clusterParams(gen.clusters!, ctx);
    case 'git':
      return gitParams(gen.git!, ctx);
    case 'matrix':
      return matrixParams(gen.matrix!, ctx, level === 'top' ? 'nested' : 'leaf');
    default:
      throw new Error(`the ${kind} generator is not supported by Flotilla's ApplicationSet evaluator (Flotilla never generates one)`);
  }
}
