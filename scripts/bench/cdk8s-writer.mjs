// The same output written by cdk8s, the generator per object people compare
// Flotilla with: a bare node process reads a generated tree and parses its
// objects (not timed), then builds one cdk8s Chart per generated file with one
// ApiObject per object, and synthesizes the charts to YAML files below the
// target (timed: construct tree, validation hooks, YAML, files). This is cdk8s
// doing the least it can for these objects, since the specs are handed to it
// ready-made; Flotilla's cold run computes them from the fleet config.
// Prints JSON: { objects, files, ms, userMs, systemMs }.
//   node scripts/bench/cdk8s-writer.mjs <generated-root> <target>
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { generatedFiles } from './generated-files.mjs';

const [source, target] = process.argv.slice(2);
const charts = generatedFiles(source)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parseAllDocuments(readFileSync(path.join(source, f), 'utf8')).map((d) => d.toJS()))
  .map((docs) => docs.filter((d) => d && typeof d === 'object' && d.kind));
const objects = charts.reduce((n, c) => n + c.length, 0);

const before = process.resourceUsage();
const start = performance.now();
const app = new App({ outdir: target, yamlOutputType: YamlOutputType.FILE_PER_CHART });
charts.forEach((objs, i) => {
  const chart = new Chart(app, `c${i}`);
  objs.forEach((o, j) => {
    new ApiObject(chart, `o${j}`, o);
  });
});
app.synth();
const ms = performance.now() - start;
const after = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    objects,
    files: charts.length,
    ms,
    userMs: (after.userCPUTime - before.userCPUTime) / 1000,
    systemMs: (after.systemCPUTime - before.systemCPUTime) / 1000,
  })}\n`,
);
