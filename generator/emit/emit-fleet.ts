/**
 * Stage 5, emit: the plan → every generated file, in memory. Nothing touches
 * the disk here, so a failure anywhere leaves the previous output as it was.
 */
import { compareStrings, mapCollectingErrors } from '../diagnostics.ts';
import type { K8sObject } from '../model/object.ts';
import {
  applicationSetPath,
  appProjectPath,
  BOOTSTRAP_PATH,
  chartValuesPath,
  clusterOverlayPath,
  envOverlayPath,
  kustomizationPath,
  namespacesPath,
  RESOURCES_FILE,
  resourcesPath,
} from '../model/paths.ts';
import { fleetView } from '../plan/fleet-view.ts';
import type { AppPlan, FleetPlan, FleetView } from '../plan/model.ts';
import { renderAppProject, renderPlatformProject, renderRootApplication } from '../render/argocd/app-project.ts';
import { renderApplicationSets } from '../render/argocd/application-sets.ts';
import { namespacesByEnvironment, renderNamespace, renderNamespacesApplicationSet } from '../render/argocd/namespaces.ts';
import { checkOutput } from './check-output.ts';
import type { GeneratedFile } from './files.ts';
import { header } from './header.ts';
import { type AppOutput, emitApp } from './kustomize.ts';
import { toYaml, toYamlDocuments } from './serialize.ts';
import { loadSchemas } from './validate-objects.ts';

export interface FleetOutput {
  /** Sorted by path. */
  files: GeneratedFile[];
  /** Kustomize path → the objects a build of it yields. */
  rendered: Map<string, K8sObject[]>;
  argocdObjects: K8sObject[];
}

export async function emitFleet(fleet: FleetPlan): Promise<FleetOutput> {
  const apps = emitApps(fleet, fleet.apps);
  const argocd = emitArgoCd(fleet);
  const files = sortFiles([...apps.files, ...argocd.files]);
  const rendered = new Map([...apps.rendered, ...argocd.rendered]);
  await loadSchemas(kindsOf(rendered.values(), [argocd.objects]));
  checkOutput(fleet, rendered, argocd.objects, files);
  return { files, rendered, argocdObjects: argocd.objects };
}

/** The files of these apps of the fleet, and the objects each Kustomize path of theirs yields. */
export function emitApps(fleet: FleetPlan, apps: FleetPlan['apps']): { files: GeneratedFile[]; rendered: Map<string, K8sObject[]> } {
  const files: GeneratedFile[] = [];
  const rendered = new Map<string, K8sObject[]>();
  const view = fleetView(fleet);
  for (const out of mapCollectingErrors(apps, (app) => emitAppFiles(view, app))) {
    files.push(...out.files);
    for (const [k, v] of out.rendered) rendered.set(k, v);
  }
  return { files, rendered };
}

/** Every file of one app: its Kustomize base and overlays, and its chart values. */
export function emitAppFiles(fleet: FleetView, app: AppPlan): AppOutput {
  const out = emitApp(fleet, app);
  const head = header([app.source]);
  for (const [env, variant] of app.envVariants) {
    for (const [chart, spec] of Object.entries(variant.body.charts ?? {})) {
      out.files.push({ path: chartValuesPath(envOverlayPath(env, app.name), chart), content: head + toYaml(spec.values) });
    }
  }
  for (const [cluster, variant] of app.clusterVariants) {
    for (const [chart, spec] of Object.entries(variant.body.charts ?? {})) {
      out.files.push({
        path: chartValuesPath(clusterOverlayPath(cluster, app.name), chart),
        content: header([app.source, `clusters/${cluster}.yaml`]) + toYaml(spec.values),
      });
    }
  }
  return out;
}

/** An Argo CD file: the team it belongs to (null: the platform's), the Argo CD objects it holds, and its text, made on demand. */
export interface ArgoCdFile {
  path: string;
  team: string | null;
  objects: K8sObject[];
  /** What its text is made from: at the same path, the same value gives the same text. */
  source: unknown;
  text(): string;
}

/**
 * The Argo CD files, their Argo CD objects, and the Namespace objects the platform's namespace
 * Applications deploy (keyed by their path, like the apps'). Each file's YAML is made only when asked
 * for: a run that finds a team's files as they were need not make it (incremental/argocd-files.ts).
 */
export function argoCdFiles(fleet: FleetPlan): { files: ArgoCdFile[]; objects: K8sObject[]; rendered: Map<string, K8sObject[]> } {
  const files: ArgoCdFile[] = [];
  const rendered = new Map<string, K8sObject[]>();
  /** `content`: one object (a YAML document) or a list (a document each); `objects`: the Argo CD objects among them. */
  const add = (path: string, team: string | null, sources: string[], content: object, objects: K8sObject[]) =>
    files.push({
      path,
      team,
      objects,
      source: content,
      text: () => header(sources) + (Array.isArray(content) ? toYamlDocuments(content) : toYaml(content)),
    });
  const bootstrap = [renderPlatformProject(fleet), renderRootApplication(fleet)];
  add(BOOTSTRAP_PATH, null, ['fleet.yaml'], bootstrap, bootstrap);
  for (const team of fleet.teams) {
    const sources = ['fleet.yaml', `apps/*.yaml (team ${team.name})`, 'clusters/*.yaml'];
    const project = renderAppProject(fleet, team);
    add(appProjectPath(team.name), team.name, sources, project, [project]);
    for (const set of renderApplicationSets(fleet, team)) add(applicationSetPath(set.metadata.name), team.name, sources, set, [set]);
  }
  const namespaces = namespacesByEnvironment(fleet);
  const namespacesSet = renderNamespacesApplicationSet(fleet, namespaces.keys());
  if (namespacesSet) add(applicationSetPath(namespacesSet.metadata.name), null, ['fleet.yaml', 'clusters/*.yaml'], namespacesSet, [namespacesSet]);
  for (const [env, list] of namespaces) {
    const dir = namespacesPath(env);
    const sources = ['fleet.yaml', 'apps/*.yaml'];
    const nsObjects = list.map(renderNamespace);
    add(resourcesPath(dir), null, sources, nsObjects, []);
    add(kustomizationPath(dir), null, sources, { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [RESOURCES_FILE] }, []);
    rendered.set(dir, nsObjects);
  }
  return { files, objects: files.flatMap((f) => f.objects), rendered };
}

/** The Argo CD files with their content, the Argo CD objects, and the Namespace objects (see argoCdFiles). */
export function emitArgoCd(fleet: FleetPlan): { files: GeneratedFile[]; objects: K8sObject[]; rendered: Map<string, K8sObject[]> } {
  const { files, objects, rendered } = argoCdFiles(fleet);
  return { files: files.map((f) => ({ path: f.path, content: f.text() })), objects, rendered };
}

export function sortFiles(files: GeneratedFile[]): GeneratedFile[] {
  return files.sort((a, b) => compareStrings(a.path, b.path));
}

/** The distinct `apiVersion/kind` keys of these objects: the schemas a check of them needs. */
export function kindsOf(...groups: Iterable<K8sObject[]>[]): Set<string> {
  const keys = new Set<string>();
  for (const group of groups) for (const objects of group) for (const o of objects) keys.add(`${o.apiVersion}/${o.kind}`);
  return keys;
}
