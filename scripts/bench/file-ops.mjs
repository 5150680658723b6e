// A bare node process (no Flotilla code): reads [path, content] pairs as JSON
// on stdin, then writes them below an empty folder (each folder once, then
// every file with one synchronous write) and reads them all back.
// Prints JSON: { writeMs, readMs }.
//   node scripts/bench/file-ops.mjs <empty-target> < files.json
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [target] = process.argv.slice(2);
const files = JSON.parse(readFileSync(0, 'utf8'));

let start = performance.now();
for (const dir of new Set(files.map(([f]) => path.dirname(f)))) mkdirSync(path.join(target, dir), { recursive: true });
for (const [file, content] of files) writeFileSync(path.join(target, file), content, 'utf8');
const writeMs = performance.now() - start;

start = performance.now();
let bytes = 0;
for (const [file] of files) bytes += readFileSync(path.join(target, file)).length;
const readMs = performance.now() - start;
process.stdout.write(`${JSON.stringify({ writeMs, readMs, bytes })}\n`);
