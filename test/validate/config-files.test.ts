/**
 * Files inlined into ConfigMaps keep their bytes: text (UTF-8 without NUL) goes
 * to `data` exactly as written (CRLF, a byte order mark, trailing spaces), and
 * anything else to `binaryData` as base64, never decoded. Checked in the
 * generated file and in what the real kustomize builds from it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { buildFleet } from '../../generator/pipeline.ts';
import { kustomizeBuild } from '../support/kubectl.ts';
import { makeFleet, removeFleet, runGenerate } from './fleet-fixture.ts';

const roots: string[] = [];
after(async () => {
  await Promise.all(roots.map(removeFleet));
});

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]);
const TEXT = Buffer.from('\uFEFFlisten 80;\r\nserver_name café;  \r\n', 'utf8');
const NUL_TEXT = Buffer.from('valid UTF-8, but \0 marks it as binary');

const APP = `team: web
namespace: shop
components:
  web:
    containers:
      web:
        image: nginx:1.27
        ports: { http: 8080 }
        mounts: { assets: /assets }
    volumes:
      assets: { configMap: assets }
configMaps:
  assets:
    data:
      logo.png: { file: shop/logo.png }
      site.conf: { file: shop/site.conf }
      marker: { file: shop/marker }
      inline: written in the config
`;

test('text files go to data exactly, other files to binaryData as base64', async () => {
  const root = await makeFleet({ files: { 'apps/shop.yaml': APP, 'apps/shop/logo.png': PNG, 'apps/shop/site.conf': TEXT, 'apps/shop/marker': NUL_TEXT } });
  roots.push(root);
  const run = await runGenerate(root, ['--quiet']);
  assert.deepEqual(run.err, []);
  const { output } = await buildFleet(root);
  const dir = 'overlays/dev/shop';
  const built = (await kustomizeBuild(path.join(root, dir))).find((o) => o.kind === 'ConfigMap') as {
    data: Record<string, string>;
    binaryData: Record<string, string>;
  };
  const rendered = output.rendered.get(dir)!.find((o) => o.kind === 'ConfigMap') as unknown as typeof built;
  for (const configMap of [built, rendered]) {
    assert.deepEqual(Object.keys(configMap.data).sort(), ['inline', 'site.conf']);
    assert.deepEqual(Buffer.from(configMap.data['site.conf'], 'utf8'), TEXT);
    assert.deepEqual(Object.keys(configMap.binaryData).sort(), ['logo.png', 'marker']);
    assert.deepEqual(Buffer.from(configMap.binaryData['logo.png'], 'base64'), PNG);
    assert.deepEqual(Buffer.from(configMap.binaryData.marker, 'base64'), NUL_TEXT);
  }
});

test('a change of the bytes renames the ConfigMap, so pods roll', async () => {
  const names = [];
  for (const png of [PNG, Buffer.from([...PNG.subarray(0, -1), 0xfd])]) {
    const root = await makeFleet({ files: { 'apps/shop.yaml': APP, 'apps/shop/logo.png': png, 'apps/shop/site.conf': TEXT, 'apps/shop/marker': NUL_TEXT } });
    roots.push(root);
    const { output } = await buildFleet(root);
    names.push(output.rendered.get('overlays/dev/shop')!.find((o) => o.kind === 'ConfigMap')!.metadata.name);
  }
  assert.notEqual(names[0], names[1]);
});
