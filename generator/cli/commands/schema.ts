/** `flotilla schema [--out DIR]`: write JSON Schema files for editors (yaml-language-server). */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_FILES } from '../../validate/json-schema.ts';
import type { Command } from '../args.ts';
import { EXIT } from '../exit-codes.ts';

export const DEFAULT_SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas');

export const schemaCommand: Command = {
  name: 'schema',
  usage: `Usage: flotilla schema [--out DIR]

  --out DIR   where to write fleet/app/cluster.schema.json (default: generator/schemas)

Files reference them with a modeline:  # yaml-language-server: $schema=../generator/schemas/app.schema.json`,
  options: { out: { type: 'string' } },
  async run(values, _p, io) {
    const dir = values.out ? path.resolve(io.cwd, values.out as string) : DEFAULT_SCHEMA_DIR;
    await mkdir(dir, { recursive: true });
    for (const [file, make] of Object.entries(SCHEMA_FILES)) {
      await writeFile(path.join(dir, file), `${JSON.stringify(make(), null, 2)}\n`);
      io.out(`wrote ${path.relative(io.cwd, path.join(dir, file)) || file}`);
    }
    return EXIT.ok;
  },
};
