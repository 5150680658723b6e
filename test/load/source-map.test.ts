/** positionAt: every diagnostic's line and column come from here. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ParsedFile, parseConfigYaml } from '../../generator/load/parse-yaml.ts';
import { hasPath, positionAt } from '../../generator/load/source-map.ts';

const TEXT = `team: web
components:
  web:
    containers:
      app:
        ports: { http: 8080 }
    args: [a, b]
`;

function parsed(): ParsedFile {
  const result = parseConfigYaml('apps/shop.yaml', TEXT);
  assert.ok(result.ok);
  return result.parsed;
}

const at = (path: (string | number)[], atKey = false) => {
  const p = positionAt(parsed(), path, atKey);
  return `${p.file}:${p.line}:${p.column}`;
};

test('a value, in block and flow style, and a list item', () => {
  assert.equal(at(['team']), 'apps/shop.yaml:1:7');
  assert.equal(at(['components', 'web', 'containers', 'app', 'ports', 'http']), 'apps/shop.yaml:6:24');
  assert.equal(at(['components', 'web', 'args', 1]), 'apps/shop.yaml:7:15');
});

test('the key itself, for unknown and duplicate keys', () => {
  assert.equal(at(['components', 'web', 'containers'], true), 'apps/shop.yaml:4:5');
});

test('a missing field: the nearest ancestor that exists', () => {
  assert.equal(at(['components', 'web', 'replicas']), 'apps/shop.yaml:4:5');
  assert.equal(at(['namespace']), 'apps/shop.yaml:1:1');
});

test('hasPath tells which layer holds a value', () => {
  assert.equal(hasPath(parsed(), ['components', 'web', 'args']), true);
  assert.equal(hasPath(parsed(), ['components', 'web', 'replicas']), false);
});
