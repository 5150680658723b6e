/**
 * `flotilla schema`: the JSON Schema editors use (yaml-language-server, draft-07).
 * The committed files must equal freshly generated ones, accept every valid
 * fleet we have, and reject the schema-level mistakes of the bad-input corpus.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { DEFAULT_SCHEMA_DIR } from '../../generator/cli/commands/schema.ts';
import { SCHEMA_FILES } from '../../generator/validate/json-schema.ts';
import { BAD_FIXTURES, EXAMPLE_ROOT, FIXTURES, runCliCaptured } from '../validate/fleet-fixture.ts';

type Kind = 'fleet' | 'app' | 'cluster';

function kindOf(file: string): Kind {
  return file === 'fleet.yaml' ? 'fleet' : file.startsWith('apps/') ? 'app' : 'cluster';
}

/** Every config file of a fleet root, repo-relative. */
async function configFiles(root: string): Promise<string[]> {
  const files = ['fleet.yaml'];
  for (const dir of ['apps', 'clusters']) {
    for (const name of (await readdir(path.join(root, dir))).sort()) if (/\.ya?ml$/.test(name)) files.push(`${dir}/${name}`);
  }
  return files;
}

const validators = {} as Record<Kind, ValidateFunction>;
before(async () => {
  // Strict: an unknown keyword or format (one an editor would not understand) fails compilation.
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true, formats: { uri: true } });
  for (const kind of ['fleet', 'app', 'cluster'] as const) {
    const schema = JSON.parse(await readFile(path.join(DEFAULT_SCHEMA_DIR, `${kind}.schema.json`), 'utf8'));
    validators[kind] = ajv.compile(schema);
  }
});

function validate(kind: Kind, data: unknown): string[] {
  const ok = validators[kind](data);
  return ok ? [] : (validators[kind].errors ?? []).map((e) => `${e.keyword} ${e.instancePath || '/'}`);
}

describe('flotilla schema', () => {
  let out: string;
  before(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'flotilla-schema-'));
  });
  after(async () => {
    await rm(out, { recursive: true, force: true });
  });

  test('writes the three schemas, equal to the committed ones (run `npm run schema` when this fails)', async () => {
    const run = await runCliCaptured(['schema', '--out', out], out);
    assert.equal(run.code, 0, run.err.join('\n'));
    assert.deepEqual((await readdir(out)).sort(), Object.keys(SCHEMA_FILES).sort());
    for (const file of Object.keys(SCHEMA_FILES)) {
      assert.equal(await readFile(path.join(out, file), 'utf8'), await readFile(path.join(DEFAULT_SCHEMA_DIR, file), 'utf8'), file);
    }
  });

  test('declares draft-07, the draft the YAML language server supports best', async () => {
    for (const file of Object.keys(SCHEMA_FILES)) {
      const schema = JSON.parse(await readFile(path.join(DEFAULT_SCHEMA_DIR, file), 'utf8'));
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#', file);
      assert.equal(typeof schema.title, 'string');
    }
  });
});

describe('valid fleets pass the JSON Schema', () => {
  for (const [name, root] of [
    ['example', EXAMPLE_ROOT],
    ['minimal', path.join(FIXTURES, 'config/minimal')],
    ['features', path.join(FIXTURES, 'config/features')],
  ] as const) {
    test(`the ${name} fleet`, async () => {
      for (const file of await configFiles(root)) {
        const data = parse(await readFile(path.join(root, file), 'utf8'));
        assert.deepEqual(validate(kindOf(file), data), [], file);
      }
    });
  }
});

describe('schema-level mistakes of the bad-input corpus fail the JSON Schema too', () => {
  // [fixture, file, the error an editor shows: keyword and instance path]
  const CASES: [string, string, string][] = [
    ['unknown-field', 'apps/shop.yaml', 'additionalProperties /components/web'],
    ['environment-override-error', 'apps/shop.yaml', 'additionalProperties /environments/prod/components/web'],
    ['cluster-override-error', 'clusters/prod-1.yaml', 'minimum /apps/shop/components/web/replicas'],
    ['env-reference-typo', 'apps/shop.yaml', 'additionalProperties /components/web/containers/web/env/DATABASE_PASSWORD'],
    ['wrong-type', 'apps/shop.yaml', 'type /components/web/replicas'],
    ['empty-value', 'apps/shop.yaml', 'type /components/web/replicas'],
    ['yaml11-boolean', 'apps/shop.yaml', 'type /components/web/spread'],
    ['chart-version-number', 'apps/shop.yaml', 'type /charts/redis/version'],
    ['top-level-list', 'clusters/dev-1.yaml', 'type /'],
    ['unknown-kind', 'apps/shop.yaml', 'enum /components/web/kind'],
    ['missing-required-field', 'apps/shop.yaml', 'required /'],
    ['port-string', 'apps/shop.yaml', 'type /components/web/containers/web/ports/http'],
    ['port-zero', 'apps/shop.yaml', 'minimum /components/web/containers/web/ports/http'],
    ['port-too-large', 'apps/shop.yaml', 'maximum /components/web/containers/web/ports/http'],
    ['security-reason-too-short', 'apps/shop.yaml', 'minLength /components/web/containers/web/securityOptOut/runAsRoot'],
    ['name-too-long', 'apps/shop.yaml', 'maxLength /namespace'],
    ['name-with-dotdot', 'apps/shop.yaml', 'pattern /namespace'],
    ['name-with-nul', 'apps/shop.yaml', 'pattern /namespace'],
    ['name-with-slash', 'apps/shop.yaml', 'propertyNames /configMaps'],
    ['raw-name-with-slash', 'apps/shop.yaml', 'pattern /resources/0/metadata/name'],
    ['empty-generated-name', 'apps/shop.yaml', 'minLength /components/web/service/name'],
    ['route-path-relative', 'apps/shop.yaml', 'propertyNames /routes/shop/paths'],
    ['config-file-escapes', 'apps/shop.yaml', 'pattern /configMaps/nginx/data/passwd/file'],
    ['several-errors', 'clusters/dev-1.yaml', 'pattern /server'],
    ['cluster-server-wildcard', 'clusters/prod-1.yaml', 'pattern /server'],
    ['chart-repo-wildcard', 'apps/shop.yaml', 'pattern /charts/redis/repo'],
    ['team-source-repos-wildcard', 'fleet.yaml', 'pattern /teams/web/chartRepos/0'],
    ['project-field', 'apps/shop.yaml', 'additionalProperties /'],
  ];
  for (const [fixture, file, expected] of CASES) {
    test(`${fixture}: ${expected}`, async () => {
      const data = parse(await readFile(path.join(BAD_FIXTURES, fixture, file), 'utf8'));
      assert.ok(validate(kindOf(file), data).includes(expected), validate(kindOf(file), data).join(', '));
    });
  }
});

test('the example files name their schema in a yaml-language-server modeline that resolves', async () => {
  for (const file of await configFiles(EXAMPLE_ROOT)) {
    const first = (await readFile(path.join(EXAMPLE_ROOT, file), 'utf8')).split('\n')[0];
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    assert.ok(match, `${file} starts with: ${first}`);
    const target = path.resolve(path.dirname(path.join(EXAMPLE_ROOT, file)), match[1]);
    assert.equal(target, path.join(DEFAULT_SCHEMA_DIR, `${kindOf(file)}.schema.json`), file);
  }
});
