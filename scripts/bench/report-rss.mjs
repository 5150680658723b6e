// Preloaded into every measured child (node --import): at exit, writes the
// process's peak resident set size (KiB, getrusage ru_maxrss) and its user and
// system CPU time (µs) as JSON to the file the bench names. Works where GNU
// time is not installed.
import { writeFileSync } from 'node:fs';

const out = process.env.FLOTILLA_BENCH_RSS_FILE;
if (out)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
  });
