/**
 * Kustomize layout for one app:
 *   base/<app>/                           the app as written, one file per object
 *   overlays/<env>/<app>/                 what differs in an environment, as patches
 *   overlays/<cluster>/<app>/             only for clusters that really differ (on top of the env overlay;
 *                                         a sibling, since kustomize refuses a base that contains its overlay)
 * Each overlay holds JSON 6902 patches (changed objects), whole files (objects
 * only that overlay has) and `$patch: delete` (objects it drops).
 */
import { LABEL } from '../model/names.ts';
import { type K8sObject, objectKey } from '../model/object.ts';
import { basePath, clusterOverlayPath, envOverlayPath, objectFileName } from '../model/paths.ts';
import type { AppPlan, FleetPlan } from '../plan/model.ts';
import { renderApp } from '../render/render-app.ts';
import type { GeneratedFile } from './files.ts';
import { header } from './header.ts';
import { diffToPatch } from './json-patch.ts';
import { toYaml } from './serialize.ts';

export interface AppOutput {
  files: GeneratedFile[];
  /** What each Argo CD source path renders to after kustomize (the preview's model). Keyed by path. */
  rendered: Map<string, K8sObject[]>;
}

export function emitApp(fleet: FleetPlan, app: AppPlan): AppOutput {
  const files: GeneratedFile[] = [];
  const rendered = new Map<string, K8sObject[]>();
  const head = header([app.source]);
  const baseObjects = renderApp(fleet, app, app.base);
  const baseDir = basePath(app.name);
  for (const o of baseObjects) files.push({ path: `${baseDir}/${objectFileName(o)}`, content: head + toYaml(o) });
  files.push({ path: `${baseDir}/kustomization.yaml`, content: head + toYaml(kustomization(baseObjects.map(objectFileName), [], [])) });

  for (const [env, variant] of app.envVariants) {
    const dir = envOverlayPath(env, app.name);
    const objects = renderApp(fleet, app, variant);
    const envLabel = { [LABEL.environment]: env };
    const unchangedFromBase = new Set<string>();
    files.push(...overlayFiles(dir, `../../../base/${app.name}`, baseObjects, objects, envLabel, head, unchangedFromBase));
    const labeled = withLabelsSharing(objects, envLabel, baseObjects, unchangedFromBase);
    rendered.set(dir, labeled);
    for (const [cluster, cv] of app.clusterVariants) {
      if (cv.environment !== env) continue;
      const cdir = clusterOverlayPath(cluster, app.name);
      const cobjects = renderApp(fleet, app, cv);
      const unchanged = new Set<string>();
      files.push(...overlayFiles(cdir, `../../${env}/${app.name}`, objects, cobjects, envLabel, header([app.source, `clusters/${cluster}.yaml`]), unchanged));
      rendered.set(cdir, withLabelsSharing(cobjects, envLabel, labeled, unchanged));
    }
  }
  return { files, rendered };
}

/** `unchanged` collects the keys of objects equal to their parent's (no patch). */
function overlayFiles(
  dir: string,
  parent: string,
  from: K8sObject[],
  to: K8sObject[],
  labels: Record<string, string>,
  head: string,
  unchanged?: Set<string>,
): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const before = new Map(from.map((o) => [objectKey(o), o]));
  const after = new Map(to.map((o) => [objectKey(o), o]));
  const resources = [parent];
  const patches: { path: string; target?: Record<string, string> }[] = [];
  for (const [key, o] of after) {
    const old = before.get(key);
    if (!old) {
      files.push({ path: `${dir}/${objectFileName(o)}`, content: head + toYaml(o) });
      resources.push(objectFileName(o));
      continue;
    }
    const ops = diffToPatch(old, o);
    if (ops.length === 0) {
      unchanged?.add(key);
      continue;
    }
    const file = `patches/${objectFileName(o)}`;
    files.push({ path: `${dir}/${file}`, content: head + toYaml(ops) });
    patches.push({ path: file, target: targetOf(o) });
  }
  for (const [key, o] of before) {
    if (after.has(key)) continue;
    const file = `patches/delete-${objectFileName(o)}`;
    files.push({
      path: `${dir}/${file}`,
      content:
        head +
        toYaml({
          apiVersion: o.apiVersion,
          kind: o.kind,
          metadata: { name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) },
          $patch: 'delete',
        }),
    });
    patches.push({ path: file });
  }
  files.push({ path: `${dir}/kustomization.yaml`, content: head + toYaml(kustomization(resources, patches, Object.keys(labels).length ? [labels] : [])) });
  return files;
}

function kustomization(
  resources: string[],
  patches: { path: string; target?: Record<string, string> }[],
  labels: Record<string, string>[],
): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    ...(patches.length ? { patches } : {}),
    // Metadata labels only: selectors are immutable, and pod templates would roll every pod.
    ...(labels.length ? { labels: labels.map((pairs) => ({ pairs, includeSelectors: false, includeTemplates: false })) } : {}),
  };
}

function targetOf(o: K8sObject): Record<string, string> {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return { ...(group ? { group } : {}), version, kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) };
}

/**
 * withLabels for an overlay whose objects are partly its parent's (the base, or
 * the environment overlay): an object equal to the parent's (no patch) is the
 * parent's object itself if it already carries the labels, else a labeled copy
 * sharing its subtrees. Large fleets then keep far fewer objects, and the schema
 * cache's comparison of such copies (schema-cache.ts) is nearly free.
 */
function withLabelsSharing(objects: K8sObject[], labels: Record<string, string>, parent: K8sObject[], unchanged: Set<string>): K8sObject[] {
  if (unchanged.size === 0) return withLabels(objects, labels);
  const parentByKey = new Map(parent.map((o) => [objectKey(o), o]));
  return objects.map((o) => {
    const shared = unchanged.has(objectKey(o)) ? parentByKey.get(objectKey(o))! : undefined;
    if (shared && Object.entries(labels).every(([k, v]) => shared.metadata.labels?.[k] === v)) return shared;
    return withLabels([shared ?? o], labels)[0];
  });
}

/** The kustomize `labels` transformer as the overlay configures it: metadata.labels of every object. */
export function withLabels(objects: K8sObject[], labels: Record<string, string>): K8sObject[] {
  if (Object.keys(labels).length === 0) return objects;
  return objects.map((o) => ({ ...o, metadata: { ...o.metadata, labels: { ...(o.metadata.labels ?? {}), ...labels } } }));
}
