/**
 * InterpolateGenerator (RenderGeneratorParams): a matrix's second child is
 * rendered with each parameter set of the first before it generates. Every
 * string is rendered as the template is, except a generator's `values`: they
 * are resolved now only where the first child's parameters suffice
 * (missingkey=error); a value that names a missing key stays as written, so
 * the generator renders it with its own parameters (`{{ .path.basename }}`).
 */
import type { GeneratorSpec, Params } from './generators/types.ts';
import { isMap } from './go-template/values.ts';
import { renderDeep, renderString, type TemplateMode } from './render-template.ts';

/** The generator kinds whose spec has a `values` map (map[string]string in Argo CD's types). */
const WITH_VALUES = new Set(['clusters', 'clusterDecisionResource', 'git', 'scmProvider', 'pullRequest', 'plugin']);
const COMBINATIONS = new Set(['matrix', 'merge']);

export function interpolateGenerator(gen: GeneratorSpec, params: Params, mode: TemplateMode): GeneratorSpec {
  try {
    return interpolate(gen, params, mode, valuesMode(mode));
  } catch (error) {
    throw new Error(`failed to replace parameters in generator: ${(error as Error).message}`);
  }
}

function interpolate(gen: GeneratorSpec, params: Params, mode: TemplateMode, forValues: TemplateMode): GeneratorSpec {
  const out: GeneratorSpec = {};
  for (const [key, value] of Object.entries(gen)) {
    if (value === null || value === undefined) continue;
    if (WITH_VALUES.has(key) && isMap(value)) out[key] = generatorWithValues(value as Record<string, unknown>, params, mode, forValues);
    else if (COMBINATIONS.has(key) && isMap(value)) {
      const { generators, ...rest } = value as { generators?: GeneratorSpec[] };
      out[key] = {
        ...(renderDeep(rest, params, mode) as object),
        ...(Array.isArray(generators) ? { generators: generators.map((g) => (isMap(g) ? interpolate(g, params, mode, forValues) : g)) } : {}),
      };
    } else out[renderString(key, params, mode)] = renderDeep(value, params, mode);
  }
  return out;
}

function generatorWithValues(spec: Record<string, unknown>, params: Params, mode: TemplateMode, forValues: TemplateMode): Record<string, unknown> {
  const { values, ...rest } = spec;
  const out = renderDeep(rest, params, mode) as Record<string, unknown>;
  if (!isMap(values)) return values === undefined || values === null ? out : { ...out, values };
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string') {
      resolved[key] = value;
      continue;
    }
    try {
      resolved[key] = renderString(value, params, forValues);
    } catch (error) {
      if (!isMissingKeyError(error)) throw new Error(`failed to pre-resolve Values key ${JSON.stringify(key)}: ${(error as Error).message}`);
      resolved[key] = value;
    }
  }
  return { ...out, values: resolved };
}

/** With Go templates, values are pre-resolved with missingkey=error whatever the ApplicationSet's options say. */
function valuesMode(mode: TemplateMode): TemplateMode {
  if (!mode.goTemplate) return mode;
  return { goTemplate: true, goTemplateOptions: [...mode.goTemplateOptions.filter((o) => !o.startsWith('missingkey=')), 'missingkey=error'] };
}

function isMissingKeyError(error: unknown): boolean {
  const message = (error as Error).message ?? '';
  return message.includes('map has no entry for key') || message.includes("can't evaluate field");
}
