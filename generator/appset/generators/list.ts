/**
 * List generator: each element is a parameter set. With Go templates the
 * element is used as is (nested maps allowed); otherwise every value must be
 * a string, and a `values` map becomes `values.<key>` parameters.
 */
import { parse as parseYaml } from 'yaml';
import { fromPlain, type GoMap } from '../go-template/index.ts';
import type { GeneratorContext, GeneratorSpec, Params } from './types.ts';

const converted = new WeakMap<object, { goTemplate: boolean; params: Params[] }>();

/** A matrix asks its second child again for every parameter set of the first: the conversion is done once. */
export function listParams(spec: NonNullable<GeneratorSpec['list']>, ctx: GeneratorContext): Params[] {
  const hit = converted.get(spec);
  if (hit && hit.goTemplate === ctx.goTemplate) return hit.params;
  const params = convert(spec, ctx);
  converted.set(spec, { goTemplate: ctx.goTemplate, params });
  return params;
}

function convert(spec: NonNullable<GeneratorSpec['list']>, ctx: GeneratorContext): Params[] {
  const res = (spec.elements ?? []).map((element) => {
    // json.Unmarshal of `null` into a map is no error: an empty parameter set.
    if (element === null) return {};
    if (typeof element !== 'object' || Array.isArray(element)) {
      throw new Error(
        `error unmarshling list element json: cannot unmarshal ${Array.isArray(element) ? 'array' : typeof element} into Go value of type map[string]interface {}`,
      );
    }
    const map = fromPlain(element) as GoMap;
    return ctx.goTemplate ? map : flatStrings(map);
  });
  if (spec.elementsYaml) {
    let extra: unknown;
    try {
      extra = parseYaml(spec.elementsYaml, { version: '1.1', uniqueKeys: false });
    } catch (error) {
      throw new Error(`error unmarshling decoded ElementsYaml ${(error as Error).message}`);
    }
    if (extra !== null && !Array.isArray(extra))
      throw new Error('error unmarshling decoded ElementsYaml: cannot unmarshal a map or scalar into a list of maps');
    for (const e of (extra as unknown[] | null) ?? []) {
      if (e !== null && (typeof e !== 'object' || Array.isArray(e)))
        throw new Error('error unmarshling decoded ElementsYaml: cannot unmarshal a list item that is not a map');
      res.push(e === null ? {} : (fromPlain(e) as GoMap));
    }
  }
  return res;
}

function flatStrings(element: GoMap): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(element)) {
    if (key === 'values') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('error parsing values map');
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') throw new Error('error parsing value as string');
        params[`values.${k}`] = v;
      }
    } else {
      if (typeof value !== 'string') throw new Error('error parsing value as string');
      params[key] = value;
    }
  }
  return params;
}
