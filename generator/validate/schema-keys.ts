/** The keys a zod schema accepts at a path, for "did you mean" suggestions on unknown fields. */

import { z } from 'zod';
import type { FieldPath } from '../load/source-map.ts';
import { own } from '../model/dict.ts';

export function knownKeysAt(schema: z.ZodType, path: FieldPath): string[] {
  let nodes: z.ZodType[] = [schema];
  for (const part of path) {
    nodes = nodes.flatMap((n) => childrenAt(unwrap(n), part));
  }
  const keys = new Set<string>();
  for (const n of nodes.map(unwrap)) {
    for (const o of objectsOf(n)) for (const k of Object.keys(o.shape)) if (k !== '$schema') keys.add(k);
  }
  return [...keys].sort();
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s as z.ZodType & { def: Record<string, unknown> };
  for (let i = 0; i < 20; i++) {
    const def = cur.def as { type: string; innerType?: z.ZodType; in?: z.ZodType; schema?: z.ZodType };
    if (def.innerType) cur = def.innerType as typeof cur;
    else if (def.type === 'pipe' && def.in) cur = def.in as typeof cur;
    else break;
  }
  return cur;
}

function objectsOf(s: z.ZodType): z.ZodObject[] {
  if (s instanceof z.ZodObject) return [s];
  if (s instanceof z.ZodUnion) return (s.options as z.ZodType[]).flatMap((o) => objectsOf(unwrap(o)));
  return [];
}

function childrenAt(s: z.ZodType, part: string | number): z.ZodType[] {
  if (s instanceof z.ZodUnion) return (s.options as z.ZodType[]).flatMap((o) => childrenAt(unwrap(o), part));
  if (s instanceof z.ZodObject) {
    const child = own(s.shape as Record<string, z.ZodType>, String(part));
    return child ? [child] : [];
  }
  if (s instanceof z.ZodRecord) return [s.valueType as z.ZodType];
  if (s instanceof z.ZodArray) return [s.element as z.ZodType];
  return [];
}

/** For a field whose schema is a choice of types (a port by name or number), what it accepts, e.g. "a string or a number". */
export function unionTypesAt(schema: z.ZodType, path: FieldPath): string | undefined {
  let nodes: z.ZodType[] = [schema];
  for (const part of path) nodes = nodes.flatMap((n) => childrenAt(unwrap(n), part));
  if (nodes.length !== 1) return undefined;
  const node = unwrap(nodes[0]!);
  if (!(node instanceof z.ZodUnion)) return undefined;
  const words = (node.options as z.ZodType[]).map((o) => typeWord(unwrap(o)));
  if (words.some((w) => w === undefined)) return undefined;
  const unique = [...new Set(words)];
  return unique.length > 1 ? `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}` : undefined;
}

function typeWord(s: z.ZodType): string | undefined {
  if (s instanceof z.ZodString) return 'a string';
  if (s instanceof z.ZodNumber) return 'a number';
  if (s instanceof z.ZodBoolean) return 'true or false';
  if (s instanceof z.ZodObject || s instanceof z.ZodRecord) return 'a mapping';
  if (s instanceof z.ZodArray) return 'a list';
  if (s instanceof z.ZodLiteral) return (s.values ? [...s.values] : []).map((v) => JSON.stringify(v)).join(' or ') || undefined;
  return undefined;
}
