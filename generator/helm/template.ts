/**
 * `helm template` with the arguments Argo CD's repo server passes (3.x,
 * util/helm/cmd.go): the chart, `--name-template <release>`, `--namespace`,
 * `--kube-version`, one `--values` per values file in order, `--api-versions`
 * per API version, `--include-crds` unless skipCrds, then
 * `--skip-schema-validation` and `--skip-tests` when asked. The output is read
 * as Argo CD reads it: YAML 1.1 documents, empty ones dropped, `List`s
 * flattened.
 */
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from '../model/object.ts';
import { ChartError } from './chart-error.ts';

export interface TemplateInputs {
  releaseName: string;
  namespace: string;
  /** Already resolved: "1.33.0". */
  kubeVersion?: string;
  apiVersions: readonly string[];
  /** Values files in Argo CD's order; `name` is how people know it (a path in the fleet repo). */
  values: readonly { name: string; content: string }[];
  includeCrds: boolean;
  skipTests: boolean;
  skipSchemaValidation: boolean;
}

export function templateArgs(chartArchive: string, inputs: TemplateInputs, valueFiles: readonly string[]): string[] {
  const args = ['template', chartArchive, '--name-template', inputs.releaseName];
  if (inputs.namespace) args.push('--namespace', inputs.namespace);
  if (inputs.kubeVersion) args.push('--kube-version', inputs.kubeVersion);
  for (const file of valueFiles) args.push('--values', file);
  for (const v of inputs.apiVersions) args.push('--api-versions', v);
  if (inputs.includeCrds) args.push('--include-crds');
  if (inputs.skipSchemaValidation) args.push('--skip-schema-validation');
  if (inputs.skipTests) args.push('--skip-tests');
  return args;
}

/** The objects of `helm template` output, in order. */
export function parseTemplateOutput(text: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1', uniqueKeys: false })) {
    if (doc.errors.length) throw new ChartError('template', `helm printed YAML that does not parse: ${doc.errors[0]!.message.split('\n')[0]}`);
    const value = doc.toJS({ maxAliasCount: -1 }) as unknown;
    if (value === null || value === undefined) continue;
    if (!isObject(value)) throw new ChartError('template', `helm printed a document that is not a Kubernetes object: ${JSON.stringify(value).slice(0, 120)}`);
    // As Argo CD: anything with an `items` list is a list, and its items are the objects.
    for (const item of Array.isArray(value.items) ? value.items : [value]) {
      if (
        !isObject(item) ||
        typeof item.apiVersion !== 'string' ||
        typeof item.kind !== 'string' ||
        typeof (item.metadata as { name?: unknown })?.name !== 'string'
      )
        throw new ChartError('template', `helm printed a document without apiVersion, kind and metadata.name: ${JSON.stringify(item).slice(0, 120)}`);
      objects.push(item as K8sObject);
    }
  }
  return objects;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
