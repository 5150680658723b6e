/**
 * ConfigMaps (named with a content hash so pods roll when config changes),
 * secret references (ExternalSecret, SealedSecret; never a plain Secret),
 * PVCs and ServiceAccounts.
 */
import { createHash } from 'node:crypto';
import { dict } from '../model/dict.ts';
import { type K8sObject, sortedEntries } from '../model/object.ts';
import { appLabels, type RenderTarget } from './context.ts';

/** Text content is the string; a file that is not text was inlined as its bytes (validate/config-files.ts). */
type ConfigMapData = Record<string, string | { base64: string }>;

export function configMapHash(data: ConfigMapData): string {
  const canonical = JSON.stringify(
    Object.keys(data)
      .sort()
      .map((k) => [k, data[k]]),
  );
  return createHash('sha256').update(canonical).digest('hex').slice(0, 10);
}

/** Declared ConfigMap name → generated name with hash suffix. */
export function configMapNames(t: RenderTarget): Map<string, string> {
  return new Map(Object.entries(t.variant.body.configMaps ?? {}).map(([name, spec]) => [name, `${name}-${configMapHash(spec.data as ConfigMapData)}`]));
}

/** `data` for text, `binaryData` (base64) for bytes: Kubernetes keeps both exactly. */
function configMapContent(data: ConfigMapData): { data?: Record<string, string>; binaryData?: Record<string, string> } {
  const text = dict<string>();
  const binary = dict<string>();
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string') text[key] = value;
    else binary[key] = value.base64;
  }
  return { ...(Object.keys(text).length || !Object.keys(binary).length ? { data: text } : {}), ...(Object.keys(binary).length ? { binaryData: binary } : {}) };
}

export function renderConfigObjects(t: RenderTarget, names: Map<string, string>): K8sObject[] {
  const b = t.variant.body;
  const ns = t.app.namespace;
  const labels = appLabels(t.app);
  const out: K8sObject[] = [];
  for (const [name, spec] of Object.entries(b.configMaps ?? {})) {
    out.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: names.get(name)!, namespace: ns, labels },
      ...configMapContent(spec.data as ConfigMapData),
    });
  }
  for (const [name, spec] of Object.entries(b.secrets ?? {})) {
    if (spec.externalSecret) {
      const es = spec.externalSecret;
      out.push({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name, namespace: ns, labels },
        spec: {
          refreshInterval: es.refreshInterval,
          secretStoreRef: { name: es.store, kind: es.storeKind },
          target: { name, creationPolicy: 'Owner', template: { type: spec.type } },
          data: sortedEntries(es.data).map(([secretKey, ref]) => ({
            secretKey,
            remoteRef: { key: ref.key, ...(ref.property ? { property: ref.property } : {}) },
          })),
        },
      });
    } else if (spec.sealed) {
      out.push({
        apiVersion: 'bitnami.com/v1alpha1',
        kind: 'SealedSecret',
        metadata: { name, namespace: ns, labels },
        spec: { encryptedData: spec.sealed.encryptedData, template: { metadata: { name, namespace: ns }, type: spec.type } },
      });
    }
  }
  for (const [name, spec] of Object.entries(b.pvcs ?? {})) {
    const storageClassName = spec.storageClass ?? t.variant.settings.storageClass;
    out.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: ns, labels },
      spec: { accessModes: [spec.accessMode], ...(storageClassName ? { storageClassName } : {}), resources: { requests: { storage: spec.size } } },
    });
  }
  for (const [name, spec] of Object.entries(b.serviceAccounts ?? {})) {
    out.push({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: ns, labels },
      automountServiceAccountToken: spec.automountToken,
      ...(spec.imagePullSecrets ? { imagePullSecrets: spec.imagePullSecrets.map((s) => ({ name: s })) } : {}),
    });
  }
  return out;
}
