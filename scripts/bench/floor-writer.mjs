// The floor: the least any generator must spend to produce this output. A bare
// node process (no tsx, no Flotilla code) reads a generated tree into memory
// (not timed), then writes the same strings to an empty directory: each
// folder once, then every file with one synchronous write (on this kind of
// machine the fastest way from Node, faster than promise-based writes with
// any concurrency we tried). No staging and no renames, which Flotilla's
// safe replace needs for changed files, so the floor is slightly optimistic.
// Prints JSON: { startupMs, writeMs, files, bytes }.
//   node scripts/bench/floor-writer.mjs <generated-root> <empty-target>
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const startupMs = performance.now(); // since this process began
const [source, target] = process.argv.slice(2);
const files = [];
for (const root of ['base', 'overlays', 'argocd']) {
  let entries = [];
  try {
    entries = readdirSync(path.join(source, root), { recursive: true, withFileTypes: true });
  } catch {
    continue;
  }
  for (const e of entries) if (e.isFile()) files.push(path.relative(source, path.join(e.parentPath, e.name)));
}
const contents = files.map((f) => readFileSync(path.join(source, f), 'utf8'));

const start = performance.now();
for (const dir of new Set(files.map((f) => path.dirname(f)))) mkdirSync(path.join(target, dir), { recursive: true });
for (let i = 0; i < files.length; i++) writeFileSync(path.join(target, files[i]), contents[i], 'utf8');
const writeMs = performance.now() - start;
const bytes = contents.reduce((n, c) => n + Buffer.byteLength(c), 0);
process.stdout.write(`${JSON.stringify({ startupMs, writeMs, files: files.length, bytes })}\n`);
