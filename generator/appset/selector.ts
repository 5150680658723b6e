/**
 * Kubernetes label selectors (matchLabels + matchExpressions) as the
 * ApplicationSet controller applies them: to cluster Secret labels in the
 * cluster generator (metav1.LabelSelectorAsSelector, label values checked) and
 * to flattened parameters in a generator's `selector` (Argo CD's copy of it,
 * without limits on values, so a selector can match a URL). A selector is
 * checked before anything is generated: a bad one is an error even when
 * nothing would be filtered.
 */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export type Selector = (labels: Record<string, string>) => boolean;

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);
const QUALIFIED_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function isEmptySelector(s: LabelSelector | undefined): boolean {
  return !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);
}

/** The selector as a predicate; throws what LabelSelectorAsSelector returns for an invalid one. */
export function compileSelector(selector: LabelSelector | undefined, options: { checkValues: boolean; operatorWord: 'pod' | 'label' }): Selector {
  if (isEmptySelector(selector)) return () => true;
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) requirements.push(requirement(key, 'In', [value], options.checkValues));
  for (const e of selector?.matchExpressions ?? []) {
    if (!OPERATORS.has(e.operator)) throw new Error(`${JSON.stringify(e.operator)} is not a valid ${options.operatorWord} selector operator`);
    requirements.push(requirement(e.key, e.operator as Requirement['operator'], [...(e.values ?? [])], options.checkValues));
  }
  return (labels) => requirements.every((r) => matches(r, labels));
}

function requirement(key: string, operator: Requirement['operator'], values: string[], checkValues: boolean): Requirement {
  const problems: string[] = [];
  const keyProblem = qualifiedNameProblem(key);
  if (keyProblem) problems.push(`key: Invalid value: ${JSON.stringify(key)}: ${keyProblem}`);
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0)
    problems.push(`values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`);
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0)
    problems.push(`values: Invalid value: ${JSON.stringify(values)}: values set must be empty for exists and does not exist`);
  if (checkValues)
    values.forEach((v, i) => {
      if (v.length > 63 || !LABEL_VALUE.test(v))
        problems.push(
          `values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
        );
    });
  if (problems.length) throw new Error(problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`);
  return { key, operator, values };
}

/** validation.IsQualifiedName: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a qualified name must consist of alphanumeric characters, "-", "_" or ".", with an optional DNS subdomain prefix and "/"';
  const name = parts.at(-1)!;
  if (parts.length === 2 && (parts[0].length === 0 || parts[0].length > 253 || !DNS_SUBDOMAIN.test(parts[0])))
    return 'prefix part must be a DNS-1123 subdomain';
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(labels[r.key]);
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}
