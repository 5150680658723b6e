/**
 * Turns zod issues into diagnostics a person can act on: position, field path,
 * what was expected and what was found, plus a fix where one is obvious
 * (the words come from issue-messages.ts).
 */

import type { z } from 'zod';
import { type Diagnostic, formatPath, type SourcePosition } from '../diagnostics.ts';
import type { ParsedFile } from '../load/parse-yaml.ts';
import { type FieldPath, positionAt } from '../load/source-map.ts';
import { own } from '../model/dict.ts';
import { nearest } from '../suggest.ts';
import { describeIssue, describeValue } from './issue-messages.ts';
import { knownKeysAt, unionTypesAt } from './schema-keys.ts';

export { describeValue };

/** Where a merged value came from: the first source holding the path wins (an override before its base). */
export interface SourceLayer {
  parsed: ParsedFile;
  /** Path prefix of this layer inside its file (e.g. ['environments', 'prod']). */
  prefix: FieldPath;
}

/** Argo CD Application fields people write into an app file; Flotilla derives them, on purpose. */
const ARGO_CD_FIELDS: Record<string, string> = {
  project: 'Flotilla puts each app in its team\'s AppProject (from team:); an app cannot choose a project such as "default".',
  destination: 'Flotilla derives destinations from the clusters of the environments in deployTo.',
  source: "Flotilla generates the source: the app's Kustomize path in the fleet repository, and charts: for Helm.",
  syncPolicy: 'Flotilla sets the sync policy of every generated Application; protected: true makes prune and delete need confirmation.',
};

/** Pod fields that Flotilla writes elsewhere, on purpose. */
const MOVED_FIELDS: Record<string, string> = {
  hostNetwork:
    'Write podSecurityOptOut: { hostNetwork: "<why the pods need the node network>" }: sharing a node namespace is a Pod Security opt-out, with its reason.',
  hostPID:
    'Write podSecurityOptOut: { hostPID: "<why the pods need the node processes>" }: sharing a node namespace is a Pod Security opt-out, with its reason.',
  hostIPC: 'Write podSecurityOptOut: { hostIPC: "<why the pods need the node IPC>" }: sharing a node namespace is a Pod Security opt-out, with its reason.',
};

export function zodIssuesToDiagnostics(error: z.ZodError, layers: SourceLayer[], schema: z.ZodType, data: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  const issues = flattenUnions(error.issues);
  // A misspelt key ("prot" for "port") also makes the real key missing: report the typo, not both.
  const typoFixes = new Map<string, string[]>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const path = fieldPath(issue);
    const known = knownKeysAt(schema, path);
    for (const key of issue.keys) {
      const foreign = path.length === 0 ? own(ARGO_CD_FIELDS, key) : known.includes('podSecurityOptOut') ? own(MOVED_FIELDS, key) : undefined;
      const fix = foreign ? undefined : nearest(key, known);
      if (fix) typoFixes.set(formatPath(path), [...(typoFixes.get(formatPath(path)) ?? []), fix]);
      out.push(
        diagnosticAt(
          layers,
          [...path, key],
          true,
          `unknown field "${key}"`,
          foreign ?? (fix ? `Did you mean "${fix}"?` : known.length ? `Expected one of: ${known.join(', ')}.` : undefined),
        ),
      );
    }
  }
  const reported = new Set<string>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') continue;
    const path = fieldPath(issue);
    if (explainedByTypo(issue, path, data, typoFixes)) continue;
    // zod checks every rule of a field (min, max, regex); the first one that fails says enough.
    const id = formatPath(path);
    if (reported.has(id)) continue;
    reported.add(id);
    out.push(issueDiagnostic(issue, path, layers, data, schema));
  }
  return out;
}

function fieldPath(issue: z.core.$ZodIssue): (string | number)[] {
  return issue.path.filter((p): p is string | number => typeof p !== 'symbol');
}

function explainedByTypo(issue: z.core.$ZodIssue, path: FieldPath, data: unknown, typoFixes: Map<string, string[]>): boolean {
  if (issue.code === 'invalid_type' && valueAt(data, path) === undefined && path.length) {
    return typoFixes.get(formatPath(path.slice(0, -1)))?.includes(String(path[path.length - 1])) ?? false;
  }
  const oneOf = issue.code === 'custom' ? (issue.params as { oneOf?: string[][] } | undefined)?.oneOf : undefined;
  return Boolean(oneOf && typoFixes.get(formatPath(path))?.some((fix) => oneOf.flat().includes(fix)));
}

function issueDiagnostic(issue: z.core.$ZodIssue, path: FieldPath, layers: SourceLayer[], data: unknown, schema: z.ZodType): Diagnostic {
  if (issue.code === 'invalid_key') {
    // A map key that is not a valid name: point at the key itself.
    const key = path[path.length - 1];
    const inner = issue.issues[0];
    const { message, hint } = inner ? describeIssue(inner, String(key), undefined) : { message: 'expected a valid key', hint: undefined };
    return diagnosticAt(layers, path, true, message.replace(/, found the string /, ', found the key '), hint);
  }
  const found = valueAt(data, path);
  const params = issue.code === 'custom' ? (issue.params as { oneOf?: string[][]; missing?: string; hint?: string } | undefined) : undefined;
  if (params?.oneOf && found && typeof found === 'object')
    return exactlyOneDiagnostic(issue.message, params.oneOf, found as Record<string, unknown>, path, layers);
  if (params?.missing)
    return diagnosticAt(layers, path, false, `missing field "${params.missing}": ${issue.message}`, params.hint ?? `Add ${params.missing}: <name>.`);
  const { message, hint } = describeIssue(issue, found, sourceText(layers, path));
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && found === undefined && path.length) {
    const parent = formatPath(path.slice(0, -1));
    // A choice of types (a port by name or number) reports only its first branch: name them all.
    const choice = issue.code === 'invalid_type' ? unionTypesAt(schema, path) : undefined;
    return diagnosticAt(
      layers,
      path,
      false,
      choice ? `required field is missing; expected ${choice}` : message,
      `Add ${path[path.length - 1]}: ${parent ? `under ${parent}` : 'at the top level'}.`,
    );
  }
  return diagnosticAt(layers, path, false, message, hint ?? secondsHint(issue, path, found));
}

/** "30s" or "2m" for a field counted in seconds: the number it means. */
function secondsHint(issue: z.core.$ZodIssue, path: FieldPath, found: unknown): string | undefined {
  const field = path[path.length - 1];
  if (issue.code !== 'invalid_type' || typeof field !== 'string' || !field.endsWith('Seconds') || typeof found !== 'string') return undefined;
  const m = /^(\d+)(s|m|h)$/.exec(found.trim());
  if (!m) return undefined;
  return `The field counts seconds: write ${Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h']}.`;
}

/** "Exactly one of": name what was found, and point at the first field too many (or at the mapping if none is set). */
function exactlyOneDiagnostic(message: string, groups: string[][], value: Record<string, unknown>, path: FieldPath, layers: SourceLayer[]): Diagnostic {
  const present = groups.flatMap((g) => g.filter((k) => value[k] !== undefined).slice(0, 1));
  if (present.length === 0) {
    return diagnosticAt(layers, path, false, `${message}, found none of them`, `Add one of: ${groups.map((g) => g.join(' or ')).join(', ')}.`);
  }
  const [first, ...extra] = present;
  return diagnosticAt(
    layers,
    [...path, extra[0]],
    true,
    `${message}, found ${[first, ...extra].join(' and ')}`,
    `Keep ${first} and remove ${extra.join(' and ')}, or the other way round.`,
  );
}

export function diagnosticAt(
  layers: SourceLayer[],
  path: FieldPath,
  atKey: boolean,
  message: string,
  hint?: string,
  severity: 'error' | 'warning' = 'error',
): Diagnostic {
  return { ...locateIn(layers, path, atKey), message, hint, severity };
}

/** The position and dotted path of a field of a (merged) variant: the layer that holds it, or its nearest ancestor. */
export function locateIn(layers: SourceLayer[], path: FieldPath, atKey = false): LocatedField {
  const layer = layers.find((l) => l.parsed.doc.hasIn([...l.prefix, ...path] as unknown[])) ?? nearestLayer(layers, path);
  const fullPath = [...layer.prefix, ...path];
  return { ...positionAt(layer.parsed, fullPath, atKey), path: formatPath(fullPath) };
}

export type LocatedField = SourcePosition & { path: string };

/** For a missing field, the deepest layer that holds the closest ancestor. */
function nearestLayer(layers: SourceLayer[], path: FieldPath): SourceLayer {
  for (let n = path.length; n >= 0; n--) {
    const hit = layers.find((l) => l.parsed.doc.hasIn([...l.prefix, ...path.slice(0, n)] as unknown[]));
    if (hit) return hit;
  }
  return layers[layers.length - 1];
}

/** A union error is reported through the branch that got furthest, not as "invalid input". */
export function flattenUnions(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
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
  // A branch whose type matched (its issues are about fields or values, not the type) got furthest;
  // among those, deeper paths matched the value's shape further. Ties keep the schema's order.
  const depth = Math.max(...branch.map((i) => i.path.length + (i.code === 'invalid_type' && i.path.length === 0 ? 0 : 0.5)));
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
