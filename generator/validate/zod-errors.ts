/**
 * Turns zod issues into diagnostics a person can act on: position, field path,
 * what was expected and what was found, plus a fix where one is obvious.
 */
import type { z } from 'zod';
import { formatPath, type Diagnostic } from '../diagnostics.ts';
import type { ParsedFile } from '../load/parse-yaml.ts';
import { positionAt, type FieldPath } from '../load/source-map.ts';
import { didYouMean } from '../suggest.ts';
import { knownKeysAt } from './schema-keys.ts';

/** Where a merged value came from: the first source holding the path wins (an override before its base). */
export interface SourceLayer {
  parsed: ParsedFile;
  /** Path prefix of this layer inside its file (e.g. ['environments', 'prod']). */
  prefix: FieldPath;
}

export function zodIssuesToDiagnostics(error: z.ZodError, layers: SourceLayer[], schema: z.ZodType, data: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of flattenUnions(error.issues)) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        const known = knownKeysAt(schema, path);
        out.push(diagnosticAt(layers, keyPath, true, `unknown field "${key}"`, didYouMean(key, known) ?? (known.length ? `Expected one of: ${known.join(', ')}.` : undefined)));
      }
      continue;
    }
    const found = valueAt(data, path);
    const { message, hint } = describeIssue(issue, found, layers, path);
    out.push(diagnosticAt(layers, path, false, message, hint));
  }
  return out;
}

export function diagnosticAt(layers: SourceLayer[], path: FieldPath, atKey: boolean, message: string, hint?: string, severity: 'error' | 'warning' = 'error'): Diagnostic {
  const layer = layers.find((l) => l.parsed.doc.hasIn([...l.prefix, ...path] as unknown[])) ?? nearestLayer(layers, path);
  const fullPath = [...layer.prefix, ...path];
  return { ...positionAt(layer.parsed, fullPath, atKey), path: formatPath(fullPath), message, hint, severity };
}

/** For a missing field, the deepest layer that holds the closest ancestor. */
function nearestLayer(layers: SourceLayer[], path: FieldPath): SourceLayer {
  for (let n = path.length; n >= 0; n--) {
    const hit = layers.find((l) => l.parsed.doc.hasIn([...l.prefix, ...path.slice(0, n)] as unknown[]));
    if (hit) return hit;
  }
  return layers[layers.length - 1];
}

function describeIssue(issue: z.core.$ZodIssue, found: unknown, layers: SourceLayer[], path: FieldPath): { message: string; hint?: string } {
  const got = describeValue(found);
  if (issue.code === 'invalid_type') {
    if (found === undefined) return { message: `required field is missing; expected ${issue.expected}` };
    const raw = sourceText(layers, path);
    if (issue.expected === 'string' && typeof found === 'number') {
      return { message: `expected a string, found the number ${raw ?? found}`, hint: `Quote it ("${raw ?? found}"): unquoted, YAML reads it as the number ${found}.` };
    }
    if (issue.expected === 'number' && typeof found === 'string' && /^\d+$/.test(found)) {
      return { message: `expected a number, found the string "${found}"`, hint: `Remove the quotes: ${found}.` };
    }
    if (issue.expected === 'boolean' && typeof found === 'string') {
      return { message: `expected true or false, found "${found}"` };
    }
    return { message: `expected ${issue.expected}, found ${got}` };
  }
  if (issue.code === 'invalid_value') {
    const options = issue.values.map((v) => JSON.stringify(v));
    const hint = typeof found === 'string' ? didYouMean(found, issue.values.map(String)) : undefined;
    return { message: `expected one of ${options.join(', ')}, found ${got}`, hint };
  }
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_format' || issue.code === 'custom') {
    return { message: `${issue.message}, found ${got}` };
  }
  return { message: `${issue.message}${found === undefined ? '' : `, found ${got}`}` };
}

/** A union error is reported through the branch that got furthest, not as "invalid input". */
function flattenUnions(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length) {
      const best = [...issue.errors].sort((a, b) => score(b) - score(a))[0];
      out.push(...flattenUnions(best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }))));
    } else out.push(issue);
  }
  return out;
}

function score(branch: readonly z.core.$ZodIssue[]): number {
  // Deeper paths mean the value matched the branch's shape further; a type mismatch at the root scores lowest.
  const depth = Math.max(...branch.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 0.5)));
  return depth - branch.length * 0.01;
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function sourceText(layers: SourceLayer[], path: FieldPath): string | undefined {
  for (const l of layers) {
    const node = l.parsed.doc.getIn([...l.prefix, ...path] as unknown[], true) as { range?: [number, number] } | undefined;
    if (node?.range) return l.parsed.text.slice(node.range[0], node.range[1]);
  }
  return undefined;
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `"${v.length > 60 ? `${v.slice(0, 57)}...` : v}"`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}
