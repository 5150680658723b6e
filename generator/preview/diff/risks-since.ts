/**
 * Objects that hold data which the current config deletes or replaces,
 * compared with the config at a revision: what `generate` warns about when it
 * has no last run to compare with. Only what can differ is built, on both
 * sides (revision.ts buildChangedAtRevision): where only apps' own files differ, a
 * cold run with one app edited builds a few apps at the revision and again now,
 * not the whole fleet twice.
 */
import type { PlacedDataRisk } from '../../model/stateful.ts';
import { type BuiltFleet, buildApps } from '../../pipeline.ts';
import { dataAtRiskBetween } from './data-at-risk.ts';
import { emptyFleet } from './empty-fleet.ts';
import { buildChangedAtRevision, type FleetRevision } from './revision.ts';

/** `build`: the whole fleet as it is now, asked for only when the whole fleet is compared. */
export async function dataRisksSince(root: string, rev: FleetRevision, build: () => Promise<BuiltFleet>): Promise<PlacedDataRisk[]> {
  const changed = await buildChangedAtRevision(root, rev);
  if (!changed) return [];
  const { before, apps } = changed;
  // An app gone since the revision is not built now: all of its objects are deleted.
  const after = !apps ? await build() : apps.now.size > 0 ? await buildApps(root, apps.now) : emptyFleet();
  return dataAtRiskBetween(before, after);
}
