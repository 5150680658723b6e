/** What the offline generators read: the ApplicationSet's template mode and the inputs Argo CD would fetch. */
import type { GoMap } from '../go-template/index.ts';
import type { TemplateMode } from '../render-template.ts';
import type { LabelSelector } from '../selector.ts';

/** One entry of spec.generators (or of a matrix/merge), as written. */
export interface GeneratorSpec {
  list?: { elements?: unknown[]; elementsYaml?: string; template?: unknown };
  clusters?: { selector?: LabelSelector; values?: Record<string, string>; flatList?: boolean; template?: unknown };
  git?: GitGeneratorSpec;
  matrix?: { generators?: GeneratorSpec[]; template?: unknown };
  merge?: { generators?: GeneratorSpec[]; mergeKeys?: string[]; template?: unknown };
  selector?: LabelSelector;
  [other: string]: unknown;
}

export interface GitGeneratorSpec {
  repoURL?: string;
  revision?: string;
  directories?: { path: string; exclude?: boolean }[];
  files?: { path: string; exclude?: boolean }[];
  values?: Record<string, string>;
  pathParamPrefix?: string;
  template?: unknown;
}

/** An Argo CD cluster Secret (label argocd.argoproj.io/secret-type: cluster), decoded. */
export interface ClusterSecret {
  name: string;
  server: string;
  project?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A Git repository as the repo-server sees it at a revision; tests pass an in-memory one. */
export interface GitRepository {
  /** Every directory of the repository (slash-separated, relative), except those starting with ".". */
  directories(repoURL: string, revision: string): string[];
  /** Files matching a glob (`*` within a segment, `**` across segments), path → content. */
  files(repoURL: string, revision: string, pattern: string): Map<string, string>;
}

/** What Argo CD would look up live; absent inputs make the generators that need them fail, never return nothing. */
export interface GeneratorEnv {
  clusterSecrets?: ClusterSecret[];
  /** Argo CD always knows its own cluster ("in-cluster"); set false to model an install without it. */
  includeLocalCluster?: boolean;
  git?: GitRepository;
}

export interface GeneratorContext extends TemplateMode {
  appSetName: string;
  env: GeneratorEnv;
}

export type Params = GoMap;

export const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';
export const LOCAL_CLUSTER = { name: 'in-cluster', server: 'https://kubernetes.default.svc' } as const;
