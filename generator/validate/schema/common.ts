/** Building blocks shared by the app, cluster and fleet schemas. */
import { z } from 'zod';
import { dictOf } from './dict.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes object or Flotilla name: DNS-1123 label, so it is also safe as a path segment. */
export const Name = z
  .string()
  .min(1, { message: 'expected a non-empty name' })
  .max(63, { message: 'expected at most 63 characters (a DNS-1123 label)' })
  .regex(DNS1123_LABEL, {
    message: 'expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
  });

/** Names of ConfigMap keys / env vars may contain more characters but never path separators. */
export const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, { message: 'expected an environment variable name like DATABASE_URL' });
export const ConfigKey = z
  .string()
  .regex(/^[-._a-zA-Z0-9]+$/, { message: 'expected a ConfigMap key: letters, digits, "-", "_" and "."' })
  .refine((k) => k !== '.' && k !== '..', { message: 'expected a file name, not "." or ".."' });

export const Port = z
  .number({ message: 'expected a port number from 1 to 65535' })
  .int({ message: 'expected a whole port number from 1 to 65535' })
  .min(1, { message: 'expected a port from 1 to 65535' })
  .max(65535, { message: 'expected a port from 1 to 65535' });

/** A port as written: a number (TCP), or `{ port, protocol }` for UDP and SCTP. */
export function portWithProtocol(what: string, example: string) {
  return z
    .union([
      Port.describe(`${what} (TCP). Example: \`${example}\`.`),
      z
        .strictObject({
          port: Port.describe(`${what}. Example: \`3478\`.`),
          protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP').describe('Its protocol. Default: `TCP`. Example: `UDP`.'),
        })
        .describe('A port with its protocol. Example: `{ port: 3478, protocol: UDP }`.'),
    ])
    .describe(`${what}: a number (TCP), or \`{ port, protocol }\`. Example: \`${example}\` or \`{ port: 3478, protocol: UDP }\`.`);
}

export const Quantity = z
  .union([z.string().describe('A quantity with its unit. Example: `256Mi` or `100m`.'), z.number().describe('A plain number. Example: `0.5`.')])
  .refine((q) => typeof q === 'number' || /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.test(q), {
    message: 'expected a Kubernetes quantity such as 100m, 0.5, 256Mi or 10Gi',
  })
  .transform((q) => String(q));

export const Duration = z.string().regex(/^([0-9]+(ms|s|m|h))+$/, { message: 'expected a duration such as 30s, 5m or 1h' });

/**
 * A repository URL or API server that becomes an Argo CD sourceRepos or destination
 * entry: Argo CD reads * ? [ ] { } ! there as glob patterns, so one such character
 * would let a team deploy from any repository or to any cluster.
 */
export function exactUrl(prefix: RegExp, example: string) {
  return z
    .string()
    .regex(prefix, { message: `expected a URL such as ${example}` })
    .regex(/^[^\s*?[\]{}!]+$/, {
      message: `expected an exact URL such as ${example}, without wildcards (Argo CD would read them as a pattern matching any repository or cluster)`,
    });
}

/** A reason for a security opt-out: a reviewer must be able to read why. */
export const Reason = z.string().min(12, { message: 'expected a reason of at least 12 characters explaining why this is needed' });

export const LabelValue = z
  .string()
  .max(63, { message: 'expected a label value of at most 63 characters' })
  .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, { message: 'expected a label value (letters, digits, "-", "_", "."; at most 63)' });

export const Labels = dictOf(
  z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, { message: 'expected a label key' }),
  LabelValue.describe('A label value: letters, digits, "-", "_", "."; at most 63 characters. Example: `gold`.'),
);

/**
 * A git branch, tag or commit as `git check-ref-format` accepts it (no spaces,
 * no ~^:?*[\\, no "..", "@{", "//", no leading "-", "/" or ".", no trailing
 * "/" or ".", no ".lock" suffix), and without { }: it is written into
 * ApplicationSet templates, where Argo CD would read {{ }} as a template.
 */
export const GitRevision = z
  .string()
  .min(1, { message: 'expected a branch, tag or commit' })
  .regex(/^(?![-/.])(?!.*(\.\.|@\{|\/\/|\/\.|\.lock$|[/.]$))[^\x00-\x20\x7f~^:?*[\\{}]+$/, {
    message: 'expected a branch, tag or commit such as main, v1.4.0 or a commit SHA (git ref rules; no spaces, { } or ~^:?*[\\)',
  });

/** A Helm chart name (an OCI repository may add path segments): written into ApplicationSets, so nothing a template would read. */
export const ChartName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/, {
  message: 'expected a chart name such as redis (letters, digits, ".", "_", "-"; "/" between path segments)',
});

export const Image = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._\-/:@]*$/, { message: 'expected an image reference such as nginx:1.27 or ghcr.io/org/app@sha256:…' });

/** Strings that look like placeholders for a secret value; Flotilla refuses them anywhere a value goes to Git. */
export const PLACEHOLDER = /^(changeme|change[-_ ]?me|replace[-_ ]?me|todo|tbd|xxx+|secret|password|<.*>|\$\{.*\}|your[-_].*)$/i;

/**
 * A refinement for "set exactly one of these fields" (each group is one choice;
 * `[['component', 'app'], ['cidr']]` accepts component or app, or cidr). Its
 * `params.oneOf` lets zod-errors say which fields were found and point at the extra one.
 */
export function exactlyOneOf(groups: readonly (readonly string[])[], note = '') {
  const names = groups.map((g) => g.join('/'));
  const list = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  const check = (value: object) => groups.filter((g) => g.some((k) => (value as Record<string, unknown>)[k] !== undefined)).length === 1;
  return [check, { message: `expected exactly one of ${list}${note}`, params: { oneOf: groups } }] as const;
}
