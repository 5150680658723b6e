/**
 * The Argo CD Applications a fleet's generated ApplicationSets produce, read
 * generically from the ApplicationSet objects (not from the plan), so the
 * preview shows what the controller would create: name, project, cluster,
 * namespace, sources and sync policy.
 */

import { compareStrings } from '../diagnostics.ts';
import { valuesOf } from '../model/argocd-glob.ts';
import { LABEL } from '../model/names.ts';
import type { K8sObject } from '../model/object.ts';
import { generateApplications } from './generate-applications.ts';
import type { GeneratorEnv } from './generators/types.ts';

export type ApplicationSource =
  | { type: 'path'; repoURL: string; revision: string; path: string }
  | ({ type: 'helm'; repoURL: string; chart: string; version: string; releaseName?: string; valueFiles: string[] } & HelmOptions)
  | { type: 'ref'; repoURL: string; revision: string; ref: string };

/** The `helm` fields of a source besides release name and value files, as far as the Application sets them. */
export interface HelmOptions {
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: string[];
  skipCrds?: boolean;
  skipTests?: boolean;
  skipSchemaValidation?: boolean;
  ignoreMissingValueFiles?: boolean;
  /** `values` (a YAML string) or `valuesObject`, which Argo CD passes as a last values file. */
  values?: string | Record<string, unknown>;
  valuesObject?: Record<string, unknown>;
  /** Fields preview cannot reproduce (parameters, fileParameters, ...): named in an error instead of ignored. */
  unsupported?: string[];
}

export interface PreviewApplication {
  name: string;
  appSet: string;
  project: string;
  /** Cluster name (from the AppProject destinations, else destination.name, else the server URL). */
  cluster: string;
  server: string;
  namespace: string;
  environment?: string;
  /** The Flotilla app (label app.kubernetes.io/part-of). */
  app?: string;
  sources: ApplicationSource[];
  sync: string;
  object: K8sObject;
}

export interface FleetApplications {
  applications: PreviewApplication[];
  errors: { appSet: string; message: string }[];
}

export function previewApplications(argocdObjects: readonly K8sObject[], env: GeneratorEnv = {}): FleetApplications {
  const projects = argocdObjects.filter((o) => o.kind === 'AppProject');
  const projectNames = new Set(projects.map((p) => p.metadata.name));
  const clusterNames = serverNames(projects);
  const applications: PreviewApplication[] = [];
  const errors: FleetApplications['errors'] = [];
  for (const set of argocdObjects.filter((o) => o.kind === 'ApplicationSet')) {
    const result = generateApplications(set, env, projectNames);
    for (const message of result.errors) errors.push({ appSet: result.appSet, message });
    for (const app of result.applications) applications.push(summarise(app, result.appSet, clusterNames));
  }
  applications.sort((a, b) => compareStrings(a.name, b.name));
  return { applications, errors };
}

function summarise(object: K8sObject, appSet: string, clusterNames: Map<string, string>): PreviewApplication {
  const spec = object.spec as {
    project?: string;
    destination?: { name?: string; server?: string; namespace?: string };
    source?: Record<string, unknown>;
    sources?: Record<string, unknown>[];
    syncPolicy?: SyncPolicy;
  };
  const server = spec.destination?.server ?? '';
  const labels = object.metadata.labels ?? {};
  return {
    name: object.metadata.name,
    appSet,
    project: spec.project || 'default',
    cluster: spec.destination?.name || clusterNames.get(server) || labels[LABEL.cluster] || server,
    server,
    namespace: spec.destination?.namespace ?? '',
    environment: labels[LABEL.environment],
    app: labels[LABEL.partOf],
    sources: (spec.sources ?? (spec.source ? [spec.source] : [])).map(source),
    sync: syncSummary(spec.syncPolicy),
    object,
  };
}

/** AppProject destinations carry the clusters' names and servers, in the same order (see anyOf). */
function serverNames(projects: K8sObject[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of projects) {
    for (const d of (p.spec as { destinations?: { name?: string; server?: string }[] }).destinations ?? []) {
      if (!d.name || !d.server || d.name === '*' || d.server === '*') continue;
      const [clusterNames, servers] = [valuesOf(d.name), valuesOf(d.server)];
      if (clusterNames.length === servers.length) {
        servers.forEach((server, i) => {
          names.set(server, clusterNames[i]);
        });
      }
    }
  }
  return names;
}

function source(s: Record<string, unknown>): ApplicationSource {
  const repoURL = String(s.repoURL ?? '');
  const revision = String(s.targetRevision ?? 'HEAD');
  if (typeof s.chart === 'string') {
    const { releaseName, valueFiles, ...rest } = (s.helm ?? {}) as { releaseName?: string; valueFiles?: string[] } & Record<string, unknown>;
    return { type: 'helm', repoURL, chart: s.chart, version: revision, releaseName, valueFiles: valueFiles ?? [], ...helmOptions(rest) };
  }
  if (typeof s.ref === 'string' && s.path === undefined) return { type: 'ref', repoURL, revision, ref: s.ref };
  return { type: 'path', repoURL, revision, path: String(s.path ?? '') };
}

const HELM_OPTIONS = [
  'namespace',
  'kubeVersion',
  'apiVersions',
  'skipCrds',
  'skipTests',
  'skipSchemaValidation',
  'ignoreMissingValueFiles',
  'values',
  'valuesObject',
];
/** Fields that change nothing helm renders (version: Argo CD only accepts v3/v4, both render alike). */
const HELM_IGNORED = ['version', 'passCredentials'];

function helmOptions(helm: Record<string, unknown>): HelmOptions {
  const out: Record<string, unknown> = {};
  const unsupported: string[] = [];
  for (const [key, value] of Object.entries(helm)) {
    if (HELM_OPTIONS.includes(key)) out[key] = value;
    else if (!HELM_IGNORED.includes(key) && !(Array.isArray(value) && value.length === 0)) unsupported.push(key);
  }
  return { ...(out as HelmOptions), ...(unsupported.length ? { unsupported: unsupported.sort() } : {}) };
}

interface SyncPolicy {
  automated?: { prune?: boolean; selfHeal?: boolean };
  syncOptions?: string[];
}

export function syncSummary(policy: SyncPolicy | undefined): string {
  const parts = [policy?.automated ? 'auto' : 'manual'];
  if (policy?.automated?.prune) parts.push('prune');
  if (policy?.automated?.selfHeal) parts.push('self-heal');
  for (const option of policy?.syncOptions ?? []) if (/^(Prune|Delete)=confirm$/.test(option)) parts.push(option.toLowerCase());
  return parts.join(', ');
}

export interface ApplicationFilter {
  cluster?: string;
  app?: string;
  env?: string;
}

/** `--app` matches the Flotilla app or the Application name. */
export function filterApplications(apps: readonly PreviewApplication[], f: ApplicationFilter): PreviewApplication[] {
  return apps.filter((a) => (!f.cluster || a.cluster === f.cluster) && (!f.env || a.environment === f.env) && (!f.app || a.app === f.app || a.name === f.app));
}
