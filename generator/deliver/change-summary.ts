/**
 * What a delivery changes, as data: generated files, Argo CD Applications
 * created and deleted, objects added/changed/removed per app × environment ×
 * cluster, and what reviewers must look at. The commit message, the PR body and
 * the deletion guard all read this one structure.
 *
 * The objects are compared by the diff engine (generator/diff/), the same
 * one `flotilla diff` uses: `diff` holds its grouped, reviewed result, and
 * the per-Application object counts come from it. Chart Applications whose
 * chart or values change carry the objects helm rendered (chart-changes.ts);
 * those that could not be rendered are named, with why, never counted as
 * unchanged.
 */

import { diffFleets } from '../diff/fleet-diff.ts';
import type { ApplicationDiff, FleetDiff } from '../diff/model.ts';
import { basePath, clusterOverlayPath, envOverlayPath } from '../model/paths.ts';
import type { ApplicationRef } from './applications.ts';
import { warningsFor } from './change-warnings.ts';
import { chartsNotRendered, type DeliveryCharts, unrenderedCharts } from './chart-changes.ts';
import { type DataRiskReport, dataRiskOf } from './data-at-risk.ts';
import { fleetSideOf } from './fleet-side.ts';
import type { FleetSnapshot } from './snapshot.ts';

export type Change = 'added' | 'changed' | 'removed';

export interface ObjectCounts {
  added: number;
  changed: number;
  removed: number;
}

/** One Argo CD Application: one app (or chart release) on one cluster. */
export interface TargetChange {
  application: string;
  app: string;
  team: string;
  environment: string;
  cluster: string;
  kind: ApplicationRef['kind'];
  change: Change;
  /** null for a chart Application whose chart was not rendered, and when the committed side is unknown. */
  counts: ObjectCounts | null;
}

export interface ChangeSummary {
  /** The committed side, e.g. "main@1a2b3c4d". */
  base: string;
  /** Namespace of Argo CD, for the clean-up commands. */
  argocdNamespace: string;
  /** Commit that last wrote the committed output. */
  generatedAt: string | null;
  /** Config files changed since then: why the output changes. */
  configFiles: string[];
  files: { added: string[]; changed: string[]; removed: string[] };
  targets: TargetChange[];
  applications: { created: ApplicationRef[]; deleted: ApplicationRef[] };
  applicationSets: { created: string[]; deleted: string[] };
  projects: { created: string[]; deleted: string[] };
  /** Clusters / environments that had Applications and will have none. */
  removedClusters: string[];
  removedEnvironments: string[];
  touched: { apps: string[]; environments: string[]; clusters: string[]; teams: string[] };
  /** Objects that hold data which the change deletes or replaces: refused unless --allow-deletions. */
  dataAtRisk: DataRiskReport;
  /** The rendered objects compared, grouped and reviewed; null when the committed side's objects are unknown (see notes). */
  diff: FleetDiff | null;
  /** Chart Applications whose inputs change but whose objects are not compared, with why (sorted by Application). */
  chartsNotRendered: { application: string; reason: string }[];
  warnings: string[];
  notes: string[];
}

/** `charts`: the chart objects of both sides (chart-changes.ts); by default none is rendered. */
export function computeChangeSummary(
  before: FleetSnapshot,
  after: FleetSnapshot,
  configFiles: string[],
  charts: DeliveryCharts = unrenderedCharts(before, after, 'charts were not rendered'),
): ChangeSummary {
  const files = diffFiles(before.files, after.files);
  const changedFiles = new Set([...files.added, ...files.changed, ...files.removed]);
  const beforeApps = before.inventory.applications;
  const afterApps = after.inventory.applications;
  const byName = (x: ApplicationRef, y: ApplicationRef) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  const created = [...afterApps.values()].filter((a) => !beforeApps.has(a.name)).sort(byName);
  const deleted = [...beforeApps.values()].filter((a) => !afterApps.has(a.name)).sort(byName);
  const notRendered = chartsNotRendered(charts);
  const failed = new Set(notRendered.keys());
  const [was, is] = [fleetSideOf(before, charts.before, failed), fleetSideOf(after, charts.after, failed)];
  const diff = was && is ? diffFleets(was, is) : null;
  const diffs = new Map((diff?.applications ?? []).map((d) => [d.name, d]));
  const targets = sortedUnion(beforeApps.keys(), afterApps.keys())
    .map((name) => targetChange(beforeApps.get(name), afterApps.get(name), before, after, changedFiles, diff ? diffs : null, notRendered))
    .filter((t): t is TargetChange => t !== null);
  const applications = new Set([...beforeApps.keys(), ...afterApps.keys()]);
  const summary: ChangeSummary = {
    base: before.label,
    argocdNamespace: after.plan?.argocdNamespace ?? before.plan?.argocdNamespace ?? 'argocd',
    generatedAt: before.generatedAt,
    configFiles,
    files,
    targets,
    applications: { created, deleted },
    applicationSets: setDiff(before.inventory.applicationSets, after.inventory.applicationSets),
    projects: setDiff(before.inventory.projects, after.inventory.projects),
    removedClusters: vanished(beforeApps, afterApps, (a) => a.cluster),
    removedEnvironments: vanished(beforeApps, afterApps, (a) => a.environment),
    touched: touchedBy(targets, before, after),
    dataAtRisk: dataRiskOf(
      before,
      after,
      targets.map((t) => t.application),
      charts,
      notRendered,
    ),
    diff,
    chartsNotRendered: [...notRendered]
      .filter(([name]) => applications.has(name))
      .map(([application, reason]) => ({ application, reason }))
      .sort((x, y) => (x.application < y.application ? -1 : x.application > y.application ? 1 : 0)),
    warnings: [],
    notes: before.note ? [before.note] : [],
  };
  summary.warnings = warningsFor(summary, before);
  return summary;
}

/** The change deletes Applications or objects that hold data: what the deletions label and the guard's override are about. */
export function deletesSomething(summary: ChangeSummary): boolean {
  return summary.applications.deleted.length > 0 || summary.dataAtRisk.risks.length > 0;
}

export function totalCounts(summary: ChangeSummary): ObjectCounts {
  const total = { added: 0, changed: 0, removed: 0 };
  for (const t of summary.targets) {
    if (!t.counts) continue;
    total.added += t.counts.added;
    total.changed += t.counts.changed;
    total.removed += t.counts.removed;
  }
  return total;
}

function targetChange(
  b: ApplicationRef | undefined,
  a: ApplicationRef | undefined,
  before: FleetSnapshot,
  after: FleetSnapshot,
  changedFiles: Set<string>,
  diffs: Map<string, ApplicationDiff> | null,
  chartsNotRendered: ReadonlyMap<string, string>,
): TargetChange | null {
  const ref = (a ?? b)!;
  const change: Change = !b ? 'added' : !a ? 'removed' : 'changed';
  // Unknown when the committed side is, when the committed Application points at a path its config did not render, or when its chart was not rendered.
  const known = diffs !== null && (ref.kind === 'chart' ? !chartsNotRendered.has(ref.name) : b?.kind !== 'app' || before.rendered!.has(b.source));
  const counts = known ? { ...(diffs.get(ref.name)?.counts ?? { added: 0, changed: 0, removed: 0 }) } : null;
  if (change === 'changed') {
    const moved = b!.source !== a!.source;
    // A chart bump that renders the same objects still changes the Application (its chart version).
    const chartMoved = ref.kind === 'chart' && (diffs?.get(ref.name)?.application.length ?? 0) > 0;
    const differs = counts
      ? counts.added + counts.changed + counts.removed > 0 || chartMoved
      : chartsNotRendered.has(ref.name) ||
        (ref.kind === 'chart' && before.bodies && after.bodies
          ? before.bodies.get(b!.source) !== after.bodies.get(a!.source)
          : touchesFiles(ref, changedFiles));
    if (!moved && !differs) return null;
  }
  return { application: ref.name, app: ref.app, team: ref.team, environment: ref.environment, cluster: ref.cluster, kind: ref.kind, change, counts };
}

/** Falls back to the files when contents cannot be compared (the committed side did not build). */
function touchesFiles(ref: ApplicationRef, changedFiles: Set<string>): boolean {
  if (ref.kind === 'chart') return changedFiles.has(ref.source);
  const dirs = [basePath(ref.app), envOverlayPath(ref.environment, ref.app), clusterOverlayPath(ref.cluster, ref.app)].map((d) => `${d}/`);
  return [...changedFiles].some((f) => dirs.some((d) => f.startsWith(d)));
}

function diffFiles(before: Map<string, string>, after: Map<string, string>): ChangeSummary['files'] {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [path, blob] of after) {
    const was = before.get(path);
    if (was === undefined) added.push(path);
    else if (was !== blob) changed.push(path);
  }
  for (const path of before.keys()) if (!after.has(path)) removed.push(path);
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}

function vanished(before: Map<string, ApplicationRef>, after: Map<string, ApplicationRef>, key: (a: ApplicationRef) => string): string[] {
  const remaining = new Set([...after.values()].map(key));
  return [...new Set([...before.values()].map(key))].filter((k) => k && !remaining.has(k)).sort();
}

function touchedBy(targets: TargetChange[], before: FleetSnapshot, after: FleetSnapshot): ChangeSummary['touched'] {
  const teams = new Set(targets.map((t) => t.team));
  const projects = setDiff(before.inventory.projects, after.inventory.projects);
  for (const p of [...projects.created, ...projects.deleted]) teams.add(p);
  return {
    // The platform's own Applications (the namespaces, no team) are no app of the fleet.
    apps: sorted(targets.filter((t) => t.team !== '').map((t) => t.app)),
    environments: sorted(targets.map((t) => t.environment)),
    clusters: sorted(targets.map((t) => t.cluster)),
    teams: sorted(teams),
  };
}

function setDiff(before: Set<string>, after: Set<string>): { created: string[]; deleted: string[] } {
  return { created: sorted([...after].filter((x) => !before.has(x))), deleted: sorted([...before].filter((x) => !after.has(x))) };
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return sorted(new Set([...a, ...b]));
}

function sorted(items: Iterable<string>): string[] {
  return [...new Set(items)].filter(Boolean).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
