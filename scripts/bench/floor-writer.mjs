// The floor: the least any generator must spend to produce this output. A bare
// node process (no tsx) reads a generated tree into memory (not timed), then
// writes the same strings to an empty directory: parent folders first, then
// the files with 64 writes in flight. No staging and no renames, which
// Flotilla's atomic write needs, so the floor is a little optimistic.
// Prints JSON: { startupMs, writeMs, files, bytes }.
//   node scripts/bench/floor-writer.mjs <generated-root> <empty-target>
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const startupMs = performance.now(); // since this process began
const [source, target] = process.argv.slice(2);
const ROOTS = ['base', 'overlays', 'argocd'];
const files = [];
for (const root of ROOTS) {
  const entries = await readdir(path.join(source, root), { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isFile()) files.push(path.relative(source, path.join(e.parentPath ?? e.path, e.name)));
}
const contents = await Promise.all(files.map((f) => readFile(path.join(source, f), 'utf8')));

const start = performance.now();
const dirs = [...new Set(files.map((f) => path.dirname(f)))].sort();
for (const dir of dirs) await mkdir(path.join(target, dir), { recursive: true });
let next = 0;
const worker = async () => {
  while (next < files.length) {
    const i = next++;
    await writeFile(path.join(target, files[i]), contents[i], 'utf8');
  }
};
await Promise.all(Array.from({ length: 64 }, worker));
const writeMs = performance.now() - start;
const bytes = contents.reduce((n, c) => n + Buffer.byteLength(c), 0);
process.stdout.write(JSON.stringify({ startupMs, writeMs, files: files.length, bytes }) + '\n');
