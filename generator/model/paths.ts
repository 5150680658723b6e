/**
 * Where each generated thing lives in the fleet repository. Every stage that
 * writes, reads or links output (emit, the Argo CD renderer, preview, deliver)
 * asks here, so the layout is decided in one place.
 *
 * The layout (README, "What is generated"): one folder per app per layer, and
 * in each folder as few files as kustomize and Argo CD allow —
 *   base/<app>/kustomization.yaml + resources.yaml      the app as written, every object in one file
 *   overlays/<env>/<app>/kustomization.yaml              patches inline; + resources.yaml for objects only it has
 *   overlays/<cluster>/<app>/kustomization.yaml          the same, for clusters that really differ
 *   overlays/<env or cluster>/<app>/<chart>.values.yaml  chart values (Argo CD reads them as files)
 *   argocd/bootstrap.yaml, projects/<team>.yaml, applicationsets/<set>.yaml
 *   argocd/namespaces/<env>/kustomization.yaml + resources.yaml   the apps' Namespaces, applied by the platform project
 */
import { posix } from 'node:path';
import { ARGOCD_DIR, BASE_DIR, OVERLAYS_DIR } from './names.ts';

export const KUSTOMIZATION_FILE = 'kustomization.yaml';
export const RESOURCES_FILE = 'resources.yaml';

export function basePath(app: string): string {
  return `${BASE_DIR}/${app}`;
}

export function envOverlayPath(env: string, app: string): string {
  return `${OVERLAYS_DIR}/${env}/${app}`;
}

/** A sibling of the environment overlays: kustomize refuses a base that contains its own overlay. */
export function clusterOverlayPath(cluster: string, app: string): string {
  return `${OVERLAYS_DIR}/${cluster}/${app}`;
}

/** The overlay folder's scope (an environment or a cluster) and app, or undefined for any other path. */
export function overlayOf(path: string): { scope: string; app: string } | undefined {
  const parts = path.split('/');
  return parts.length === 3 && parts[0] === OVERLAYS_DIR ? { scope: parts[1], app: parts[2] } : undefined;
}

export function kustomizationPath(dir: string): string {
  return `${dir}/${KUSTOMIZATION_FILE}`;
}

/** The objects of a base, or the objects only an overlay has, as one multi-document file. */
export function resourcesPath(dir: string): string {
  return `${dir}/${RESOURCES_FILE}`;
}

export function chartValuesPath(overlayDir: string, chart: string): string {
  return `${overlayDir}/${chart}.values.yaml`;
}

/** How a kustomization in `dir` refers to the kustomization it builds on. */
export function parentReference(dir: string, parentDir: string): string {
  return posix.relative(dir, parentDir);
}

export const BOOTSTRAP_PATH = `${ARGOCD_DIR}/bootstrap.yaml`;

export function appProjectPath(team: string): string {
  return `${ARGOCD_DIR}/projects/${team}.yaml`;
}

export function applicationSetPath(name: string): string {
  return `${ARGOCD_DIR}/applicationsets/${name}.yaml`;
}

/** The Namespace objects of an environment, deployed by the platform project (render/argocd/namespaces.ts). */
export function namespacesPath(env: string): string {
  return `${ARGOCD_DIR}/namespaces/${env}`;
}
