/**
 * Kustomize layout for one app (paths: model/paths.ts):
 *   base/<app>/                 the app as written: every object in resources.yaml, in a fixed order
 *   overlays/<env>/<app>/       what differs in an environment: JSON 6902 patches inline in the
 *                               kustomization, `$patch: delete` for objects it drops, and
 *                               resources.yaml for objects only it has
 *   overlays/<cluster>/<app>/   the same, only for clusters that really differ (on top of the env
 *                               overlay; a sibling, since kustomize refuses a base that contains its overlay)
 * Few files per folder: on a large fleet the number of files, not their bytes, is what costs
 * (README, "What is generated").
 */
import { LABEL } from '../model/names.ts';
import { type K8sObject, objectKey } from '../model/object.ts';
import { basePath, clusterOverlayPath, envOverlayPath, kustomizationPath, parentReference, RESOURCES_FILE, resourcesPath } from '../model/paths.ts';
import type { AppPlan, FleetView } from '../plan/model.ts';
import { renderAppVariants } from '../render/render-app.ts';
import type { GeneratedFile } from './files.ts';
import { header } from './header.ts';
import { diffToPatch, type PatchOp } from './json-patch.ts';
import { canonicalize, compareKeys, toYaml, toYamlDocuments } from './serialize.ts';

export interface AppOutput {
  files: GeneratedFile[];
  /** What each Argo CD source path renders to after kustomize (the preview's model). Keyed by path. */
  rendered: Map<string, K8sObject[]>;
}

/** One entry of a kustomization's `patches`: the patch text inline, and the object it applies to (JSON 6902 needs one). */
interface InlinePatch {
  patch: string;
  target?: Record<string, string>;
}

export function emitApp(fleet: FleetView, app: AppPlan): AppOutput {
  const files: GeneratedFile[] = [];
  const rendered = new Map<string, K8sObject[]>();
  const head = header([app.source]);
  const variants = renderAppVariants(fleet, app);
  const baseObjects = variants.base;
  const baseDir = basePath(app.name);
  const baseResources: string[] = [];
  if (baseObjects.length > 0) {
    files.push({ path: resourcesPath(baseDir), content: head + toYamlDocuments(baseObjects) });
    baseResources.push(RESOURCES_FILE);
  }
  files.push({ path: kustomizationPath(baseDir), content: head + toYaml(kustomization(baseResources, [], [])) });

  for (const env of app.envVariants.keys()) {
    const dir = envOverlayPath(env, app.name);
    const objects = variants.environments.get(env)!;
    const envLabel = { [LABEL.environment]: env };
    const unchangedFromBase = new Set<string>();
    files.push(...overlayFiles(dir, baseDir, baseObjects, objects, envLabel, head, unchangedFromBase));
    const labeled = withLabelsSharing(objects, envLabel, baseObjects, unchangedFromBase);
    rendered.set(dir, labeled);
    for (const [cluster, cv] of app.clusterVariants) {
      if (cv.environment !== env) continue;
      const cdir = clusterOverlayPath(cluster, app.name);
      const cobjects = variants.clusters.get(cluster)!;
      const unchanged = new Set<string>();
      files.push(...overlayFiles(cdir, dir, objects, cobjects, envLabel, header([app.source, `clusters/${cluster}.yaml`]), unchanged));
      rendered.set(cdir, withLabelsSharing(cobjects, envLabel, labeled, unchanged));
    }
  }
  return { files, rendered };
}

/**
 * An overlay of `parentDir`: a patch per changed object, a delete patch per object
 * it drops, and its own objects in one resources file. `unchanged` collects the
 * keys of objects equal to their parent's (no patch).
 */
function overlayFiles(
  dir: string,
  parentDir: string,
  from: K8sObject[],
  to: K8sObject[],
  labels: Record<string, string>,
  head: string,
  unchanged: Set<string>,
): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const before = new Map(from.map((o) => [objectKey(o), o]));
  const after = new Map(to.map((o) => [objectKey(o), o]));
  const added: K8sObject[] = [];
  const patches: InlinePatch[] = [];
  for (const [key, o] of after) {
    const old = before.get(key);
    if (!old) {
      added.push(o);
      continue;
    }
    const ops = diffToPatch(old, o);
    if (ops.length === 0) unchanged.add(key);
    else patches.push({ patch: patchText(ops), target: targetOf(o) });
  }
  for (const [key, o] of before) {
    if (after.has(key)) continue;
    const { apiVersion, kind, metadata } = o;
    const id = { name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}) };
    patches.push({ patch: toYaml({ apiVersion, kind, metadata: id, $patch: 'delete' }) });
  }
  const resources = [parentReference(dir, parentDir)];
  if (added.length > 0) {
    files.push({ path: resourcesPath(dir), content: head + toYamlDocuments(added) });
    resources.push(RESOURCES_FILE);
  }
  files.push({ path: kustomizationPath(dir), content: head + toYaml(kustomization(resources, patches, Object.keys(labels).length ? [labels] : [])) });
  return files;
}

/**
 * The patch as YAML, unless its text would end inside a block scalar that keeps its final
 * line break: kustomize trims inline patch text, which would drop that line break. That
 * rare patch is written as (indented) JSON instead, which kustomize reads alike.
 */
function patchText(ops: PatchOp[]): string {
  if (!endsWithLineBreak(ops)) return toYaml(ops);
  return `${JSON.stringify(canonicalize(ops), null, 2)}\n`;
}

/** Whether the last scalar written for this value (in canonical key order) is a string ending in a line break. */
function endsWithLineBreak(value: unknown): boolean {
  if (typeof value === 'string') return value.endsWith('\n');
  if (Array.isArray(value)) return value.length > 0 && endsWithLineBreak(value[value.length - 1]);
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  let last: string | undefined;
  for (const k of Object.keys(record)) if (record[k] !== undefined && (last === undefined || compareKeys(k, last) > 0)) last = k;
  return last !== undefined && endsWithLineBreak(record[last]);
}

function kustomization(resources: string[], patches: InlinePatch[], labels: Record<string, string>[]): Record<string, unknown> {
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
