/**
 * The output layouts Flotilla could write, measured side by side on one
 * generated tree: the same objects and patches, split into files four ways.
 *   per-object       every object its own file, every patch its own file (Flotilla's first layout)
 *   inline-patches   every object its own file, patches inline in the kustomization
 *   resources-file   each folder's objects in one resources.yaml, every patch its own file
 *   chosen           objects in one resources.yaml, patches inline (what Flotilla writes)
 * For each: files, folders, bytes, and the median time of a bare node process
 * writing them into an empty folder and reading them back (rounds interleaved,
 * so a busy disk hurts every layout alike).
 *
 *   tsx scripts/bench/layouts.ts --root <generated fleet> [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { type Summary, summarize } from './stats.ts';
import { readTree } from './tree.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FILE_OPS = path.join(HERE, 'file-ops.mjs');

export const LAYOUTS = ['per-object', 'inline-patches', 'resources-file', 'chosen'] as const;
export type LayoutName = (typeof LAYOUTS)[number];
type Tree = Map<string, string>;

export interface LayoutResult {
  layout: LayoutName;
  files: number;
  folders: number;
  bytes: number;
  writeMs: Summary;
  readMs: Summary;
}

/** The chosen layout's tree (relative path → content) in each candidate layout. */
export function candidateTrees(chosen: Tree): Record<LayoutName, Tree> {
  return {
    'per-object': split(chosen, { objects: true, patches: true }),
    'inline-patches': split(chosen, { objects: true, patches: false }),
    'resources-file': split(chosen, { objects: false, patches: true }),
    chosen,
  };
}

function split(tree: Tree, what: { objects: boolean; patches: boolean }): Tree {
  const out: Tree = new Map();
  for (const [file, content] of tree) {
    const dir = path.posix.dirname(file);
    const name = path.posix.basename(file);
    const head = content.slice(0, content.indexOf('\n') + 1);
    if (name === 'resources.yaml' && what.objects) continue; // written with its kustomization
    if (name !== 'kustomization.yaml') {
      out.set(file, content);
      continue;
    }
    const k = parse(content) as { resources?: string[]; patches?: { patch?: string; path?: string; target?: { kind: string; name: string } }[] };
    if (what.objects && k.resources?.includes('resources.yaml')) {
      const docs = parseAllDocuments(tree.get(`${dir}/resources.yaml`)!).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
      const names = docs.map((o) => `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`);
      docs.forEach((o, i) => {
        out.set(`${dir}/${names[i]}`, head + stringify(o));
      });
      k.resources = [...k.resources.filter((r) => r !== 'resources.yaml'), ...names];
    }
    if (what.patches && k.patches) {
      k.patches = k.patches.map((p, i) => {
        const patchFile = `patches/${i}-${p.target ? `${p.target.kind.toLowerCase()}-${p.target.name}` : 'delete'}.yaml`;
        out.set(`${dir}/${patchFile}`, head + p.patch);
        return { path: patchFile, ...(p.target ? { target: p.target } : {}) };
      });
    }
    out.set(file, head + stringify(k));
  }
  return out;
}

export function measureLayouts(chosen: Tree, runs: number, log: (line: string) => void = () => {}): LayoutResult[] {
  const trees = candidateTrees(chosen);
  const times = new Map(LAYOUTS.map((l) => [l, { write: [] as number[], read: [] as number[] }]));
  for (let run = 0; run < runs; run++) {
    for (const layout of LAYOUTS) {
      const t = fileOps(trees[layout]);
      times.get(layout)!.write.push(t.writeMs);
      times.get(layout)!.read.push(t.readMs);
    }
    log(`layouts: round ${run + 1}/${runs}`);
  }
  return LAYOUTS.map((layout) => {
    const tree = trees[layout];
    return {
      layout,
      files: tree.size,
      folders: new Set([...tree.keys()].map((f) => path.posix.dirname(f))).size,
      bytes: [...tree.values()].reduce((n, c) => n + Buffer.byteLength(c), 0),
      writeMs: summarize(times.get(layout)!.write),
      readMs: summarize(times.get(layout)!.read),
    };
  });
}

/** A bare node process writes the tree into an empty folder and reads it back (file-ops.mjs). */
function fileOps(tree: Tree): { writeMs: number; readMs: number } {
  const input = JSON.stringify([...tree]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-layout-'));
  try {
    spawnSync('sync');
    const r = spawnSync(process.execPath, [FILE_OPS, dir], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`file-ops.mjs failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatLayouts(results: LayoutResult[]): string {
  const head = ['layout', 'files', 'folders', 'bytes', 'write (bare node)', 'read back'];
  const ms = (s: Summary) => `${(s.median / 1000).toFixed(2)} s`;
  const rows = results.map((r) => [r.layout, String(r.files), String(r.folders), `${(r.bytes / 1e6).toFixed(1)} MB`, ms(r.writeMs), ms(r.readMs)]);
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { root: { type: 'string' }, runs: { type: 'string', default: '5' } } });
  if (!values.root) throw new Error('usage: tsx scripts/bench/layouts.ts --root <generated fleet> [--runs 5]');
  const results = measureLayouts(await readTree(path.resolve(values.root)), Number(values.runs), (l) => process.stderr.write(`${l}\n`));
  process.stdout.write(`${formatLayouts(results)}\n`);
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) await main();
