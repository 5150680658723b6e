/**
 * Fuzzing `flotilla generate` with mutated fleets: the example fleet and a
 * small synthetic one, each with its generated output in place, mutated the
 * way hostile or careless edits do (keys deleted, added, renamed, retyped;
 * hostile names and values; deep nesting; truncated files; injected bytes;
 * files emptied, deleted or copied under odd names). Whatever the input,
 *   - generate never exits 70 (an internal error) and never hangs (each run
 *     has a deadline, enforced by running the CLI in a worker thread);
 *   - an error run writes nothing: every byte of the fleet directory, config
 *     and generated output, is as it was;
 *   - every error it prints names file:line:column, and the last line says
 *     how many there were.
 *
 * The seed is fixed, so `npm test` runs the same mutations on every machine
 * and a failure is reproducible; FLOTILLA_FUZZ_SEED=<n> (or `random`) explores
 * others, FLOTILLA_FUZZ_RUNS=<n> sets the number of mutated fleets per fleet.
 * The seed is printed with every run and failure.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { writeFleet } from '../../scripts/synthetic-fleet.ts';
import { CliWorker } from '../support/cli-in-worker.ts';
import { copyExampleFleet, snapshotTree } from '../validate/fleet-fixture.ts';

const SEED_SETTING = process.env.FLOTILLA_FUZZ_SEED ?? '20261201';
const SEED = SEED_SETTING === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(SEED_SETTING);
const RUNS = Number(process.env.FLOTILLA_FUZZ_RUNS ?? 100);
/** Per run: a run still going after this long is a hang (the pipeline takes about a second on these fleets). */
const DEADLINE_MS = 60_000;

const HOSTILE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'replcias', 'Web_App', 'a/b', '..', '"{{ .nope }}"', '""', '"x\\u0000y"'];
/** Values as YAML source text, so that `1e400` stays what a person would have typed. */
const HOSTILE_VALUES = [
  '"{{ .nope }}"',
  '"{{ .cluster.name }}"',
  '1e400',
  '12345678901234567890',
  '.inf',
  '.nan',
  'no',
  'on',
  '0755',
  '1:30',
  '~',
  '""',
  '-1',
  '0',
  '70000',
  '"8080"',
  '1.10',
  '[]',
  '{}',
  '[a, [b, {c: d}]]',
  '"x\\uD800"',
  '!!python/object:os.system x',
  '!Ref x',
  '*nowhere',
  '&anchor 1',
  `"${'x'.repeat(300)}"`,
  '"tab\\there"',
  'constructor',
  '__proto__',
  'true',
  '0o644',
  '644',
  '"/etc/passwd"',
  '"../../outside"',
];
const INJECTED: number[][] = [
  [0xff],
  [0x00],
  [0xc3],
  [0xef, 0xbb, 0xbf],
  [0x09],
  [0x3a, 0x20],
  [0x2d, 0x20],
  [0x7b],
  [0x22],
  [0x26, 0x61],
  [0x2a, 0x61],
  [0x0a, 0x2d, 0x2d, 0x2d, 0x0a],
  [0x25, 0x59, 0x41, 0x4d, 0x4c, 0x20, 0x31, 0x2e, 0x31, 0x0a],
  [0xed, 0xa0, 0x80],
];
const APPENDED = [
  (d: number) => `deep: ${'['.repeat(d)}${']'.repeat(d)}\n`,
  (d: number) => `deep:\n${'- '.repeat(d)}x\n`,
  (d: number) => `${'? '.repeat(d)}x\n`,
  () => 'extra: [unclosed\n',
  () => 'dup: 1\ndup: 2\n',
  () => '---\nsecond: document\n',
];
const FILE_NAMES = ['constructor', '__proto__', 'toString', 'Web_App', 'a'.repeat(70), 'x.y', 'dev', 'prod'];

type Op =
  | { kind: 'delete-key' | 'retype'; file: number; at: number; value: number }
  | { kind: 'add-key'; file: number; at: number; key: number; value: number }
  | { kind: 'rename-key'; file: number; at: number; key: number }
  | { kind: 'nest'; file: number; at: number; depth: number }
  | { kind: 'truncate' | 'inject' | 'delete-line' | 'duplicate-line'; file: number; fraction: number; bytes: number }
  | { kind: 'append'; file: number; text: number; depth: number }
  | { kind: 'empty-file' | 'delete-file'; file: number }
  | { kind: 'copy-file'; file: number; name: number };

const index = fc.nat({ max: 1000 });
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete-key' as const, 'retype' as const), file: index, at: index, value: index }),
  fc.record({ kind: fc.constant('add-key' as const), file: index, at: index, key: index, value: index }),
  fc.record({ kind: fc.constant('rename-key' as const), file: index, at: index, key: index }),
  fc.record({ kind: fc.constant('nest' as const), file: index, at: index, depth: fc.integer({ min: 60, max: 3000 }) }),
  fc.record({
    kind: fc.constantFrom('truncate' as const, 'inject' as const, 'delete-line' as const, 'duplicate-line' as const),
    file: index,
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: index,
  }),
  fc.record({ kind: fc.constant('append' as const), file: index, text: index, depth: fc.integer({ min: 60, max: 3000 }) }),
  fc.record({ kind: fc.constantFrom('empty-file' as const, 'delete-file' as const), file: index }),
  fc.record({ kind: fc.constant('copy-file' as const), file: index, name: index }),
);

/** Applies one mutation to the fleet in `dir` (files: its config files, relative); `touched` collects the files it changes. */
async function apply(dir: string, files: string[], op: Op, touched: Set<string>): Promise<void> {
  const rel = files[op.file % files.length];
  const full = path.join(dir, rel);
  const bytes = await readFile(full).catch(() => undefined);
  if (!bytes) return; // deleted by an earlier mutation
  touched.add(rel);
  const put = (content: string | Buffer) => writeFile(full, content);
  switch (op.kind) {
    case 'empty-file':
      return put('');
    case 'delete-file':
      return rm(full);
    case 'copy-file': {
      const copy = path.join(rel.startsWith('clusters/') ? 'clusters' : 'apps', `${FILE_NAMES[op.name % FILE_NAMES.length]}.yaml`);
      touched.add(copy);
      return writeFile(path.join(dir, copy), bytes);
    }
    case 'truncate':
      return put(bytes.subarray(0, Math.floor(bytes.length * op.fraction)));
    case 'inject': {
      const at = Math.floor(bytes.length * op.fraction);
      return put(Buffer.concat([bytes.subarray(0, at), Buffer.from(INJECTED[op.bytes % INJECTED.length]), bytes.subarray(at)]));
    }
    case 'delete-line':
    case 'duplicate-line': {
      const lines = bytes.toString('latin1').split('\n');
      const i = Math.floor((lines.length - 1) * op.fraction);
      lines.splice(i, op.kind === 'delete-line' ? 1 : 0, ...(op.kind === 'duplicate-line' ? [lines[i]] : []));
      return put(Buffer.from(lines.join('\n'), 'latin1'));
    }
    case 'append':
      return put(Buffer.concat([bytes, Buffer.from(`\n${APPENDED[op.text % APPENDED.length](op.depth)}`)]));
    default:
      return put(mutateStructure(bytes.toString('utf8'), op));
  }
}

/** A structural mutation through the YAML document; a file that no longer parses is left as it is. */
function mutateStructure(text: string, op: Extract<Op, { at: number }>): string {
  const doc = parseDocument(text);
  if (doc.errors.length) return text;
  const nodes: { path: (string | number)[]; node: Node }[] = [];
  const walk = (node: unknown, at: (string | number)[]) => {
    if (isMap(node)) {
      nodes.push({ path: at, node });
      for (const pair of node.items) if (isPair(pair) && isScalar(pair.key)) walk(pair.value, [...at, String(pair.key.value)]);
    } else if (isSeq(node)) {
      nodes.push({ path: at, node });
      node.items.forEach((item, i) => {
        walk(item, [...at, i]);
      });
    } else if (isScalar(node)) nodes.push({ path: at, node });
  };
  walk(doc.contents, []);
  const target = nodes[op.at % nodes.length];
  if (!target) return text;
  const placeholder = '__flotilla_fuzz_value__';
  let raw = '';
  switch (op.kind) {
    case 'delete-key':
      if (target.path.length === 0) return text;
      doc.deleteIn(target.path);
      return doc.toString();
    case 'retype':
      if (target.path.length === 0) return text;
      raw = HOSTILE_VALUES[op.value % HOSTILE_VALUES.length];
      doc.setIn(target.path, placeholder);
      break;
    case 'nest':
      if (target.path.length === 0) return text;
      raw = `${'['.repeat(op.depth)}${']'.repeat(op.depth)}`;
      doc.setIn(target.path, placeholder);
      break;
    case 'add-key': {
      const map = isMap(target.node) ? target : nodes.find((n) => isMap(n.node));
      if (!map) return text;
      raw = HOSTILE_VALUES[op.value % HOSTILE_VALUES.length];
      doc.setIn([...map.path, `__flotilla_fuzz_key__`], placeholder);
      return doc
        .toString()
        .replace('__flotilla_fuzz_key__', HOSTILE_KEYS[op.key % HOSTILE_KEYS.length])
        .replace(placeholder, raw);
    }
    case 'rename-key': {
      if (target.path.length === 0 || typeof target.path[target.path.length - 1] !== 'string') return text;
      const value = doc.getIn(target.path, true);
      doc.deleteIn(target.path);
      doc.setIn([...target.path.slice(0, -1), '__flotilla_fuzz_key__'], value);
      return doc.toString().replace('__flotilla_fuzz_key__', HOSTILE_KEYS[op.key % HOSTILE_KEYS.length]);
    }
  }
  return doc.toString().replace(placeholder, raw);
}

async function configFiles(dir: string): Promise<string[]> {
  const out = ['fleet.yaml'];
  for (const folder of ['apps', 'clusters']) {
    for (const entry of await readdir(path.join(dir, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) out.push(path.relative(dir, path.join(entry.parentPath, entry.name)));
    }
  }
  return out.sort();
}

const LOCATED = /^[^\s:]+:\d+:\d+ /;
const SUMMARY = /^\d+ errors? in the fleet config; nothing was written\.$/;

let worker: CliWorker;
const temp: string[] = [];
before(() => {
  worker = new CliWorker();
});
after(async () => {
  await worker.close();
  for (const dir of temp) await rm(dir, { recursive: true, force: true });
});

/**
 * A fleet with its output generated, and a working copy of it. Each run
 * mutates the working copy in place and puts it back afterwards (cheaper than
 * a fresh copy per run): the touched config files, and the output if the run
 * generated new output.
 */
interface Fleet {
  pristine: string;
  work: string;
  files: string[];
  snapshot: Map<string, string>;
  original: Map<string, Buffer>;
}

async function prepare(config: () => Promise<string>): Promise<Fleet> {
  const pristine = await config();
  temp.push(pristine);
  const run = await worker.run(['generate', '--root', pristine, '--quiet', '--no-cache'], pristine, DEADLINE_MS * 5);
  assert.equal(run.code, 0, `the fleet to mutate is valid: ${run.err.join('\n')}`);
  const work = await mkdtemp(path.join(tmpdir(), 'flotilla-fuzz-'));
  temp.push(work);
  await cp(pristine, work, { recursive: true });
  const files = await configFiles(work);
  const original = new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(work, f))] as const)));
  return { pristine, work, files, snapshot: await snapshotTree(work), original };
}

/** The snapshot the working copy has after the mutations: the pristine one with the touched files' new contents. */
async function expectedSnapshot(fleet: Fleet, touched: Set<string>): Promise<Map<string, string>> {
  const expected = new Map(fleet.snapshot);
  for (const rel of touched) {
    const bytes = await readFile(path.join(fleet.work, rel)).catch(() => undefined);
    if (bytes) expected.set(rel, createHash('sha256').update(bytes).digest('hex'));
    else expected.delete(rel);
  }
  return expected;
}

async function restore(fleet: Fleet, touched: Set<string>, outputChanged: boolean): Promise<void> {
  for (const rel of touched) {
    const bytes = fleet.original.get(rel);
    if (bytes) await writeFile(path.join(fleet.work, rel), bytes);
    else await rm(path.join(fleet.work, rel), { force: true });
  }
  if (!outputChanged) return;
  for (const root of ['base', 'overlays', 'argocd']) {
    await rm(path.join(fleet.work, root), { recursive: true, force: true });
    await cp(path.join(fleet.pristine, root), path.join(fleet.work, root), { recursive: true });
  }
}

async function smallSyntheticFleet(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-fuzz-small-'));
  await mkdir(dir, { recursive: true });
  await writeFleet(dir, { apps: 4, environments: 2, clusters: 3, overrideClusters: 1, teams: 2 }, 7);
  return dir;
}

describe(`fuzz: mutated fleets (seed ${SEED}; replay with FLOTILLA_FUZZ_SEED=${SEED})`, () => {
  for (const [name, config] of [
    ['the example fleet', copyExampleFleet],
    ['a small synthetic fleet', smallSyntheticFleet],
  ] as const) {
    test(`${name}: never exit 70, never a hang, nothing written on error, every error located`, async (t) => {
      const fleet = await prepare(config);
      const dir = fleet.work;
      let runs = 0;
      let failed = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 3 }), async (ops) => {
          const touched = new Set<string>();
          let generated = false;
          try {
            for (const op of ops) await apply(dir, fleet.files, op, touched);
            const before = await expectedSnapshot(fleet, touched);
            const run = await worker.run(['generate', '--root', dir, '--no-cache'], dir, DEADLINE_MS);
            generated = run.code === 0;
            runs++;
            assert.ok(!run.timedOut, `generate did not finish within ${DEADLINE_MS} ms`);
            assert.notEqual(run.code, 70, `internal error:\n${run.err.join('\n')}`);
            assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}:\n${run.err.join('\n')}`);
            if (run.code === 0) return;
            const printed = run.err.filter((line) => line !== '');
            failed++;
            assert.deepEqual(await snapshotTree(dir), before, 'a failed run changed the fleet directory');
            assert.match(printed.at(-1) ?? '', SUMMARY, run.err.join('\n'));
            for (const line of printed.slice(0, -1)) assert.match(line, LOCATED, `an error without file:line:column: ${line}`);
          } finally {
            await restore(fleet, touched, generated);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      t.diagnostic(`${runs} mutated fleets, ${failed} refused with errors, ${runs - failed} generated (seed ${SEED})`);
      assert.equal(runs, RUNS);
      assert.ok(failed > 0 && failed < runs, 'the mutations reach both refused and valid fleets');
    });
  }
});
