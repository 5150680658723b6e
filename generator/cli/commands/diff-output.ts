/**
 * Options `diff` and `pr` share for CI: the full JSON diff written to a file
 * (the workflow uploads it as an artifact) and the address a size-limited
 * Markdown rendering points readers to for everything it left out.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderDiffJson } from '../../diff/format-json.ts';
import type { FleetDiff } from '../../diff/model.ts';
import { UsageError } from '../args.ts';

export const DIFF_OUTPUT_OPTIONS = {
  'json-out': { type: 'string' },
  'full-diff-url': { type: 'string' },
} as const;

export const DIFF_OUTPUT_USAGE = `  --json-out FILE        also write the full diff (every Application, every field) as JSON to FILE
  --full-diff-url URL    where readers find that file (e.g. the workflow run that uploads it); linked from the Markdown`;

export interface DiffOutput {
  jsonOut?: string;
  /** Markdown for "where the full diff is", when a URL was given. */
  fullDiff?: string;
}

export function diffOutputOptions(values: Record<string, unknown>, cwd: string): DiffOutput {
  const out: DiffOutput = {};
  if (typeof values['json-out'] === 'string') out.jsonOut = path.resolve(cwd, values['json-out']);
  const url = values['full-diff-url'];
  if (typeof url === 'string' && url !== '') {
    if (!/^https?:\/\/[^\s()<>]+$/.test(url))
      throw new UsageError(`--full-diff-url must be an http(s) URL without spaces or parentheses, got ${JSON.stringify(url)}`);
    out.fullDiff = `[the JSON diff](${url})`;
  }
  return out;
}

export async function writeJsonDiff(output: DiffOutput, diff: FleetDiff): Promise<void> {
  if (output.jsonOut) await writeFile(output.jsonOut, `${renderDiffJson(diff)}\n`);
}
