/**
 * The Argo CD Applications a set of generated Argo CD objects makes Argo CD
 * create, evaluated offline the way the ApplicationSet controller does
 * (appset/). Deletions and the PR summary are computed on these names,
 * because they are what operators see in Argo CD.
 */

import { generateApplications } from '../appset/generate-applications.ts';
import { UserError } from '../diagnostics.ts';
import { LABEL } from '../model/names.ts';
import type { K8sObject } from '../model/object.ts';

export interface ApplicationRef {
  name: string;
  applicationSet: string;
  project: string;
  team: string;
  environment: string;
  cluster: string;
  /** The Flotilla app the Application belongs to. */
  app: string;
  /** `app`: a Kustomize path of the fleet repo; `chart`: a Helm chart release with a values file here. */
  kind: 'app' | 'chart';
  /** Kustomize path (app) or values file (chart), repository-relative to the fleet root. */
  source: string;
  /** The Application object as generated (its sources and sync policy are part of the diff). */
  object?: K8sObject;
}

export interface ArgoInventory {
  applications: Map<string, ApplicationRef>;
  applicationSets: Set<string>;
  projects: Set<string>;
}

/** `where` names the revision in errors ("main@1a2b3c4", "the new output"). */
export function inventoryOf(objects: K8sObject[], where: string): ArgoInventory {
  const applications = new Map<string, ApplicationRef>();
  const applicationSets = new Set<string>();
  const projects = new Set<string>();
  const problems: string[] = [];
  for (const object of objects) {
    if (object.kind === 'AppProject') projects.add(object.metadata.name);
    if (object.kind !== 'ApplicationSet') continue;
    applicationSets.add(object.metadata.name);
    const evaluation = generateApplications(object);
    // An ApplicationSet that cannot be evaluated must never count as "no Applications": that would read as deletions.
    problems.push(...evaluation.errors.map((e) => `ApplicationSet ${object.metadata.name}: ${e}`));
    for (const app of evaluation.applications) applications.set(app.metadata.name, refOf(app, object.metadata.name));
  }
  if (problems.length > 0) {
    throw new UserError(`cannot tell which Argo CD Applications ${where} generates:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return { applications, applicationSets, projects };
}

function refOf(app: K8sObject, applicationSet: string): ApplicationRef {
  const labels = app.metadata.labels ?? {};
  const spec = app.spec as { project?: string; source?: { path?: string }; sources?: { helm?: { valueFiles?: string[] } }[] };
  const valuesFile = spec.sources?.[0]?.helm?.valueFiles?.[0];
  return {
    name: app.metadata.name,
    applicationSet,
    project: spec.project ?? '',
    team: labels[LABEL.team] ?? '',
    environment: labels[LABEL.environment] ?? '',
    cluster: labels[LABEL.cluster] ?? '',
    app: labels[LABEL.partOf] ?? '',
    kind: valuesFile ? 'chart' : 'app',
    source: valuesFile ? valuesFile.replace(/^\$values\//, '') : (spec.source?.path ?? ''),
    object: app,
  };
}
