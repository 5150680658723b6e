/**
 * The ApplicationSet controller's generateApplications + validation, offline,
 * as Argo CD v3.5.1 runs them: every generator entry is transformed, every
 * parameter set rendered into an Application in the ApplicationSet's
 * namespace. Any generation or rendering error means Argo CD applies nothing
 * for the ApplicationSet, so the evaluation then has errors and no
 * Applications — never a partial result. Applications that fail validation
 * (duplicate names, unknown projects, bad destinations) are skipped and
 * reported; the others are applied.
 */
import type { K8sObject } from '../model/object.ts';
import { ARGOCD_RELEASE } from './argocd-release.ts';
import type { GeneratorEnv, GeneratorSpec } from './generators/types.ts';
import { LOCAL_CLUSTER } from './generators/types.ts';
import { missingKeyOption } from './go-template/index.ts';
import { type ApplicationTemplate, renderApplication, type TemplateMode } from './render-template.ts';
import { transform } from './transform.ts';

export interface AppSetEvaluation {
  appSet: string;
  applications: K8sObject[];
  errors: string[];
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Spec fields Argo CD acts on that the evaluator does not implement: refused, so a preview is never silently wrong. */
const UNSUPPORTED_SPEC_FIELDS: Record<string, string> = {
  templatePatch: `spec.templatePatch is not supported by Flotilla's ApplicationSet evaluator (Argo CD ${ARGOCD_RELEASE} would patch every Application with it)`,
};

/** `projects`: AppProject names that exist, when known (Argo CD refuses Applications of missing projects). */
export function generateApplications(appSet: K8sObject, env: GeneratorEnv = {}, projects?: ReadonlySet<string>): AppSetEvaluation {
  const name = appSet.metadata.name;
  const spec = (appSet.spec ?? {}) as Record<string, unknown>;
  const failed = (errors: string[]): AppSetEvaluation => ({ appSet: name, applications: [], errors });
  const mode: TemplateMode = { goTemplate: spec.goTemplate === true, goTemplateOptions: (spec.goTemplateOptions as string[] | undefined) ?? [] };
  try {
    missingKeyOption(mode.goTemplate ? mode.goTemplateOptions : []);
  } catch (error) {
    return failed([(error as Error).message]);
  }
  const unsupported = Object.keys(UNSUPPORTED_SPEC_FIELDS).filter((field) => spec[field] !== undefined && spec[field] !== null);
  if (unsupported.length) return failed(unsupported.map((field) => UNSUPPORTED_SPEC_FIELDS[field]));
  const ctx = { ...mode, appSetName: name, env };
  const preserve = (spec.syncPolicy as { preserveResourcesOnDeletion?: boolean } | undefined)?.preserveResourcesOnDeletion === true;
  const generated: K8sObject[] = [];
  const errors: string[] = [];
  ((spec.generators as GeneratorSpec[] | undefined) ?? []).forEach((gen, i) => {
    let results: ReturnType<typeof transform>;
    try {
      results = transform(gen, ctx, (spec.template as Record<string, unknown>) ?? {}, undefined, 'top');
    } catch (error) {
      errors.push(`generator ${i}: ${(error as Error).message}`);
      return;
    }
    for (const result of results) {
      for (const params of result.params) {
        try {
          const app = renderApplication(result.template as ApplicationTemplate, params, mode, preserve);
          generated.push(applicationObject(app.metadata, app.spec, appSet.metadata.namespace));
        } catch (error) {
          errors.push(`generator ${i}: ${(error as Error).message}`);
        }
      }
    }
  });
  if (errors.length) return failed(errors);
  return { appSet: name, applications: validate(name, generated, projects, env, errors), errors };
}

function applicationObject(meta: ApplicationTemplate['metadata'] & { name: string }, spec: Record<string, unknown>, namespace: string | undefined): K8sObject {
  const metadata: K8sObject['metadata'] & { finalizers?: string[] } = { name: meta.name };
  // The controller always creates Applications in the ApplicationSet's namespace.
  if (namespace) metadata.namespace = namespace;
  if (meta.labels && Object.keys(meta.labels).length) metadata.labels = meta.labels;
  if (meta.annotations && Object.keys(meta.annotations).length) metadata.annotations = meta.annotations;
  if (meta.finalizers?.length) metadata.finalizers = meta.finalizers;
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata, spec };
}

/**
 * validateGeneratedApplications: invalid ones are skipped (and reported); the others are still applied.
 * A duplicated name disqualifies every Application of that name (errors are keyed by name).
 */
function validate(appSet: string, apps: K8sObject[], projects: ReadonlySet<string> | undefined, env: GeneratorEnv, errors: string[]): K8sObject[] {
  const seen = new Set<string>();
  const invalid = new Set<string>();
  for (const app of apps) {
    const name = app.metadata.name;
    const spec = app.spec as { project?: string; destination?: { name?: string; server?: string } };
    const problem =
      !DNS1123_SUBDOMAIN.test(name) || name.length > 253
        ? `Application name ${JSON.stringify(name)} is not a valid Kubernetes name`
        : seen.has(name)
          ? `ApplicationSet ${appSet} contains applications with duplicate name: ${name}`
          : projects && !projects.has(spec.project || 'default')
            ? `application references project ${spec.project || 'default'} which does not exist`
            : destinationProblem(spec.destination ?? {}, env);
    seen.add(name);
    if (problem) {
      errors.push(problem);
      invalid.add(name);
    }
  }
  return apps.filter((app) => !invalid.has(app.metadata.name));
}

/** GetDestinationCluster: what can be checked offline, and the cluster's existence when the cluster Secrets are known. */
function destinationProblem(destination: { name?: string; server?: string }, env: GeneratorEnv): string | undefined {
  const invalid = (message: string) => `application destination spec is invalid: ${message}`;
  if (destination.name && destination.server)
    return invalid(`application destination can't have both name and server defined: ${destination.name} ${destination.server}`);
  if (!destination.name && !destination.server) return invalid('Destination server missing from app spec');
  if (!env.clusterSecrets) return undefined;
  const clusters = [
    ...env.clusterSecrets.map((s) => ({ name: s.name, server: s.server.replace(/\/+$/, '') })),
    ...(env.includeLocalCluster === false || env.clusterSecrets.some((s) => s.server === LOCAL_CLUSTER.server) ? [] : [LOCAL_CLUSTER]),
  ];
  if (destination.server) {
    const server = destination.server.replace(/\/+$/, '');
    return clusters.some((c) => c.server === server)
      ? undefined
      : invalid(`error getting cluster by server ${JSON.stringify(destination.server)}: cluster "${server}" not found`);
  }
  const servers = clusters.filter((c) => c.name === destination.name).map((c) => c.server);
  if (servers.length === 0) return invalid(`there are no clusters with this name: ${destination.name}`);
  if (servers.length > 1) return invalid(`there are ${servers.length} clusters with the same name: [${servers.join(' ')}]`);
  return undefined;
}
