/**
 * The ApplicationSet controller's generateApplications + validation, offline:
 * every generator entry is transformed, every parameter set rendered into an
 * Application in the ApplicationSet's namespace. Errors are collected, never
 * turned into "no Applications": Argo CD applies nothing
 * for an ApplicationSet whose generation fails.
 */
import type { K8sObject } from '../model/object.ts';
import type { GeneratorEnv, GeneratorSpec } from './generators/types.ts';
import { missingKeyOption } from './go-template/index.ts';
import { type ApplicationTemplate, renderApplication, type TemplateMode } from './render-template.ts';
import { transform } from './transform.ts';

export interface AppSetEvaluation {
  appSet: string;
  applications: K8sObject[];
  errors: string[];
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `projects`: AppProject names that exist, when known (Argo CD refuses Applications of missing projects). */
export function generateApplications(appSet: K8sObject, env: GeneratorEnv = {}, projects?: ReadonlySet<string>): AppSetEvaluation {
  const name = appSet.metadata.name;
  const spec = (appSet.spec ?? {}) as Record<string, unknown>;
  const errors: string[] = [];
  const mode: TemplateMode = { goTemplate: spec.goTemplate === true, goTemplateOptions: (spec.goTemplateOptions as string[] | undefined) ?? [] };
  try {
    missingKeyOption(mode.goTemplate ? mode.goTemplateOptions : []);
  } catch (error) {
    return { appSet: name, applications: [], errors: [(error as Error).message] };
  }
  if (spec.templatePatch) errors.push('spec.templatePatch is not supported by flotilla preview');
  const ctx = { ...mode, appSetName: name, applyNestedSelectors: spec.applyNestedSelectors === true, env };
  const preserve = (spec.syncPolicy as { preserveResourcesOnDeletion?: boolean } | undefined)?.preserveResourcesOnDeletion === true;
  const generated: K8sObject[] = [];
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
  return { appSet: name, applications: validate(name, generated, projects, errors), errors };
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

/** validateGeneratedApplications: invalid ones are skipped (and reported); the others are still applied. */
function validate(appSet: string, apps: K8sObject[], projects: ReadonlySet<string> | undefined, errors: string[]): K8sObject[] {
  const seen = new Set<string>();
  return apps.filter((app) => {
    const name = app.metadata.name;
    const spec = app.spec as { project?: string; destination?: { name?: string; server?: string } };
    const problem =
      !DNS1123_SUBDOMAIN.test(name) || name.length > 253
        ? `Application name ${JSON.stringify(name)} is not a valid Kubernetes name`
        : seen.has(name)
          ? `ApplicationSet ${appSet} contains applications with duplicate name: ${name}`
          : projects && !projects.has(spec.project || 'default')
            ? `application references project ${spec.project || 'default'} which does not exist`
            : spec.destination?.name && spec.destination?.server
              ? `application destination can't have both name and server defined: ${spec.destination.name} ${spec.destination.server}`
              : undefined;
    seen.add(name);
    if (problem) errors.push(problem);
    return !problem;
  });
}
