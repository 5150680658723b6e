/**
 * ConfigMap data may come from files next to the app config (`{ file: kairoflow/nginx.conf }`,
 * relative to apps/). They are read here, once each, and inlined; a path that
 * leaves apps/ or does not exist is an error at the reference.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { APPS_DIR } from '../names.ts';
import type { AppBodySpec } from './schema/app.ts';
import type { SourceLayer } from './zod-errors.ts';
import type { RuleContext } from './rules/context.ts';

const MAX_CONFIG_FILE = 1024 * 1024;

export function inlineConfigFiles(root: string, body: AppBodySpec, layers: SourceLayer[], cache: Map<string, string | Error>, report: RuleContext['error']): void {
  const appsDir = path.resolve(root, APPS_DIR);
  for (const [cm, spec] of Object.entries(body.configMaps ?? {})) {
    for (const [key, value] of Object.entries(spec.data)) {
      if (typeof value === 'string') continue;
      const full = path.resolve(appsDir, value.file);
      if (!full.startsWith(appsDir + path.sep)) {
        report(layers, ['configMaps', cm, 'data', key, 'file'], `file "${value.file}" is outside ${APPS_DIR}/`, 'Keep config files next to the app config, inside apps/.');
        continue;
      }
      let content = cache.get(full);
      if (content === undefined) {
        try {
          content = readFileSync(full, 'utf8');
          if (content.length > MAX_CONFIG_FILE) content = new Error(`larger than ${MAX_CONFIG_FILE} bytes (ConfigMaps are limited to 1 MiB)`);
        } catch (error) {
          content = new Error((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : String(error));
        }
        cache.set(full, content);
      }
      if (content instanceof Error) report(layers, ['configMaps', cm, 'data', key, 'file'], `file "${APPS_DIR}/${value.file}": ${content.message}`);
      else (spec.data as Record<string, string>)[key] = content;
    }
  }
}
