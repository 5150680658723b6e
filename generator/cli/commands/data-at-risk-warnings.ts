/**
 * `generate` warns, before writing, when its new output would delete or
 * replace objects that hold data (what `commit` and `pr` will refuse without
 * --allow-deletions): compared with the output of the last run, which the
 * incremental cache remembers, or without one, with the config committed at
 * HEAD. Outside a git repository, or before the first commit, a run without a
 * last run to compare with has nothing to compare with.
 */
import { UserError } from '../../diagnostics.ts';
import { spawnGit } from '../../git/run-git.ts';
import { APPS_DIR, CLUSTERS_DIR, FLEET_FILE } from '../../model/names.ts';
import { describeGroupedRisk, groupDataRisks, type PlacedDataRisk } from '../../model/stateful.ts';
import type { BuiltFleet } from '../../pipeline.ts';
import { resolveRevision } from '../../preview/diff/revision.ts';
import { dataRisksSince } from '../../preview/diff/risks-since.ts';

/** `build`: the fleet as it is now, built only when there is a committed config to compare it with. */
export async function dataAtRiskWarnings(root: string, build: () => Promise<BuiltFleet>): Promise<string[]> {
  let head: Awaited<ReturnType<typeof resolveRevision>>;
  try {
    head = await resolveRevision(root, 'HEAD');
  } catch (error) {
    if (error instanceof UserError) return []; // not a git repository, or no commit yet
    throw error;
  }
  if (await configAsCommitted(root)) return []; // the fleet at HEAD is this fleet: nothing to lose against it
  let risks: PlacedDataRisk[];
  try {
    risks = await dataRisksSince(root, head, build);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return [`warning: cannot tell whether objects that hold data are deleted or replaced: ${error.message.split('\n')[0]}`];
  }
  return warning(`compared with the config at HEAD (${head.sha.slice(0, 8)})`, risks);
}

/** Are fleet.yaml, apps/ and clusters/ exactly as committed at HEAD (nothing changed, added or ignored there)? */
async function configAsCommitted(root: string): Promise<boolean> {
  const status = await spawnGit(root, ['status', '--porcelain', '--untracked-files=all', '--ignored=matching', '--', FLEET_FILE, APPS_DIR, CLUSTERS_DIR]);
  return status.code === 0 && status.stdout.trim() === '';
}

/** The same warning, for risks found against the output of the last run (incremental/data-risks.ts). */
export function lastRunDataWarnings(risks: readonly PlacedDataRisk[]): string[] {
  return warning('compared with the output of the last run', risks);
}

function warning(comparedWith: string, risks: readonly PlacedDataRisk[]): string[] {
  const groups = groupDataRisks(risks);
  if (groups.length === 0) return [];
  return [
    `warning: ${comparedWith}, this output deletes or replaces objects that hold data:`,
    ...groups.map((g) => `  ${describeGroupedRisk(g)}`),
    '`flotilla commit` and `flotilla pr` refuse this change unless run with --allow-deletions.',
  ];
}
