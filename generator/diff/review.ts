/**
 * What a reviewer must look at first, each finding with where it happens:
 * data at risk (model/stateful.ts: objects that hold data deleted, or changed
 * in a way Kubernetes only applies by re-creating them), Applications no longer generated, access changes (RBAC,
 * AppProjects), new cluster-scoped objects, weakened pod security, widened
 * network policy, and config warnings the change introduces. The rules of
 * what counts are in security.ts.
 *
 * "New" is measured per Application for an object it already had; for an
 * object it did not have, against every Application of the same app before,
 * so a new cluster does not re-report what the app already ran elsewhere.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { compareStrings } from '../diagnostics.ts';
import { type K8sObject, objectKey, objectRef } from '../model/object.ts';
import { dataAtRisk, holdsData } from '../model/stateful.ts';
import type { ApplicationDiff, FleetSide, ObjectDiff, ReviewCategory, ReviewItem, SideApplication } from './model.ts';
import { covers, isClusterScopedObject, podSecurityFlags, policyShape, RBAC_KINDS } from './security.ts';
import { describeWhere, type Universe } from './where.ts';

const ORDER: ReviewCategory[] = ['data-at-risk', 'application-deleted', 'rbac', 'access', 'cluster-scoped', 'pod-security', 'network', 'config'];

interface Finding {
  category: ReviewCategory;
  object?: string;
  detail: string;
}

export interface ReviewInput {
  before: FleetSide;
  after: FleetSide;
  applications: readonly ApplicationDiff[];
  projects: readonly ObjectDiff[];
  universe: Universe;
}

export function reviewItems(input: ReviewInput): ReviewItem[] {
  const found = new Map<string, { finding: Finding; app?: string; clusters: string[] }>();
  const add = (finding: Finding, app: string | undefined, cluster?: string) => {
    const key = JSON.stringify([ORDER.indexOf(finding.category), app ?? '', finding.object ?? '', finding.detail]);
    const entry = found.get(key) ?? { finding, app, clusters: [] };
    if (cluster !== undefined) entry.clusters.push(cluster);
    found.set(key, entry);
  };
  const before = new Map(input.before.applications.map((a) => [a.name, a]));
  const after = new Map(input.after.applications.map((a) => [a.name, a]));
  const history = new AppHistory(input.before.applications);
  const cache = new WeakMap<ObjectDiff[], Finding[]>();
  for (const d of input.applications) {
    const app = d.app ?? d.name;
    const x = before.get(d.name);
    if (d.change === 'removed') {
      add({ category: 'application-deleted', detail: 'Application no longer generated: what it deployed stays until it is deleted' }, app, d.cluster);
      for (const o of x!.objects)
        if (holdsData(o))
          add({ category: 'data-at-risk', object: objectRef(o), detail: 'holds data: deleting the Application deletes it with its data' }, app, d.cluster);
      continue;
    }
    const y = after.get(d.name)!;
    let findings = cache.get(d.objects);
    if (!findings) {
      findings = objectFindings(d.objects, x?.objects ?? [], y.objects, history.of(app));
      cache.set(d.objects, findings);
    }
    for (const f of findings) add(f, app, d.cluster);
    if (y.object) {
      const had = new Set(x?.object ? podSecurityFlags(x.object) : history.applicationFlags(app));
      for (const flag of podSecurityFlags(y.object)) if (!had.has(flag)) add({ category: 'pod-security', object: 'Application', detail: flag }, app, d.cluster);
    }
  }
  for (const p of input.projects) {
    const what = p.change === 'changed' ? `changes ${[...new Set(p.fields.map((f) => topField(f.path)))].join(', ')}` : `is ${p.change}`;
    add({ category: 'access', object: `AppProject ${p.name}`, detail: `what the team may deploy where: the project ${what}` }, undefined);
  }
  for (const w of newWarnings(input.before.warnings ?? [], input.after.warnings ?? [])) {
    add(
      {
        category: /^security opt-out/.test(w.message) ? 'pod-security' : 'config',
        detail: `${w.file}:${w.line}:${w.column} ${w.path ? `${w.path}: ` : ''}${w.message}`,
      },
      undefined,
    );
  }
  return [...found.entries()]
    .sort(([x], [y]) => compareKeys(x, y))
    .map(([, e]) => ({
      category: e.finding.category,
      ...(e.app !== undefined ? { app: e.app } : {}),
      ...(e.finding.object !== undefined ? { object: e.finding.object } : {}),
      detail: e.finding.detail,
      ...(e.clusters.length ? { where: describeWhere(e.clusters, input.universe) } : {}),
      applications: e.clusters.length,
    }));
}

function compareKeys(x: string, y: string): number {
  const [a, b] = [JSON.parse(x) as [number, string, string, string], JSON.parse(y) as [number, string, string, string]];
  // Within a category, findings of no app (config warnings, AppProjects) after those of apps.
  return a[0] - b[0] || Number(a[1] === '') - Number(b[1] === '') || compareStrings(a[1], b[1]) || compareStrings(a[2], b[2]) || compareStrings(a[3], b[3]);
}

function objectFindings(
  diffs: ObjectDiff[],
  beforeObjects: readonly K8sObject[],
  afterObjects: readonly K8sObject[],
  history: Map<string, K8sObject[]>,
): Finding[] {
  const out: Finding[] = dataAtRisk(beforeObjects, afterObjects).map((r) => ({ category: 'data-at-risk', object: r.ref, detail: `${r.reason}: ${r.detail}` }));
  const was = keyedObjects(beforeObjects);
  const now = keyedObjects(afterObjects);
  for (const d of diffs) {
    const key = `${d.kind}/${d.namespace ?? ''}/${d.name}`;
    const ref = `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}`;
    const previous = d.change === 'changed' ? [was.get(key)!] : (history.get(key) ?? []);
    if (d.change === 'removed') {
      const old = was.get(key)!;
      if (RBAC_KINDS.has(d.kind)) out.push({ category: 'rbac', object: ref, detail: 'removed' });
      if (d.kind === 'NetworkPolicy' && !coveredAfterRemoval(old, afterObjects))
        out.push({ category: 'network', object: ref, detail: 'removed, and no remaining policy isolates its pods: they may accept traffic it did not allow' });
      continue;
    }
    const object = now.get(key)!;
    if (d.change === 'added' && previous.length === 0) {
      if (isClusterScopedObject(d)) out.push({ category: 'cluster-scoped', object: ref, detail: 'added' });
      if (RBAC_KINDS.has(d.kind)) out.push({ category: 'rbac', object: ref, detail: 'added' });
    }
    if (d.change === 'changed' && RBAC_KINDS.has(d.kind))
      out.push({ category: 'rbac', object: ref, detail: `changes ${[...new Set(d.fields.map((f) => topField(f.path)))].join(', ')}` });
    const had = new Set(previous.flatMap(podSecurityFlags));
    for (const flag of podSecurityFlags(object)) if (!had.has(flag)) out.push({ category: 'pod-security', object: ref, detail: flag });
    if (d.kind === 'NetworkPolicy') out.push(...networkFindings(ref, object, previous, d.change === 'changed' ? was.get(key)! : undefined));
  }
  return out;
}

function networkFindings(ref: string, object: K8sObject, previous: K8sObject[], sameApplication: K8sObject | undefined): Finding[] {
  const out: Finding[] = [];
  const shape = policyShape(object);
  const allowed = new Set(previous.flatMap((p) => [...policyShape(p).allows]));
  for (const allow of [...shape.allows].sort()) if (!allowed.has(allow)) out.push({ category: 'network', object: ref, detail: `allows ${allow}` });
  if (sameApplication) {
    const old = policyShape(sameApplication);
    if (old.selector !== shape.selector) out.push({ category: 'network', object: ref, detail: `now applies to pods ${shape.selector} (was ${old.selector})` });
    for (const dir of old.isolates)
      if (!shape.isolates.includes(dir)) out.push({ category: 'network', object: ref, detail: `no longer isolates ${dir.toLowerCase()}` });
  }
  return out;
}

function coveredAfterRemoval(removed: K8sObject, afterObjects: readonly K8sObject[]): boolean {
  const shape = policyShape(removed);
  return afterObjects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === removed.metadata.namespace && covers(policyShape(o), shape));
}

/** `spec.rules[0].verbs` → `rules`; `metadata.labels.x` → `metadata`. */
function topField(path: string): string {
  const parts = path.split(/[.[]/);
  return parts[0] === 'spec' && parts[1] ? parts[1] : parts[0]!;
}

const keyedCache = new WeakMap<readonly K8sObject[], Map<string, K8sObject>>();
function keyedObjects(objects: readonly K8sObject[]): Map<string, K8sObject> {
  let m = keyedCache.get(objects);
  if (!m) {
    m = new Map(objects.map((o) => [objectKey(o), o]));
    keyedCache.set(objects, m);
  }
  return m;
}

/** Per app, every version of each object (and the Application objects) on the before side. */
class AppHistory {
  private readonly byApp = new Map<string, SideApplication[]>();
  private readonly objects = new Map<string, Map<string, K8sObject[]>>();

  constructor(applications: readonly SideApplication[]) {
    for (const a of applications) {
      const app = a.app ?? a.name;
      this.byApp.set(app, [...(this.byApp.get(app) ?? []), a]);
    }
  }

  of(app: string): Map<string, K8sObject[]> {
    let m = this.objects.get(app);
    if (m) return m;
    m = new Map();
    const seen = new Set<readonly K8sObject[]>();
    for (const a of this.byApp.get(app) ?? []) {
      if (seen.has(a.objects)) continue;
      seen.add(a.objects);
      for (const o of a.objects) {
        const key = objectKey(o);
        const versions = m.get(key);
        if (!versions) m.set(key, [o]);
        else if (!versions.includes(o)) versions.push(o);
      }
    }
    this.objects.set(app, m);
    return m;
  }

  applicationFlags(app: string): string[] {
    return (this.byApp.get(app) ?? []).flatMap((a) => (a.object ? podSecurityFlags(a.object) : []));
  }
}

/** Warnings of the new config that the old one did not have; line numbers shift, so they are compared without them. */
function newWarnings(before: readonly Diagnostic[], after: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.file}\n${d.path}\n${d.message}`;
  const old = new Set(before.map(key));
  return after.filter((d) => d.severity === 'warning' && !old.has(key(d)));
}
