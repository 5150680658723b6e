/**
 * Sync waves make Argo CD create what workloads depend on first, so a pod never
 * starts before its claim exists ("persistentvolumeclaims not found"). Objects whose CRD may
 * be installed in the same sync skip the dry run; objects that hold data
 * (model/stateful.ts) in protected apps are never pruned or deleted without confirmation.
 * A wave written on the object (a component's `syncWave`, a raw resource's own
 * annotation) wins over the default.
 */
import { ANNOTATION } from '../model/names.ts';
import { isCoreKind, type K8sObject } from '../model/object.ts';
import { routeKindOf } from '../model/route-kinds.ts';
import { holdsData } from '../model/stateful.ts';
import { workloadKindOf } from '../model/workload-kinds.ts';

/** Waves of the other kinds Flotilla generates; workload kinds take theirs from model/workload-kinds.ts. */
const WAVE: Record<string, number> = {
  ServiceAccount: -2,
  Role: -2,
  RoleBinding: -2,
  ClusterRole: -2,
  ClusterRoleBinding: -2,
  ConfigMap: -1,
  ExternalSecret: -1,
  SealedSecret: -1,
  PersistentVolumeClaim: -1,
  NetworkPolicy: -1,
  Certificate: -1,
  Middleware: -1,
  Service: 0,
  HorizontalPodAutoscaler: 1,
  PodDisruptionBudget: 1,
  ServiceMonitor: 1,
  PrometheusRule: 1,
};
/** Routes (every kind of model/route-kinds.ts) after the workloads and Services they send to. */
const ROUTE_WAVE = 1;
/** Operator-managed objects (a CNPG Cluster) come before the workloads that use them. */
const DEFAULT_RAW_WAVE = -1;

export function annotateForSync(o: K8sObject, protectedApp: boolean): void {
  const options: string[] = [];
  if (!isCoreKind(o.apiVersion)) options.push('SkipDryRunOnMissingResource=true');
  if (protectedApp && holdsData(o)) options.push('Prune=confirm', 'Delete=confirm');
  const annotations: Record<string, string> = {
    ...(o.metadata.annotations ?? {}),
    [ANNOTATION.syncWave]: o.metadata.annotations?.[ANNOTATION.syncWave] ?? String(waveOf(o)),
  };
  if (options.length) annotations[ANNOTATION.syncOptions] = options.join(',');
  o.metadata.annotations = annotations;
}

function waveOf(o: K8sObject): number {
  if (routeKindOf(o)) return ROUTE_WAVE;
  return workloadKindOf(o)?.wave ?? (Object.hasOwn(WAVE, o.kind) ? WAVE[o.kind]! : DEFAULT_RAW_WAVE);
}
