/** The rendered difference between two fleet revisions, as data: formatters and the PR body read this. */
import type { DataRisk } from '../../model/stateful.ts';

export type Change = 'added' | 'removed' | 'changed';

/** One field of an object. `hidden` values (Secret data) are never carried: before/after stay undefined. */
export interface FieldChange {
  path: string;
  change: Change;
  before?: unknown;
  after?: unknown;
  hidden?: boolean;
}

export interface ObjectDiff {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  change: Change;
  /** Field changes for `changed` objects; added and removed objects are listed whole. */
  fields: FieldChange[];
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
  objects: ObjectDiff[];
  counts: { added: number; changed: number; removed: number };
  /** Objects that hold data which this change deletes or replaces (model/stateful.ts). */
  dataAtRisk: DataRisk[];
  /** Helm charts the Application deploys: "postgresql 12.12.10 (https://charts.example.com)". */
  charts: string[];
  /** Whether the charts' objects are in `objects` (rendered by helm, or unchanged inputs on both sides). */
  chartsRendered: boolean;
}

export type WarningKind =
  | 'data-at-risk'
  | 'application-deleted'
  | 'object-deleted'
  | 'cluster-scoped-added'
  | 'security-opt-out'
  | 'config-warning'
  | 'project-changed';

export interface DiffWarning {
  kind: WarningKind;
  message: string;
  application?: string;
}

export interface FleetDiff {
  applications: ApplicationDiff[];
  /** AppProject changes: what teams may deploy where. */
  projects: ObjectDiff[];
  warnings: DiffWarning[];
  /** ApplicationSets that failed to evaluate on either side. */
  errors: string[];
  /**
   * Chart Applications helm could not render, "base: ..." or "head: ...", each naming the
   * Application, the config line of the chart and why; their chart objects are left out of the
   * diff on both sides rather than shown as added or removed.
   */
  chartErrors: string[];
  summary: {
    applications: { added: number; removed: number; changed: number; unchanged: number };
    objects: { added: number; removed: number; changed: number };
  };
}
