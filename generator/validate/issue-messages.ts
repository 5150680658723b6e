/**
 * The words of a schema error: what was expected, what was found, and the fix
 * where one is obvious. Positions are zod-errors.ts's job.
 */
import type { z } from 'zod';
import { own } from '../model/dict.ts';
import { didYouMean, suggestName } from '../suggest.ts';

export interface IssueText {
  message: string;
  hint?: string;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  literal: 'a fixed value',
};

/** `raw` is the value's source text, when the file holds it (it shows 1.10 where the data says 1.1). */
export function describeIssue(issue: z.core.$ZodIssue, found: unknown, raw: string | undefined): IssueText {
  const got = describeValue(found, raw);
  // A message the schema spelled out (e.g. "expected a port number from 1 to 65535") beats zod's generic one.
  const custom = issue.message && !/^Invalid|^Too (small|big)/.test(issue.message) ? issue.message : undefined;
  if (issue.code === 'invalid_type') {
    const expected = custom ?? `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    if (found === undefined) return { message: `required field is missing; ${expected}` };
    if (issue.expected === 'string' && (typeof found === 'number' || typeof found === 'boolean')) {
      return {
        message: `${expected}, found ${got}`,
        hint: `Quote it ("${raw ?? found}"): unquoted, YAML reads it as ${typeof found === 'number' ? `the number ${found}` : `the boolean ${found}`}.`,
      };
    }
    if (issue.expected === 'number' && typeof found === 'string' && /^-?\d+(\.\d+)?$/.test(found)) {
      return { message: `${expected}, found ${got}`, hint: `Remove the quotes: ${found}.` };
    }
    if (issue.expected === 'boolean' && typeof found === 'string' && /^(true|false|yes|no|on|off)$/i.test(found))
      return { message: `${expected}, found ${got}`, hint: 'Write true or false, without quotes.' };
    if (found === null) return { message: `${expected}, found an empty value`, hint: 'Write a value after the colon, or remove the key.' };
    return { message: `${expected}, found ${got}`, hint: issue.expected === 'array' ? listHint(found, raw) : undefined };
  }
  if (issue.code === 'invalid_value') {
    const options = issue.values.map((v) => JSON.stringify(v));
    const expected = custom ?? (options.length === 1 ? `expected ${options[0]}` : `expected one of ${options.join(', ')}`);
    if (found === undefined) return { message: `required field is missing; ${expected}` };
    const values = issue.values.map(String);
    const synonym = typeof found === 'string' ? own(SYNONYMS, found.toLowerCase()) : undefined;
    const hint =
      synonym && values.includes(synonym)
        ? `Did you mean "${synonym}"? (Flotilla's word for ${found})`
        : typeof found === 'string'
          ? didYouMean(found, values)
          : undefined;
    return { message: `${expected}, found ${got}`, hint };
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const message = custom ?? sizeMessage(issue);
    return { message: `${message}, found ${sizeOf(found, got)}`, hint: nameHint(message, found) };
  }
  if (issue.code === 'invalid_format') {
    const message = custom ?? `expected ${issue.format === 'regex' ? 'a value of the documented form' : `a valid ${issue.format}`}`;
    const prefix = issue.format === 'starts_with' ? (issue as z.core.$ZodIssueStringStartsWith).prefix : undefined;
    return {
      message: `${message}, found ${got}`,
      hint: prefix && typeof found === 'string' ? `Write "${prefix}${found}".` : (hostHint(message, found) ?? nameHint(message, found)),
    };
  }
  // Refinements on a mapping or list: the value itself says nothing ("found a mapping"), the message does.
  const message = custom ?? issue.message;
  return { message: found !== null && typeof found === 'object' ? message : `${message}, found ${got}` };
}

/** Other charts' words for a value Flotilla names differently (Bitnami's anti-affinity presets are soft/hard). */
const SYNONYMS: Record<string, string> = { hard: 'required', soft: 'preferred' };

/** A single value or a mapping where a list belongs: how to write it as one. */
function listHint(found: unknown, raw: string | undefined): string | undefined {
  if (found === undefined) return undefined;
  if (found !== null && typeof found === 'object') return 'Write it as a list: start each entry with "- " on its own line, or wrap it in [ ].';
  return `Write it as a list: [${raw ?? String(found)}].`;
}

function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
  const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') return `expected ${bound} character${limit === 1 ? '' : 's'}`;
  if (issue.origin === 'array' || issue.origin === 'set') return `expected ${bound} entr${limit === 1 ? 'y' : 'ies'}`;
  return `expected ${issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than'} ${issue.code === 'too_small' ? issue.minimum : issue.maximum}`;
}

function sizeOf(found: unknown, got: string): string {
  if (typeof found === 'string' && found.length > 20) return `${found.length} characters (${got})`;
  if (Array.isArray(found)) return found.length === 1 ? '1 entry' : `${found.length} entries`;
  return got;
}

/** A URL where a host name belongs: the host alone (ports are declared apart). */
function hostHint(message: string, found: unknown): string | undefined {
  if (typeof found !== 'string' || !/host name/.test(message)) return undefined;
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(found);
  if (url) return `Write the host alone: ${url[1]!.toLowerCase()}.`;
  const lower = found.toLowerCase().replace(/_/g, '-');
  return lower !== found && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(lower) ? `Write it in lower case: ${lower}.` : undefined;
}

/** For names that break the DNS-1123 rules, the nearest valid spelling. */
export function nameHint(message: string, found: unknown): string | undefined {
  if (typeof found !== 'string' || !/DNS-1123|non-empty name/.test(message)) return undefined;
  const name = suggestName(found);
  return name && name !== found ? `Rename it, e.g. "${name}".` : undefined;
}

/** A value as a person reads it in a message; strings are escaped, so a NUL or newline shows as \u0000 or \n. */
export function describeValue(v: unknown, raw?: string): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)}`;
  if (typeof v === 'number') return `the number ${raw && /^[-+.\d]+$/.test(raw) ? raw : v}`;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}
