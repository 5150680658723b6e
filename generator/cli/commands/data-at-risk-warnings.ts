/**
 * `generate` warns, before writing, when its new output would delete or
 * replace objects that hold data compared with the config committed at HEAD
 * (what `commit` and `pr` will refuse without --allow-deletions). Outside a
 * git repository, or before the first commit, there is nothing to compare with.
 */
import { UserError } from '../../diagnostics.ts';
import { describeGroupedRisk, groupDataRisks } from '../../model/stateful.ts';
import type { BuiltFleet } from '../../pipeline.ts';
import { dataAtRiskBetween } from '../../preview/diff/data-at-risk.ts';
import { buildFleetAtRevision, resolveRevision } from '../../preview/diff/revision.ts';

/** `build`: the fleet as it is now, built only when there is a committed config to compare it with. */
export async function dataAtRiskWarnings(root: string, build: () => Promise<BuiltFleet>): Promise<string[]> {
  let head: Awaited<ReturnType<typeof resolveRevision>>;
  try {
    head = await resolveRevision(root, 'HEAD');
  } catch (error) {
    if (error instanceof UserError) return []; // not a git repository, or no commit yet
    throw error;
  }
  let before: BuiltFleet;
  try {
    before = await buildFleetAtRevision(root, head);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return [`warning: cannot tell whether objects that hold data are deleted or replaced: ${error.message.split('\n')[0]}`];
  }
  const groups = groupDataRisks(dataAtRiskBetween(before, await build()));
  if (groups.length === 0) return [];
  return [
    `warning: compared with the config at HEAD (${head.sha.slice(0, 8)}), this output deletes or replaces objects that hold data:`,
    ...groups.map((g) => `  ${describeGroupedRisk(g)}`),
    '`flotilla commit` and `flotilla pr` refuse this change unless run with --allow-deletions.',
  ];
}
