/**
 * Where each generated thing lives in the fleet repository. Every stage that
 * writes, reads or links output (emit, the Argo CD renderer, preview, deliver)
 * asks here, so the layout is decided in one place.
 */
import { BASE_DIR, OVERLAYS_DIR } from './names.ts';

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

export function chartValuesPath(overlayDir: string, chart: string): string {
  return `${overlayDir}/${chart}.values.yaml`;
}

export function objectFileName(o: { kind: string; metadata: { name: string } }): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
}
