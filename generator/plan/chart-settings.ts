/**
 * Platform settings a chart needs must reach its values: a cluster whose
 * storage class is gp3-encrypted must not get chart volumes on the default
 * class. For charts known to take a setting (a table by repository), the plan
 * writes it into the values unless the values already set one; for other
 * charts that look like they create volumes, the plan warns.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { AppBodySpec } from '../validate/schema/app.ts';
import type { ResolvedSettings } from './model.ts';

export interface ChartStorageClass {
  /** Chart repositories of the family. */
  repo: RegExp;
  /** Where its charts read the storage class of every volume they create. */
  path: readonly string[];
  family: string;
}

/**
 * Bitnami's common library reads global.storageClass before each volume's own
 * persistence.storageClass (and, since 2024, global.defaultStorageClass after it),
 * so global.storageClass reaches every volume in old and new chart versions alike.
 */
export const CHART_STORAGE_CLASS: readonly ChartStorageClass[] = [
  { repo: /^(oci:\/\/registry-1\.docker\.io\/bitnamicharts|https:\/\/charts\.bitnami\.com\/bitnami)\/?$/, path: ['global', 'storageClass'], family: 'Bitnami' },
];

const SETS_STORAGE_CLASS = /^(storageClass|storageClassName|defaultStorageClass)$/;
const MAKES_VOLUMES = /^(persistence|volumeClaimTemplates?|pvc|storage)$/i;

export function withChartSettings(body: AppBodySpec, settings: ResolvedSettings): AppBodySpec {
  const storageClass = settings.storageClass;
  if (!storageClass || !body.charts) return body;
  let charts: AppBodySpec['charts'] | undefined;
  for (const [name, spec] of Object.entries(body.charts)) {
    const known = CHART_STORAGE_CLASS.find((k) => k.repo.test(spec.repo));
    if (!known || hasKey(spec.values, SETS_STORAGE_CLASS)) continue;
    charts ??= { ...body.charts };
    charts[name] = { ...spec, values: withValue(spec.values, known.path, storageClass) };
  }
  return charts ? { ...body, charts } : body;
}

/** Does a variant read the storage class through its charts? Then a cluster with another class differs. */
export function chartsTakeStorageClass(body: AppBodySpec): boolean {
  return Object.values(body.charts ?? {}).some((c) => CHART_STORAGE_CLASS.some((k) => k.repo.test(c.repo)) && !hasKey(c.values, SETS_STORAGE_CLASS));
}

/** Charts of unknown families that seem to create volumes without a storage class, where one is set. */
export function unreachedStorageClass(
  body: AppBodySpec,
  settings: ResolvedSettings,
  locate: (path: (string | number)[]) => Omit<Diagnostic, 'message' | 'severity' | 'hint'>,
): Diagnostic[] {
  if (!settings.storageClass) return [];
  return Object.entries(body.charts ?? {})
    .filter(([, c]) => !CHART_STORAGE_CLASS.some((k) => k.repo.test(c.repo)) && hasKey(c.values, MAKES_VOLUMES) && !hasKey(c.values, SETS_STORAGE_CLASS))
    .map(([name]) => ({
      ...locate(['charts', name, 'values']),
      message: `the storage class ${settings.storageClass} does not reach chart ${name}: its values set persistence but no storage class, so its volumes get the cluster's default class`,
      hint: "Set the chart's storage class value (often persistence.storageClass or global.storageClass).",
      severity: 'warning' as const,
    }));
}

function hasKey(value: unknown, key: RegExp): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKey(v, key));
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => key.test(k) || hasKey(v, key));
}

function withValue(values: Record<string, unknown>, path: readonly string[], value: string): Record<string, unknown> {
  const [head, ...rest] = path;
  const current = values[head!];
  const next =
    rest.length === 0
      ? value
      : withValue(current && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : {}, rest, value);
  return { ...values, [head!]: next };
}
