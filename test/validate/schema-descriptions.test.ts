/**
 * Every field of the config language carries a description, so editor hover
 * documents it: object properties, map entries (records' values), list items
 * and each member of a union, at any depth, in all three JSON Schema files
 * (including the override schemas nested in them). A field with a default
 * says what the default is.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SCHEMA_FILES } from '../../generator/validate/json-schema.ts';

type Node = Record<string, unknown>;

/** JSON pointer-ish paths of fields without a description, and of defaults the description does not mention. */
function undocumented(root: Node): string[] {
  const problems: string[] = [];
  const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isNullMember = (n: Node) => n.type === 'null' && Object.keys(n).length === 1;
  const field = (node: unknown, at: string) => {
    if (!isNode(node)) return;
    if (!isNullMember(node)) {
      if (typeof node.description !== 'string' || node.description.trim().length < 8) problems.push(`${at}: no description`);
      else if ('default' in node && !/default/i.test(node.description)) problems.push(`${at}: the description does not state the default`);
    }
    walk(node, at);
  };
  const walk = (node: Node, at: string) => {
    for (const [key, child] of Object.entries((node.properties as Node | undefined) ?? {})) field(child, `${at}/${key}`);
    if (isNode(node.additionalProperties)) field(node.additionalProperties, `${at}/<entry>`);
    if (isNode(node.items)) field(node.items, `${at}/<item>`);
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      (node[keyword] as unknown[] | undefined)?.forEach((member, i) => {
        field(member, `${at}|${keyword}[${i}]`);
      });
    }
  };
  walk(root, '');
  return problems;
}

for (const [file, make] of Object.entries(SCHEMA_FILES)) {
  test(`${file}: every field has a description that states its default`, () => {
    assert.deepEqual(undocumented(make() as Node), []);
  });
}

test('the check finds a missing description at any depth', () => {
  const schema: Node = {
    type: 'object',
    properties: {
      a: {
        description: 'documented field',
        type: 'object',
        additionalProperties: { anyOf: [{ type: 'string', description: 'a string member' }, { type: 'number' }], description: 'a map entry' },
      },
      b: { type: 'array', description: 'a list field', items: { type: 'object', properties: { c: { type: 'string' } }, description: 'one item of the list' } },
      d: { type: 'boolean', default: false, description: 'a flag that is off unless set' },
    },
  };
  assert.deepEqual(undocumented(schema), [
    '/a/<entry>|anyOf[1]: no description',
    '/b/<item>/c: no description',
    '/d: the description does not state the default',
  ]);
});
