/**
 * ConfigMap data may come from files next to the app config (`{ file: kairoflow/nginx.conf }`,
 * relative to apps/). They are read here, once each, and inlined; a path that
 * leaves apps/ or does not exist is an error at the reference. Text (valid
 * UTF-8 without NUL) is inlined as the string; any other file stays bytes,
 * kept as `{ file, base64 }` for the ConfigMap's binaryData, never decoded.
 */

import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import { invalidUtf8Offset } from '../load/utf8.ts';
import { contentHash } from '../model/hash.ts';
import { APPS_DIR } from '../model/names.ts';
import { isPlatformVariable, variableReferences } from '../model/platform-variables.ts';
import type { RuleContext } from './rules/context.ts';
import { malformedVariableHint, malformedVariableMessage, unknownVariableHint, unknownVariableMessage } from './rules/variables.ts';
import type { AppBodySpec } from './schema/app.ts';
import type { SourceLayer } from './zod-errors.ts';

const MAX_CONFIG_FILE = 1024 * 1024;

/** Why a config file cannot be inlined, with the fix. */
class ConfigFileProblem extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A file that is not text, inlined as its bytes. */
export interface BinaryContent {
  file: string;
  base64: string;
}

type Content = string | { base64: string };

/** Keys of ConfigMap data maps whose text was read from a file (checked there, at the file's own lines). */
const INLINED = new WeakMap<object, Set<string>>();
export function inlinedFrom(data: object, key: string): boolean {
  return INLINED.get(data)?.has(key) ?? false;
}
/** Each file read once per run, by absolute path. */
export type ConfigFileContent = Content | Error;
export type ConfigFileCache = Pick<Map<string, ConfigFileContent>, 'get' | 'set'>;

/** What a read gave, as text for a cache key: the content's hash, or the problem. */
export function contentKey(content: Content | Error | undefined): string {
  if (content === undefined) return 'unread';
  if (content instanceof Error) return `error:${content.message}`;
  return typeof content === 'string' ? `text:${contentHash(content)}` : `binary:${contentHash(content.base64)}`;
}

export function inlineConfigFiles(
  root: string,
  body: Pick<AppBodySpec, 'configMaps'>,
  layers: SourceLayer[],
  cache: ConfigFileCache,
  report: RuleContext['error'],
  reportAt: (d: Diagnostic) => void = () => {},
): void {
  const appsDir = path.resolve(root, APPS_DIR);
  for (const [cm, spec] of Object.entries(body.configMaps ?? {})) {
    for (const [key, value] of Object.entries(spec.data)) {
      if (typeof value === 'string') continue;
      const full = path.resolve(appsDir, value.file);
      let content = cache.get(full);
      if (content === undefined) {
        content = readConfigFile(appsDir, full, value.file);
        cache.set(full, content);
        if (typeof content === 'string') for (const d of variableProblems(content, `${APPS_DIR}/${value.file}`)) reportAt(d);
      }
      if (typeof content === 'string') {
        const keys = INLINED.get(spec.data) ?? new Set<string>();
        keys.add(key);
        INLINED.set(spec.data, keys);
      }
      if (content instanceof Error) report(layers, ['configMaps', cm, 'data', key, 'file'], content.message, (content as ConfigFileProblem).hint);
      else (spec.data as Record<string, string | BinaryContent>)[key] = typeof content === 'string' ? content : { file: value.file, base64: content.base64 };
    }
  }
}

function readConfigFile(appsDir: string, full: string, written: string): Content | ConfigFileProblem {
  const shown = `${APPS_DIR}/${written}`;
  const outside = new ConfigFileProblem(`file "${written}" is outside ${APPS_DIR}/`, 'Keep config files next to the app config, inside apps/.');
  if (!full.startsWith(appsDir + path.sep)) return outside;
  try {
    // A symlink inside apps/ could still pull any file of the machine into a committed ConfigMap.
    if (!realpathSync(full).startsWith(realpathSync(appsDir) + path.sep)) {
      return new ConfigFileProblem(`${shown} is a link to a file outside ${APPS_DIR}/`, 'Copy the file into apps/ instead of linking to it.');
    }
    const stats = statSync(full);
    if (!stats.isFile()) return new ConfigFileProblem(`${shown} is not a file`, 'Point file: at a file, relative to apps/.');
    if (stats.size > MAX_CONFIG_FILE)
      return new ConfigFileProblem(
        `${shown} is ${stats.size} bytes; a ConfigMap holds at most ${MAX_CONFIG_FILE} bytes`,
        'Mount large files from a volume instead.',
      );
    const bytes = readFileSync(full);
    return invalidUtf8Offset(bytes) < 0 && !bytes.includes(0) ? bytes.toString('utf8') : { base64: bytes.toString('base64') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return new ConfigFileProblem(`${shown} not found`, 'The path is relative to apps/; create the file or correct the path.');
    return new ConfigFileProblem(`cannot read ${shown} (${code ?? String(error)})`);
  }
}

/** Unknown `${flotilla.<name>}` in a file's text, at their line and column. */
function variableProblems(text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ref of variableReferences(text)) {
    if (isPlatformVariable(ref.name) && !ref.malformed) continue;
    const before = text.slice(0, ref.offset);
    const line = before.split('\n').length;
    const column = ref.offset - before.lastIndexOf('\n');
    const [message, hint] = ref.malformed
      ? [malformedVariableMessage(), malformedVariableHint()]
      : [unknownVariableMessage(ref.name), unknownVariableHint(ref.name)];
    out.push({ file, line, column, path: '', message, hint, severity: 'error' });
  }
  return out;
}
