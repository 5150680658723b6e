/**
 * What a pull request proposes, as one digest: each generated file it adds or
 * changes with its new content (git blob id), each it removes, and each config
 * file it edits (a promotion) with its new content. Two runs proposing the
 * same change give the same digest, whatever the base commit is; so a pull
 * request a person closed can be recognised when the next run proposes it
 * again.
 */
import { createHash } from 'node:crypto';
import { compareStrings } from '../diagnostics.ts';
import type { PreparedChange } from './prepare-change.ts';

export function changeFingerprint(change: PreparedChange, configBlobs: ReadonlyMap<string, string | null> = new Map()): string {
  const { added, changed, removed } = change.summary.files;
  const lines = [
    ...[...added, ...changed].map((p) => `output ${p} ${change.outputFiles.get(p) ?? '-'}`),
    ...removed.map((p) => `output ${p} -`),
    ...[...configBlobs].map(([p, blob]) => `config ${p} ${blob ?? '-'}`),
  ].sort(compareStrings);
  return `sha256:${createHash('sha256').update(lines.join('\n')).digest('hex')}`;
}
