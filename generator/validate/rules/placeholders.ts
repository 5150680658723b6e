/**
 * Placeholders left where a value goes (`CHANGEME`, `TODO`, `xxx`,
 * `<your-domain>`) reach the cluster as real values: a pod connects to
 * http://CHANGEME:8080, a job runs with --token TODO. They are refused
 * wherever a value is written — env values, commands and args, images,
 * ConfigMap data (inline or from a file; comment lines are skipped),
 * ExternalSecret remote keys, chart values and raw resources — whole or
 * embedded. A ConfigMap key that names a secret (`DB_PASSWORD`) with a
 * literal value is refused too: ConfigMaps are not secret.
 *
 * Where the values are is the table VALUE_FIELDS (paths in the app body,
 * `*` any entry name, `[]` any list item, `**` every string below):
 * new fields that carry values get a line there.
 */
import type { FieldPath } from '../../load/source-map.ts';
import { isPlainObject } from '../merge.ts';
import { PLACEHOLDER } from '../schema/common.ts';
import type { SourceLayer } from '../zod-errors.ts';
import type { RuleContext } from './context.ts';
import { variants } from './variants.ts';

/**
 * Paths of strings that become values on the cluster; `text` ones are config files, checked line
 * by line; in `names` ones "secret" or "password" can be a real value (a remote key's property,
 * `kind: Secret`, a chart's existingSecretPasswordKey), so only unmistakable placeholders count.
 */
export const VALUE_FIELDS: readonly { path: readonly string[]; text?: boolean; names?: boolean }[] = [
  ...['containers', 'initContainers'].flatMap((group) => [
    { path: ['components', '*', group, '*', 'image'] },
    { path: ['components', '*', group, '*', 'env', '*'] },
    { path: ['components', '*', group, '*', 'command', '[]'] },
    { path: ['components', '*', group, '*', 'args', '[]'] },
    { path: ['components', '*', group, '*', 'workingDir'] },
    { path: ['components', '*', group, '*', 'probes', '*', 'exec', '[]'] },
    { path: ['components', '*', group, '*', 'lifecycle', '*', 'exec', '[]'] },
  ]),
  { path: ['configMaps', '*', 'data', '*'], text: true },
  { path: ['secrets', '*', 'externalSecret', 'data', '*', 'key'], names: true },
  { path: ['secrets', '*', 'externalSecret', 'data', '*', 'property'], names: true },
  { path: ['charts', '*', 'values', '**'], names: true },
  { path: ['resources', '[]', '**'], names: true },
];

/** Tokens people leave for "fill this in later", inside a longer value. Lower-case todo/tbd are words too often to count. */
const EMBEDDED = [
  /(?<![A-Za-z0-9])(?:change[-_ ]?me|replace[-_ ]?me|x{3,})(?![A-Za-z0-9])|<(?:your|insert|enter|replace|change|put)\b[^<>\n]*>/i,
  /(?<![A-Za-z0-9])(?:TODO|TBD|FIXME)(?![A-Za-z0-9])/,
];
const COMMENT_LINE = /^\s*(#|\/\/|;|--|<!--|\*)/;
const SECRET_KEY = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;

export function placeholderRules(ctx: RuleContext): void {
  for (const v of variants(ctx)) {
    for (const field of VALUE_FIELDS) {
      forStringsAt(v.body, field.path, (at, value) => {
        const found = field.text ? inText(value) : inValue(value, field.names ? NAME_PLACEHOLDER : PLACEHOLDER);
        if (!found) return;
        const path = [...at];
        ctx.error(v.layers, path, describe(found, value, field.text ? source(v.layers, path) : undefined), hintFor(path, found.whole));
      });
    }
    for (const [cm, spec] of Object.entries(v.body.configMaps ?? {})) {
      for (const [key, value] of Object.entries(spec.data)) {
        if (typeof value !== 'string' || value === '' || !SECRET_KEY.test(key.replace(/[-.]/g, '_')) || inText(value)) continue;
        ctx.error(
          v.layers,
          ['configMaps', cm, 'data', key],
          `${key} looks like a secret, but ConfigMap values are stored and shown in plain text (and committed to Git)`,
          'Declare it under secrets: (externalSecret, sealed or existing) and read it with { secret: <name>, key: <key> }.',
        );
      }
    }
  }
}

interface Found {
  token: string;
  whole: boolean;
  line?: number;
}

/** As PLACEHOLDER, without the words that are also real names (secret, password). */
const NAME_PLACEHOLDER = /^(changeme|change[-_ ]?me|replace[-_ ]?me|todo|tbd|xxx+|<.*>|your[-_].*)$/i;

/** Would this rule report the value (in a field where "password" may be a real value, with `names`)? */
export function isPlaceholder(value: string, names = false): boolean {
  return inValue(value, names ? NAME_PLACEHOLDER : PLACEHOLDER) !== undefined;
}

function inValue(value: string, whole: RegExp = PLACEHOLDER): Found | undefined {
  if (whole.test(value.trim())) return { token: value.trim(), whole: true };
  const m = embedded(value);
  return m ? { token: m, whole: false } : undefined;
}

/** Config file contents: placeholders on lines that are not comments. */
function inText(text: string): Found | undefined {
  if (!text.includes('\n')) return inValue(text);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (COMMENT_LINE.test(lines[i]!)) continue;
    const m = embedded(lines[i]!);
    if (m) return { token: m, whole: false, line: i + 1 };
  }
  return undefined;
}

function embedded(text: string): string | undefined {
  for (const pattern of EMBEDDED) {
    const m = pattern.exec(text);
    if (m) return m[0];
  }
  return undefined;
}

function describe(found: Found, value: string, file: string | undefined): string {
  if (found.whole) return `placeholder "${found.token}" where a value is expected`;
  if (found.line !== undefined) return `placeholder "${found.token}" on line ${found.line} of ${file ?? 'this value'}`;
  return `placeholder "${found.token}" in ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}`;
}

function hintFor(path: FieldPath, whole: boolean): string {
  const head = path[0];
  if (head === 'charts') return 'Write the real value; for a secret, point the chart at one instead (most charts take existingSecret).';
  if (head === 'resources') return 'Write the real value; a secret belongs in a Secret the object references.';
  if (head === 'secrets') return 'Write the key the secret has in your secret store.';
  if (head === 'configMaps') return 'Put real configuration here; secret values belong in secrets:.';
  if (path.includes('env'))
    return whole
      ? 'Reference a secret instead: { secret: <name>, key: <key> } with the secret declared as externalSecret, sealed or existing.'
      : 'Write the real value; for a Service of the fleet, { service: <component>, app: <app> } builds the host.';
  return 'Write the real value before deploying.';
}

/** The config file a ConfigMap value was read from, for "line N of apps/x/nginx.conf". */
function source(layers: SourceLayer[], path: FieldPath): string | undefined {
  for (const layer of layers) {
    let node: unknown = layer.parsed.value;
    for (const step of [...layer.prefix, ...path])
      node = (isPlainObject(node) || Array.isArray(node)) && Object.hasOwn(node, step) ? (node as Record<string, unknown>)[step as string] : undefined;
    if (isPlainObject(node) && typeof node.file === 'string') return `apps/${node.file}`;
    if (node !== undefined) return undefined;
  }
  return undefined;
}

/**
 * Calls `visit` with every string at a VALUE_FIELDS path and its path in the body. The path is one
 * array, changed as the walk goes (this rule visits every value of every variant): copy it to keep it.
 */
function forStringsAt(
  node: unknown,
  pattern: readonly string[],
  visit: (path: readonly (string | number)[], value: string) => void,
  at: (string | number)[] = [],
  depth = 0,
): void {
  if (depth === pattern.length) {
    if (typeof node === 'string') visit(at, node);
    return;
  }
  const step = pattern[depth]!;
  const down = (key: string | number, item: unknown, next: number) => {
    at.push(key);
    forStringsAt(item, pattern, visit, at, next);
    at.pop();
  };
  if (step === '**') {
    if (typeof node === 'string') visit(at, node);
    else if (Array.isArray(node)) for (let i = 0; i < node.length; i++) down(i, node[i], depth);
    else if (isPlainObject(node)) for (const k of Object.keys(node)) down(k, node[k], depth);
  } else if (step === '[]') {
    if (Array.isArray(node)) for (let i = 0; i < node.length; i++) down(i, node[i], depth + 1);
  } else if (step === '*') {
    if (isPlainObject(node)) for (const k of Object.keys(node)) down(k, node[k], depth + 1);
  } else if (isPlainObject(node) && Object.hasOwn(node, step)) down(step, node[step], depth + 1);
}
