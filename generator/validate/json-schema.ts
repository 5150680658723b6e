/**
 * JSON Schema for editors, generated from the zod schemas (the single source
 * of truth). Overrides get the app body's schema with every field optional, so
 * editors complete and check them too.
 */

import { z } from 'zod';
import { NAMED_ENTRIES, NEW_MARKER } from './override-entries.ts';
import { App, AppBody } from './schema/app.ts';
import { Cluster } from './schema/cluster.ts';
import { Fleet } from './schema/fleet.ts';

type JsonSchema = Record<string, unknown>;

export const SCHEMA_FILES = {
  'fleet.schema.json': () => toSchema(Fleet, 'Flotilla fleet settings (fleet.yaml)'),
  'app.schema.json': () => appSchema(),
  'cluster.schema.json': () => clusterSchema(),
} as const;

function toSchema(schema: z.ZodType, title: string): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as JsonSchema;
  return { ...(dropNonStandardFormats(json) as JsonSchema), title };
}

/** The formats draft-07 defines; editors reject or warn on others. */
const DRAFT7_FORMATS = new Set([
  'date-time',
  'date',
  'time',
  'email',
  'idn-email',
  'hostname',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'uri',
  'uri-reference',
  'iri',
  'iri-reference',
  'uri-template',
  'json-pointer',
  'relative-json-pointer',
  'regex',
]);

/** zod writes its own check names as formats (`format: "starts_with"` next to the pattern that does the work): drop them. */
function dropNonStandardFormats(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropNonStandardFormats);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'format' && typeof v === 'string' && !DRAFT7_FORMATS.has(v)) continue;
    out[k] = dropNonStandardFormats(v);
  }
  return out;
}

function appSchema(): JsonSchema {
  const json = toSchema(App, 'Flotilla app (apps/<name>.yaml)');
  const props = json.properties as Record<string, JsonSchema>;
  for (const key of ['environments', 'clusters']) props[key] = { ...props[key], additionalProperties: overrideSchema() };
  return json;
}

function clusterSchema(): JsonSchema {
  const json = toSchema(Cluster, 'Flotilla cluster (clusters/<name>.yaml)');
  const props = json.properties as Record<string, JsonSchema>;
  props.apps = { ...props.apps, additionalProperties: overrideSchema() };
  return json;
}

/** An override: the app body with every field optional; named entries it adds carry `$new: true`. */
function overrideSchema(): JsonSchema {
  const { title: _title, $schema: _schema, ...partialBody } = deepPartial(toSchema(AppBody, 'override'));
  allowNewMarker(partialBody);
  return {
    description:
      'An override, merged over what it overrides: the app body shape with every field optional; maps merge key by key, lists and scalars replace, `null` removes a key.',
    ...partialBody,
  };
}

/** Lets the entries of the maps in NAMED_ENTRIES say `$new: true` (override-entries.ts). */
function allowNewMarker(body: JsonSchema): void {
  const unwrap = (node: unknown): JsonSchema | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    const n = node as JsonSchema;
    const anyOf = n.anyOf as JsonSchema[] | undefined;
    return anyOf ? unwrap(anyOf.find((x) => x.type !== 'null')) : n;
  };
  const entriesOf = (map: JsonSchema | undefined) => (map ? [unwrap(map.additionalProperties)].filter((x): x is JsonSchema => x !== undefined) : []);
  for (const { path, what } of NAMED_ENTRIES) {
    let maps: JsonSchema[] = [body];
    for (const step of path) {
      maps = maps
        .flatMap((n) => (step === '*' ? entriesOf(n) : [unwrap((n.properties as JsonSchema | undefined)?.[step])]))
        .filter((x): x is JsonSchema => x !== undefined);
    }
    for (const entry of maps.flatMap(entriesOf)) {
      if (entry.type !== 'object' || !entry.properties) continue;
      entry.properties = {
        [NEW_MARKER]: {
          description: `Marks a ${what} this override adds (it must then be written whole). Without it, a name that does not exist below the override is an error: almost always a typo. Example: \`$new: true\`.`,
          const: true,
        },
        ...(entry.properties as JsonSchema),
      };
    }
  }
}

/** Drops `required` everywhere and allows null (which removes a key in an override). */
function deepPartial(schema: JsonSchema): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'required') out[k] = walk(v);
    if (out.type === 'object' && out.properties) {
      for (const [k, v] of Object.entries(out.properties as JsonSchema)) (out.properties as JsonSchema)[k] = nullable(v as JsonSchema);
    }
    // Map entries too: `routes: { admin: null }` removes the admin route in an override.
    const entries = out.additionalProperties;
    if (out.type === 'object' && entries && typeof entries === 'object' && Object.keys(entries).length) {
      out.additionalProperties = nullable(entries as JsonSchema);
    }
    return out;
  };
  return walk(schema) as JsonSchema;
}

/** `null` is allowed too; the description stays on top, where editors look for it on hover. */
function nullable(schema: JsonSchema): JsonSchema {
  const description = typeof schema.description === 'string' ? `${schema.description} \`null\` removes it.` : undefined;
  return { ...(description ? { description } : {}), anyOf: [schema, { type: 'null' }] };
}
