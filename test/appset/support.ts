/** Helpers for ApplicationSet tests: build an ApplicationSet object and summarise what it generates. */

import { type AppSetEvaluation, generateApplications } from '../../generator/appset/generate-applications.ts';
import type { GeneratorEnv } from '../../generator/appset/generators/types.ts';
import type { K8sObject } from '../../generator/model/object.ts';

export function appSet(spec: Record<string, unknown>, name = 'test'): K8sObject {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name, namespace: 'argocd' }, spec };
}

export function evaluate(spec: Record<string, unknown>, env: GeneratorEnv = {}): AppSetEvaluation {
  return generateApplications(appSet(spec), env);
}

/** name → a few fields of each generated Application, sorted by name. */
export function summary(result: AppSetEvaluation, pick: (spec: Record<string, any>, app: K8sObject) => unknown): [string, unknown][] {
  return result.applications.map((a) => [a.metadata.name, pick(a.spec as Record<string, any>, a)] as [string, unknown]).sort(([x], [y]) => (x < y ? -1 : 1));
}
