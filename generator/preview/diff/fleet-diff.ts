/**
 * computeFleetDiff(before, after): what changes on every cluster between two
 * builds of the fleet — Applications the ApplicationSets create or stop
 * creating, and per Application the objects added, removed or changed (field
 * by field), plus AppProject changes and the warnings a reviewer must see.
 */

import type { GeneratorEnv } from '../../appset/generators/types.ts';
import { compareStrings } from '../../diagnostics.ts';
import { type K8sObject, objectKey } from '../../model/object.ts';
import { dataAtRisk } from '../../model/stateful.ts';
import type { BuiltFleet } from '../../pipeline.ts';
import { type PreviewApplication, previewApplications } from '../applications.ts';
import type { ChartRenders } from '../chart-manifests.ts';
import { manifestsOf } from '../manifests.ts';
import type { ApplicationDiff, Change, FleetDiff, ObjectDiff } from './model.ts';
import { diffObjects } from './object-diff.ts';
import { computeWarnings } from './warnings.ts';

interface Side {
  apps: Map<string, PreviewApplication>;
  built: BuiltFleet;
  errors: string[];
  charts?: ChartRenders;
  /** Applications whose chart objects are left out (their charts failed on either side). */
  chartFailures?: Set<string>;
}

/** The chart objects of both sides (see chart-diff.ts); without them, chart Applications are compared as Applications only. */
export interface DiffCharts {
  before: ChartRenders;
  after: ChartRenders;
}

export function computeFleetDiff(before: BuiltFleet, after: BuiltFleet, env: GeneratorEnv = {}, charts?: DiffCharts): FleetDiff {
  const a = side(before, env);
  const b = side(after, env);
  const chartErrors = charts ? usableCharts(charts, a, b) : [];
  const applications: ApplicationDiff[] = [];
  let unchanged = 0;
  for (const name of [...new Set([...a.apps.keys(), ...b.apps.keys()])].sort(compareStrings)) {
    const diff = diffApplication(a.apps.get(name), b.apps.get(name), a, b);
    if (diff) applications.push(diff);
    else unchanged++;
  }
  const projects = diffObjectSets(before.output.argocdObjects.filter(isProject), after.output.argocdObjects.filter(isProject));
  const count = (c: Change) => applications.filter((x) => x.change === c).length;
  const objects = (c: 'added' | 'removed' | 'changed') => applications.reduce((n, x) => n + x.counts[c], 0);
  return {
    applications,
    projects,
    warnings: computeWarnings(before, after, applications, projects),
    errors: [...a.errors.map((e) => `base: ${e}`), ...b.errors.map((e) => `head: ${e}`)],
    chartErrors,
    summary: {
      applications: { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged },
      objects: { added: objects('added'), removed: objects('removed'), changed: objects('changed') },
    },
  };
}

function side(built: BuiltFleet, env: GeneratorEnv): Side {
  const preview = previewApplications(built.output.argocdObjects, env);
  return { apps: new Map(preview.applications.map((x) => [x.name, x])), built, errors: preview.errors.map((e) => `ApplicationSet ${e.appSet}: ${e.message}`) };
}

/**
 * Sets each side's chart objects, leaving out both sides of any Application whose charts failed
 * on either side (its objects would otherwise read as all added or all removed); returns the failures.
 */
function usableCharts(charts: DiffCharts, a: Side, b: Side): string[] {
  const failed = new Set<string>();
  const errors: string[] = [];
  for (const [label, renders] of [
    ['base', charts.before],
    ['head', charts.after],
  ] as const) {
    for (const [name, render] of renders) {
      if (!('error' in render)) continue;
      failed.add(name);
      errors.push(`${label}: ${render.error}`);
    }
  }
  const keep = (renders: ChartRenders) => new Map([...renders].filter(([name]) => !failed.has(name)));
  a.charts = keep(charts.before);
  b.charts = keep(charts.after);
  a.chartFailures = failed;
  b.chartFailures = failed;
  return errors;
}

function objectsOf(app: PreviewApplication | undefined, s: Side): K8sObject[] {
  return app ? manifestsOf(app, s.built.output.rendered, s.built.plan.repoUrl, s.charts).objects : [];
}

function diffApplication(x: PreviewApplication | undefined, y: PreviewApplication | undefined, a: Side, b: Side): ApplicationDiff | undefined {
  const app = (y ?? x)!;
  const was = objectsOf(x, a);
  const is = objectsOf(y, b);
  const objects = diffObjectSets(was, is);
  const application = x && y ? diffObjects(x.object, y.object) : [];
  const change: Change | undefined = !x ? 'added' : !y ? 'removed' : objects.length || application.length ? 'changed' : undefined;
  if (!change) return undefined;
  const charts = manifestsOf(app, (y ? b : a).built.output.rendered).charts.map((c) => `${c.chart} ${c.version} (${c.repoURL})`);
  return {
    name: app.name,
    appSet: app.appSet,
    project: app.project,
    cluster: app.cluster,
    environment: app.environment,
    app: app.app,
    change,
    application,
    objects,
    counts: {
      added: objects.filter((o) => o.change === 'added').length,
      changed: objects.filter((o) => o.change === 'changed').length,
      removed: objects.filter((o) => o.change === 'removed').length,
    },
    dataAtRisk: dataAtRisk(was, is),
    charts,
    chartsRendered: charts.length > 0 && a.charts !== undefined && !a.chartFailures?.has(app.name),
  };
}

/** Objects matched by kind/namespace/name, sorted the same way. */
export function diffObjectSets(before: readonly K8sObject[], after: readonly K8sObject[]): ObjectDiff[] {
  const a = new Map(before.map((o) => [objectKey(o), o]));
  const b = new Map(after.map((o) => [objectKey(o), o]));
  const out: ObjectDiff[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings)) {
    const x = a.get(key);
    const y = b.get(key);
    const o = (y ?? x)!;
    const head = { apiVersion: o.apiVersion, kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name };
    if (!x) out.push({ ...head, change: 'added', fields: [] });
    else if (!y) out.push({ ...head, change: 'removed', fields: [] });
    else {
      const fields = diffObjects(x, y);
      if (fields.length) out.push({ ...head, change: 'changed', fields });
    }
  }
  return out;
}

function isProject(o: K8sObject): boolean {
  return o.kind === 'AppProject';
}
