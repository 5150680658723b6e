/** Stage 3's output: the resolved, typed model of the fleet that every later stage reads. */

import type { Diagnostic, SourcePosition } from '../diagnostics.ts';
import type { INGRESS_KIND_NAMES } from '../model/route-kinds.ts';
import type { AppBodySpec } from '../validate/schema/app.ts';
import type { ExternalServiceSpec } from '../validate/schema/external-service.ts';

/** The kinds a cluster's routes default to (model/route-kinds.ts). */
export type IngressKind = (typeof INGRESS_KIND_NAMES)[number];

/** Platform settings after defaults → environment → cluster resolution. */
export interface ResolvedSettings {
  baseDomain: string;
  storageClass?: string;
  ingressKind: IngressKind;
  ingressClass?: string;
  ingressNamespace?: string;
  gateway?: { name: string; namespace: string };
  issuer: string;
  monitoringNamespace?: string;
}

export interface EnvironmentPlan {
  name: string;
  production: boolean;
  settings: ResolvedSettings;
}

export interface ClusterPlan {
  name: string;
  /** The name Application names use: the old name after a rename, so renames are moves. */
  applicationId: string;
  environment: string;
  server: string;
  region: string;
  labels: Record<string, string>;
  /** "1.33.0", as Argo CD passes a cluster's version to helm. */
  kubernetesVersion: string;
  /** API versions beyond the built-in ones, as declared (helm adds its built-in set). */
  apiVersions: string[];
  settings: ResolvedSettings;
  /** Settings this cluster sets differently from its environment. */
  differingSettings: (keyof ResolvedSettings)[];
  source: string;
}

/** One rendering of an app: its body and platform settings for a target. */
export interface AppVariant {
  body: AppBodySpec;
  settings: ResolvedSettings;
  environment: string | null;
  cluster: string | null;
}

export interface AppPlan {
  name: string;
  /**
   * The name the app has on the clusters: Argo CD Application names, object names, labels and Helm
   * release names derive from it. The old name after a rename, so a rename changes nothing there.
   */
  applicationId: string;
  team: string;
  namespace: string;
  protected: boolean;
  /** Image and chart versions are written in the `release` section (per environment), not in the body. */
  versionsInRelease: boolean;
  source: string;
  environments: string[];
  clusterScoped: { group: string; kind: string }[];
  base: AppVariant;
  envVariants: Map<string, AppVariant>;
  /** Only clusters that really differ for this app. */
  clusterVariants: Map<string, AppVariant>;
  /**
   * Where a field of this app's config is written, for errors found after rendering: the
   * variant's override layer first (cluster, then environment), then the app body. It places
   * diagnostics only, never changes output: the incremental cache's hash of a plan leaves it
   * out (the plan's one function; another one would make the hash throw).
   */
  locate(
    path: ReadonlyArray<string | number>,
    variant?: { environment: string | null; cluster: string | null },
    atKey?: boolean,
  ): SourcePosition & { path: string };
  /** Does any variant run as root? Then its namespace cannot enforce the restricted level. */
  needsBaselinePodSecurity: boolean;
  /** The Pod Security level its namespace enforces: the lowest any variant needs. */
  podSecurity: 'restricted' | 'baseline' | 'privileged';
}

export interface TeamPlan {
  name: string;
  apps: string[];
  namespaces: string[];
  clusters: string[];
  chartRepos: string[];
  clusterScoped: { group: string; kind: string }[];
}

export interface FleetPlan {
  repoUrl: string;
  revision: string;
  argocdNamespace: string;
  progressive: boolean;
  maxApplicationDeletions: number;
  environments: EnvironmentPlan[];
  clusters: ClusterPlan[];
  apps: AppPlan[];
  teams: TeamPlan[];
  /** External services declared for the whole fleet (fleet.yaml); each app's plan holds the ones it names. */
  externalServices: Readonly<Record<string, ExternalServiceSpec>>;
  /** Edges from other apps' talksTo, indexed by target app: built once so rendering stays linear. */
  inbound: Map<string, InboundEdge[]>;
  /** Where a field of fleet.yaml is written (its key with `atKey`), for errors found after rendering. */
  locateFleet(path: ReadonlyArray<string | number>, atKey?: boolean): SourcePosition & { path: string };
  warnings: Diagnostic[];
}

/**
 * What rendering one app may read about the rest of the fleet. Renderers get
 * this view, never the whole FleetPlan: the incremental cache records each call
 * (incremental/recorder.ts), so a new kind of cross-app read is covered by
 * adding a method here, with no cache key to update.
 */
export interface FleetView {
  /** An app of the fleet by name (the rendered app itself included). */
  app(name: string): AppPlan | undefined;
  /** Edges from other apps' talksTo that point at this app, in every environment. */
  inboundEdges(app: string): readonly InboundEdge[];
}

export interface InboundEdge {
  environment: string;
  fromApp: string;
  /** The applicationId of fromApp: its pods' labels. */
  fromAppId: string;
  fromNamespace: string;
  fromComponent: string;
  component?: string;
  port?: string | number;
}
