/**
 * Limits Kubernetes puts on names, checked on the names Flotilla derives
 * (`<app>-<component>` can reach 127 characters): a Service name is a DNS-1035
 * label (63, starting with a letter); a StatefulSet or CronJob name must leave
 * room for what its controller appends inside a 63-character label; label
 * values hold 63; a Helm release name holds 53. Other names are DNS-1123
 * subdomains (253). The kinds are a table: new workload kinds add a line.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { K8sObject } from '../model/object.ts';
import type { FleetPlan } from '../plan/model.ts';
import { chartReleaseName } from '../render/context.ts';
import { configPathOf, type ObjectOrigin } from './check-objects.ts';

interface NameLimit {
  max: number;
  /** DNS-1035 labels start with a letter; DNS-1123 names may start with a digit. */
  startsWithLetter?: boolean;
  why: string;
}

export const NAME_LIMITS: Record<string, NameLimit> = {
  Service: { max: 63, startsWithLetter: true, why: 'a Service name is a DNS-1035 label (at most 63 characters, starting with a letter)' },
  StatefulSet: {
    max: 52,
    why: 'its pods carry the label controller-revision-hash: <name>-<10 characters>, and a label value holds at most 63 characters',
  },
  CronJob: { max: 52, why: 'the Jobs it creates are named <name>-<11 characters>, and a Job name must fit in a 63-character label' },
  Job: { max: 63, why: 'its pods carry the name in the job-name label, and a label value holds at most 63 characters' },
  Namespace: { max: 63, why: 'a namespace name is a DNS-1123 label' },
};
const DEFAULT_LIMIT: NameLimit = { max: 253, why: 'an object name is a DNS-1123 subdomain (at most 253 characters)' };
const LABEL_VALUE_MAX = 63;
const RELEASE_NAME_MAX = 53;

export function checkNameLimits(objects: K8sObject[], origin: ObjectOrigin): Diagnostic[] {
  const out: Diagnostic[] = [];
  const fail = (field: readonly (string | number)[], message: string, hint: string) => out.push({ ...origin.locate(field), message, hint, severity: 'error' });
  for (const o of objects) {
    const name = o.metadata.name;
    const limit = NAME_LIMITS[o.kind] ?? DEFAULT_LIMIT;
    // A raw resource is located at its own entry; a generated object at what declared it.
    const written = origin.resourceIndex(o);
    const field = written === undefined ? configPathOf(o) : ['resources', written, 'metadata', 'name'];
    const tooLong = name.length > limit.max;
    if (tooLong || (limit.startsWithLetter && !/^[a-z]/.test(name)))
      fail(
        field,
        `${o.kind} name "${name}" ${tooLong ? `is ${name.length} characters, more than ${limit.max}` : 'starts with a digit'}: ${limit.why}`,
        o.kind === 'Service' ? 'Shorten the app or component name, or set service.name.' : 'Shorten the app or component name.',
      );
    for (const [where, labels] of labelSets(o)) {
      for (const [key, value] of Object.entries(labels ?? {})) {
        if (value.length > LABEL_VALUE_MAX)
          fail(
            field,
            `${o.kind} ${name}: the ${where} label ${key} is ${value.length} characters, over the ${LABEL_VALUE_MAX} a label value holds`,
            'Shorten the value (label values hold at most 63 characters).',
          );
      }
    }
  }
  return out;
}

/** Helm refuses release names over 53 characters; a chart release is named <app>-<chart>. */
export function checkReleaseNames(fleet: FleetPlan): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const app of fleet.apps) {
    const charts = new Set([app.base, ...app.envVariants.values(), ...app.clusterVariants.values()].flatMap((v) => Object.keys(v.body.charts ?? {})));
    for (const chart of [...charts].sort()) {
      const release = chartReleaseName(app.applicationId, chart);
      if (release.length > RELEASE_NAME_MAX)
        out.push({
          ...app.locate(['charts', chart]),
          message: `Helm release name "${release}" is ${release.length} characters; Helm allows at most ${RELEASE_NAME_MAX}`,
          hint: 'Shorten the app or chart name (the release is <app>-<chart>, or just the chart name when it equals the app name).',
          severity: 'error',
        });
    }
  }
  return out;
}

function labelSets(o: K8sObject): [string, Record<string, string> | undefined][] {
  const spec = o.spec as
    | {
        template?: { metadata?: { labels?: Record<string, string> } };
        jobTemplate?: { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } };
      }
    | undefined;
  return [
    ['object', o.metadata.labels],
    ['pod', spec?.template?.metadata?.labels ?? spec?.jobTemplate?.spec?.template?.metadata?.labels],
  ];
}
