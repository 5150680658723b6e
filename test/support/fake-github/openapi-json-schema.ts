/**
 * Turns OpenAPI 3.0 schema objects (GitHub's description uses 3.0.3) and
 * Swagger 2.0 ones (Argo CD's) into JSON Schema that Ajv understands.
 *
 * Why not use the pre-dereferenced `api.github.com.deref.json`: it is 73 MB
 * and inlines every shared schema at each use; the 13 MB referenced form
 * parses ~4x faster and lets Ajv compile each shared schema once.
 *
 * The two dialect differences that matter for validation are handled:
 * - `nullable: true` (3.0 only) becomes `type: [T, "null"]` or an `anyOf`
 *   with `{ type: "null" }` when there is no single `type` to extend;
 * - documentation-only keywords (`example`, `discriminator`, `x-*` …) are
 *   dropped so Ajv never mistakes them for constraints.
 * `$ref`s to shared schemas (`#/components/schemas/*`, in Swagger 2.0
 * `#/definitions/*`) stay references (schemas can be recursive); all other
 * `$ref`s (parameters, responses, request bodies) are inlined because they
 * are never recursive.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** Base URI under which each converted component schema is registered in Ajv. */
export const SCHEMA_BASE = 'https://fake-github.invalid/components/schemas/';

const DROPPED = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'nullable']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties']);
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf']);

/** Resolves a local JSON pointer such as `#/components/parameters/owner`. */
export function resolvePointer(spec: JsonObject, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: Json = spec;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !(key in node)) {
      throw new Error(`unresolvable $ref ${ref}`);
    }
    node = (node as JsonObject)[key];
  }
  return node;
}

/** Follows non-schema `$ref`s (parameters, responses, …) until a concrete object. */
export function deref(spec: JsonObject, node: Json): Json {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error('$ref chain too long');
    current = resolvePointer(spec, current.$ref);
  }
  return current;
}

/** Where a description keeps its shared schemas: `#/definitions/` in Swagger 2.0, `#/components/schemas/` in OpenAPI 3. */
export function schemaPrefix(spec: JsonObject): string {
  return spec.swagger === '2.0' ? '#/definitions/' : '#/components/schemas/';
}

/**
 * Converts one schema; every component schema it references is added to
 * `needed` so the caller can register the closure with Ajv.
 */
export function toJsonSchema(spec: JsonObject, schema: Json, needed: Set<string>): Json {
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    const prefix = schemaPrefix(spec);
    if (schema.$ref.startsWith(prefix)) {
      const name = schema.$ref.slice(prefix.length);
      needed.add(name);
      return { $ref: SCHEMA_BASE + encodeURIComponent(name) };
    }
    return toJsonSchema(spec, resolvePointer(spec, schema.$ref), needed);
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([prop, sub]) => [prop, toJsonSchema(spec, sub, needed)]));
    } else if (SCHEMA_KEYWORDS.has(key) && isObject(value)) {
      out[key] = toJsonSchema(spec, value, needed);
    } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => toJsonSchema(spec, sub, needed));
    } else {
      out[key] = value;
    }
  }
  return schema.nullable === true ? allowNull(out) : out;
}

function allowNull(schema: JsonObject): JsonObject {
  if (typeof schema.type === 'string') {
    const widened: JsonObject = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) widened.enum = [...schema.enum, null];
    return widened;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
