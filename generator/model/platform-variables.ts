/**
 * Platform settings inside ConfigMap contents and raw resources: `${flotilla.baseDomain}`
 * is replaced, per environment and cluster, by that setting's value. The syntax
 * cannot be read as anything else: `${name.with.dots}` is no shell or Docker
 * variable, and no `{{ }}` is involved, so nothing a user writes becomes a
 * template that Argo CD (or helm) would evaluate. An unknown name is an error.
 */

export const PLATFORM_VARIABLES = {
  app: 'the app name (its name on the clusters)',
  namespace: 'the app namespace',
  environment: 'the environment name',
  cluster: 'the cluster name (every cluster then gets its own overlay)',
  region: 'the cluster region (every cluster then gets its own overlay)',
  baseDomain: 'the base domain of the environment or cluster',
  storageClass: 'the storage class of the environment or cluster ("" when none is set)',
  issuer: 'the cert-manager ClusterIssuer of the environment',
  ingressClass: 'the ingress class ("" when none is set)',
} as const;

export type PlatformVariable = keyof typeof PLATFORM_VARIABLES;

/** Variables that differ per cluster of one environment. */
export const PER_CLUSTER: readonly PlatformVariable[] = ['cluster', 'region'];

const REFERENCE = /\$\{flotilla\.([^}\s]*)\}/g;

export function isPlatformVariable(name: string): name is PlatformVariable {
  return Object.hasOwn(PLATFORM_VARIABLES, name);
}

const OPENING = '${flotilla.';

export interface VariableReference {
  name: string;
  /** Offset of its `${` in the text. */
  offset: number;
  /** The reference as written, `${flotilla.<name>}`. */
  text: string;
  /** `${flotilla.` without a name and closing `}` (a space, a line break or the end came first): never replaced. */
  malformed?: true;
}

/** Every `${flotilla.<name>}` in the text, with its offset, and every `${flotilla.` that does not form one. */
export function variableReferences(text: string): VariableReference[] {
  if (!text.includes(OPENING)) return [];
  const refs: VariableReference[] = [...text.matchAll(REFERENCE)].map((m) => ({ name: m[1]!, offset: m.index!, text: m[0] }));
  const found = new Set(refs.map((r) => r.offset));
  for (let at = text.indexOf(OPENING); at >= 0; at = text.indexOf(OPENING, at + 1))
    if (!found.has(at)) refs.push({ name: '', offset: at, text: OPENING, malformed: true });
  return refs.sort((a, b) => a.offset - b.offset);
}

/** The text with every known variable replaced (unknown ones are refused at validation). */
export function substituteVariables(text: string, values: Readonly<Record<PlatformVariable, string>>): string {
  if (!text.includes('${flotilla.')) return text;
  return text.replace(REFERENCE, (whole, name: string) => (isPlatformVariable(name) ? values[name] : whole));
}

/** Applies substituteVariables to every string of a JSON-like tree; returns the same tree when nothing changes. */
export function substituteInTree<T>(value: T, values: Readonly<Record<PlatformVariable, string>>): T {
  if (typeof value === 'string') return substituteVariables(value, values) as T;
  if (Array.isArray(value)) {
    const items = value.map((v) => substituteInTree(v, values));
    return (items.some((v, i) => v !== value[i]) ? items : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const s = substituteInTree(v, values);
      if (s !== v) {
        out ??= Object.assign(Object.create(Object.getPrototypeOf(value)), value) as Record<string, unknown>;
        out[k] = s;
      }
    }
    return (out ?? value) as T;
  }
  return value;
}

/** Does any string of the tree name a per-cluster variable? */
export function usesPerClusterVariable(value: unknown): boolean {
  if (typeof value === 'string') return variableReferences(value).some((r) => (PER_CLUSTER as readonly string[]).includes(r.name));
  if (Array.isArray(value)) return value.some(usesPerClusterVariable);
  if (value !== null && typeof value === 'object') return Object.values(value).some(usesPerClusterVariable);
  return false;
}
