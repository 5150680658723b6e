// Preloaded into every measured child (node --import): at exit, writes the
// process's peak resident set size (KiB, getrusage ru_maxrss) to the file the
// bench names. Works where GNU time is not installed.
import { writeFileSync } from 'node:fs';

const out = process.env.FLOTILLA_BENCH_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
