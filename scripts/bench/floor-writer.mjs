// The floor: the least any generator must spend to produce this output. A bare
// node process (no tsx, no Flotilla code) reads a generated tree into memory
// (not timed), then writes the same strings below the target: each folder
// once, then every file with one synchronous write (on this kind of machine
// the fastest way from Node, faster than promise-based writes with any
// concurrency we tried), then reads every file back. No staging and no
// renames, which Flotilla's safe replace needs, so the floor is optimistic.
// The bench points it at the fleet's own folder, emptied the way a cold
// generate finds it, so both pay the same disk state.
// Prints JSON: { startupMs, writeMs, readMs, writeUserMs, writeSystemMs, files, bytes }.
//   node scripts/bench/floor-writer.mjs <generated-root> <target>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedFiles } from './generated-files.mjs';

const startupMs = performance.now(); // since this process began
const [source, target] = process.argv.slice(2);
const files = generatedFiles(source);
const contents = files.map((f) => readFileSync(path.join(source, f), 'utf8'));

const before = process.resourceUsage();
const start = performance.now();
for (const dir of new Set(files.map((f) => path.dirname(f)))) mkdirSync(path.join(target, dir), { recursive: true });
for (let i = 0; i < files.length; i++) writeFileSync(path.join(target, files[i]), contents[i], 'utf8');
const writeMs = performance.now() - start;
const after = process.resourceUsage();
const readStart = performance.now();
for (const f of files) readFileSync(path.join(target, f));
const readMs = performance.now() - readStart;
const bytes = contents.reduce((n, c) => n + Buffer.byteLength(c), 0);
process.stdout.write(
  `${JSON.stringify({
    startupMs,
    writeMs,
    readMs,
    writeUserMs: (after.userCPUTime - before.userCPUTime) / 1000,
    writeSystemMs: (after.systemCPUTime - before.systemCPUTime) / 1000,
    files: files.length,
    bytes,
  })}\n`,
);
