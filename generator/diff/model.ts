/**
 * The diff engine's vocabulary. Input: two `FleetSide`s — the Argo CD
 * Applications of a fleet revision, each with the Kubernetes objects it
 * deploys. Output: a `FleetDiff` — counts, what a reviewer must look at first,
 * identical changes grouped with where they apply, and the full
 * per-Application detail.
 *
 * Anything that can list Applications and their objects can be compared:
 * `flotilla diff` (from a build of each revision), `flotilla pr` and
 * `commit` (the committed output against the new one), promotion pull
 * requests, rendered Helm charts (their objects are simply more objects of the
 * chart's Application).
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { K8sObject } from '../model/object.ts';

// ---------------------------------------------------------------- input

/** One revision of the fleet, as Argo CD will see it. */
export interface FleetSide {
  applications: readonly SideApplication[];
  /** AppProjects: what each team may deploy where. Changes to them are reviewed as access changes. */
  projects?: readonly K8sObject[];
  /**
   * Every cluster and its environment, in promotion order of the environments.
   * Needed to say "prod: all 16 clusters" or "dev: all but dev-k003"; without it
   * the clusters the Applications name are taken as all there are.
   */
  clusters?: readonly ClusterRef[];
  /** Config warnings of this revision; those only the after side has are reported (security opt-outs with their reasons among them). */
  warnings?: readonly Diagnostic[];
  /** What could not be evaluated on this side (an ApplicationSet that failed): Argo CD would apply nothing for it. */
  errors?: readonly string[];
}

export interface ClusterRef {
  name: string;
  environment?: string;
}

/** One Argo CD Application: one app (or chart release) on one cluster. */
export interface SideApplication {
  /** The Application's name, its identity across revisions. */
  name: string;
  /** The Flotilla app it belongs to; changes are grouped per app. Default: the Application's name. */
  app?: string;
  project: string;
  /** Flotilla's own Application (the platform project's namespaces), not one of the fleet's apps: counted among Applications, not apps. */
  platform?: boolean;
  appSet?: string;
  environment?: string;
  cluster: string;
  /** The Application object itself, when known: changes to its sources or sync policy are part of the diff. */
  object?: K8sObject;
  /**
   * What it deploys. Applications that deploy the same objects should pass the
   * same array (one Kustomize overlay, many clusters): each distinct pair of
   * arrays is compared once, which is what keeps a fleet-wide diff fast.
   */
  objects: readonly K8sObject[];
  /** Sources whose objects are not in `objects`, for people: "redis 17.17.1 (oci://…)". */
  unrendered?: readonly string[];
}

// ---------------------------------------------------------------- per-Application detail

export type Change = 'added' | 'removed' | 'changed';

/** One field of an object. `hidden` values (Secret data) are never carried: before/after stay undefined. */
export interface FieldChange {
  path: string;
  change: Change;
  before?: unknown;
  after?: unknown;
  hidden?: boolean;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ObjectDiff extends ObjectRef {
  change: Change;
  /** Field changes for `changed` objects; added and removed objects are listed whole. */
  fields: FieldChange[];
}

export interface ObjectCounts {
  added: number;
  changed: number;
  removed: number;
}

export interface ApplicationDiff {
  name: string;
  appSet: string;
  project: string;
  cluster: string;
  environment?: string;
  app?: string;
  change: Change;
  /** Changes to the Application object itself (sources, sync policy, labels). */
  application: FieldChange[];
  /** For an added (removed) Application: every object it deploys (deployed), as added (removed). */
  objects: ObjectDiff[];
  counts: ObjectCounts;
  /** Sources not rendered (Helm charts Flotilla did not render, other repositories). */
  charts: string[];
}

// ---------------------------------------------------------------- grouped

/** A set of clusters, by environment, and how to say it. */
export interface Where {
  /** "prod: all 16 clusters; staging: staging-k001, staging-k004; dev: all but dev-k003", or "everywhere (50 clusters)". */
  text: string;
  clusters: number;
  environments: { name: string; clusters: string[]; of: number }[];
}

/** One change, identical on every cluster of `where`. `field` is absent for an object added or removed whole. */
export interface GroupItem {
  object: ObjectRef;
  change: Change;
  field?: FieldChange;
}

/** Changes of one app that apply to exactly the same clusters. */
export interface ChangeGroup {
  where: Where;
  items: GroupItem[];
}

export interface AppChanges {
  /** The Flotilla app (or, for an Application of no app, its name). */
  app: string;
  project: string;
  /** Where its Applications are created, deleted or changed; null when none. */
  applications: { added: Where | null; removed: Where | null; changed: Where | null };
  /** Objects added/changed/removed, counted per Application (one object on 16 clusters counts 16). */
  objects: ObjectCounts;
  /** Objects a created (deleted) Application deploys (deployed), by kind: "Deployment": 2. */
  created: Record<string, number>;
  deleted: Record<string, number>;
  /** Its own changes, grouped by where they apply (those shared with other apps are in FleetDiff.shared). */
  groups: ChangeGroup[];
  /** How many of its changes are shown once in FleetDiff.shared instead. */
  sharedItems: number;
  charts: string[];
}

/**
 * A change made identically in several apps (a fleet-wide setting): shown once.
 * Object names and values are templates where they contain the app's name:
 * `{app}-web`, `{app}.example.com`.
 */
export interface SharedGroup {
  apps: string[];
  /** Where across all those apps. */
  where: Where;
  /** App × cluster pairs it applies to. */
  applications: number;
  items: GroupItem[];
}

// ---------------------------------------------------------------- review first

export type ReviewCategory = 'data-at-risk' | 'application-deleted' | 'cluster-scoped' | 'pod-security' | 'rbac' | 'network' | 'access' | 'config';

/** Something a reviewer must look at before the rest, with where it happens. */
export interface ReviewItem {
  category: ReviewCategory;
  app?: string;
  /** "Deployment shop/web" */
  object?: string;
  detail: string;
  where?: Where;
  applications: number;
}

export interface DiffSummary {
  apps: { added: number; removed: number; changed: number; unchanged: number };
  applications: { added: number; removed: number; changed: number; unchanged: number };
  objects: ObjectCounts;
  /** Objects added/changed/removed by kind, counted per Application. */
  byKind: ({ kind: string } & ObjectCounts)[];
}

export interface FleetDiff {
  summary: DiffSummary;
  review: ReviewItem[];
  /** Changes identical in several apps, shown once. */
  shared: SharedGroup[];
  /** Per app, what is left: grouped by where it applies. */
  apps: AppChanges[];
  /** AppProject changes: what teams may deploy where. */
  projects: ObjectDiff[];
  /** What failed to evaluate, on either side ("base: …", "head: …"). */
  errors: string[];
  /** The full detail, one entry per Application that changes. */
  applications: ApplicationDiff[];
}
