/**
 * Config from the cache is the config a fresh parse gives: the same data, with
 * the same prototype-free maps, so names like `constructor` and `__proto__`
 * stay ordinary keys after a round trip through the cache.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigCache } from '../../generator/incremental/config-cache.ts';
import { EntryLog } from '../../generator/incremental/store.ts';
import { parseConfigYaml } from '../../generator/load/parse-yaml.ts';
import { Cluster } from '../../generator/validate/schema/cluster.ts';
import { removeDir } from '../support/temp-fleet.ts';

const FILE = 'clusters/constructor.yaml';
const TEXT = `environment: prod
server: https://k8s.example.com
region: eu-west-1
labels:
  constructor: a
  toString: c
  hasOwnProperty: d
`;
/** Parsed only: `__proto__` is a valid YAML key but not a valid label key. */
const PROTO = 'a:\n  __proto__: b\n  constructor: c\n';

describe('the config cache', () => {
  it('gives back parsed and validated data with prototype-free maps, names as data', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-config-cache-'));
    try {
      const file = path.join(dir, 'config.log');
      const log = new EntryLog(file, '/fleet', 'g');
      const first = new ConfigCache(log);
      const parsed = first.parse(FILE, TEXT);
      assert.ok(parsed.ok);
      const validated = first.runSchema(Cluster, parsed.parsed.value);
      assert.ok(validated.success);
      log.save();

      const second = new ConfigCache(new EntryLog(file, '/fleet', 'g'));
      const again = second.parse(FILE, TEXT);
      assert.ok(again.ok);
      assert.equal(second.stats.parseHits, 1, 'parsed from the cache');
      const fresh = parseConfigYaml(FILE, TEXT);
      assert.ok(fresh.ok);
      assert.deepEqual(again.parsed.value, fresh.parsed.value);
      const labels = again.parsed.value.labels as Record<string, string>;
      assert.equal(Object.getPrototypeOf(labels), null);
      assert.deepEqual(Object.keys(labels), ['constructor', 'toString', 'hasOwnProperty']);

      const cached = second.runSchema(Cluster, again.parsed.value);
      assert.ok(cached.success);
      assert.equal(second.stats.validateHits, 1, 'validated from the cache');
      assert.deepEqual(cached.data, validated.data);
      const validLabels = (cached.data as { labels: Record<string, string> }).labels;
      assert.equal(Object.getPrototypeOf(validLabels), Object.getPrototypeOf((validated.data as { labels: object }).labels));
      assert.equal(validLabels.constructor, 'a');
      assert.equal(validLabels.hasOwnProperty, 'd');

      first.parse('apps/proto.yaml', PROTO);
      log.save();
      const third = new ConfigCache(new EntryLog(file, '/fleet', 'g'));
      const proto = third.parse('apps/proto.yaml', PROTO);
      assert.ok(proto.ok);
      assert.equal(third.stats.parseHits, 1);
      const a = proto.parsed.value.a as Record<string, string>;
      assert.equal(Object.getPrototypeOf(a), null);
      assert.deepEqual(Object.keys(a), ['__proto__', 'constructor']);
      assert.equal(Object.getOwnPropertyDescriptor(a, '__proto__')?.value, 'b');
    } finally {
      await removeDir(dir);
    }
  });

  it('gives the data of a file it has seen parse cleanly as the file parsed again: keys that start with a NUL and -0 exact', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-config-cache-'));
    try {
      const file = path.join(dir, 'config.log');
      const nul = 'a:\n  "\\0": b\n  "\\0\\0x": c\nb: { "\\0": 1 }\n';
      const zero = 'zero: -0.0\nlist: [1, -0.0]\n';
      const log = new EntryLog(file, '/fleet', 'g');
      const first = new ConfigCache(log);
      first.parse('apps/nul.yaml', nul);
      first.parse('apps/zero.yaml', zero);
      log.save();
      const second = new ConfigCache(new EntryLog(file, '/fleet', 'g'));
      const fromCache = second.parse('apps/nul.yaml', nul);
      const again = second.parse('apps/zero.yaml', zero);
      assert.deepEqual([second.stats.parseHits, second.stats.parsed], [2, 0], 'both known to parse cleanly');
      assert.ok(fromCache.ok && again.ok);
      const fresh = parseConfigYaml('apps/nul.yaml', nul);
      assert.ok(fresh.ok);
      assert.deepEqual(fromCache.parsed.value, fresh.parsed.value);
      assert.deepEqual(Object.keys(fromCache.parsed.value.a as object), ['\0', '\0\0x']);
      assert.ok(Object.is(again.parsed.value.zero, -0) && Object.is((again.parsed.value.list as number[])[1], -0));
      assert.equal(second.stats.dataRead, 2, 'read on demand');
    } finally {
      await removeDir(dir);
    }
  });
});
