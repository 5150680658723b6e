/** `flotilla generate [--check] [--root DIR]`: write the Kustomize and Argo CD output for the fleet. */
import path from 'node:path';
import { formatDiagnostic } from '../../diagnostics.ts';
import type { GeneratedOutput, RunRecord } from '../../incremental/generate.ts';
import { contentHash } from '../../model/hash.ts';
import { applyWrite, type DiskState, isEmptyPlan, listedAfterWrite, planFromDisk, scanOutput, type WritePlan, writtenFiles } from '../../write/write-tree.ts';
import type { Command, CommandIO } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import { recoverAndReport } from '../recovery.ts';

export const generateCommand: Command = {
  name: 'generate',
  usage: `Usage: flotilla generate [--check] [--root DIR] [--quiet] [--no-cache]

  --check      write nothing; exit 3 and list the files that would change if the committed output is stale
               (always runs the whole pipeline, without the cache)
  --root DIR   fleet repository root (default: current directory)
  --quiet      print only errors
  --no-cache   run the whole pipeline without the cache of earlier runs (and start a new cache)`,
  options: { check: { type: 'boolean' }, root: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, 'no-cache': { type: 'boolean' } },
  async run(values, _positionals, io) {
    const root = path.resolve(io.cwd, (values.root as string | undefined) ?? '.');
    const quiet = Boolean(values.quiet);
    recoverAndReport(root, io, quiet);
    if (values.check) return check(root, io, quiet);

    // Loaded only now: a run that stops early never pays for the pipeline's modules.
    const { generateOutput, openCache, saveCache } = await import('../../incremental/generate.ts');
    const { inputsHash } = await import('../../incremental/inputs.ts');
    const { fleetMentions } = await import('../../incremental/mentions-index.ts');
    const cache = values['no-cache'] ? undefined : openCache(root);
    const record = cache?.record;
    // Hashed before the pipeline reads them: a config file edited during the run makes the record stale, never wrong.
    const inputs = inputsHash(root);
    const disk = scanOutput(root, record?.outputs, record?.dirs);
    if (record && record.inputs === inputs && asWritten(disk, record.outputs)) {
      if (!quiet) for (const w of record.warnings) io.err(formatDiagnostic(w));
      if (!quiet) io.out('no changes: config, generator and generated files are as the last run left them');
      return EXIT.ok;
    }
    // For the previews after this run: the names each config file writes out, as this run reads the files. Before the
    // pipeline, while the heap is small (0.18 s of a cold run at L, most of it reading the 2,000 app files).
    fleetMentions(root);
    const written = await writeOutput(root, inputs, disk, await generateOutput(root, disk, cache), io, quiet);
    // Only the record is held from here: the output's files and objects can go before the cache is written,
    // the moment memory would otherwise peak.
    saveCache(root, written.record, cache);
    if (!quiet) io.out(written.message);
    return EXIT.ok;
  },
};

/** Writes what differs from the disk, after the warnings; gives the record of the run and what to say. */
async function writeOutput(
  root: string,
  inputs: string,
  disk: DiskState,
  output: GeneratedOutput,
  io: CommandIO,
  quiet: boolean,
): Promise<{ record: RunRecord; message: string }> {
  const { plan } = output;
  if (!quiet) for (const w of plan.warnings) io.err(formatDiagnostic(w));
  const writePlan = planFromDisk(disk, output.wanted);
  if (!quiet && !isEmptyPlan(writePlan)) {
    const { dataAtRiskWarnings, lastRunDataWarnings } = await import('./data-at-risk-warnings.ts');
    const lines = output.dataRisks
      ? lastRunDataWarnings(output.dataRisks)
      : await dataAtRiskWarnings(root, async () => output.built?.() ?? (await import('../../pipeline.ts')).buildFleet(root));
    for (const line of lines) io.err(line);
  }
  const reverted = writePlan.changed.filter((f) => disk.files.get(f)?.touched);
  await applyWrite(root, writePlan);
  if (reverted.length > 0) io.err(revertedMessage(reverted));
  const summary = `${output.wanted.length} files for ${plan.apps.length} apps × ${plan.environments.length} environments on ${plan.clusters.length} clusters`;
  return {
    record: {
      inputs,
      warnings: plan.warnings,
      outputs: writtenFiles(root, disk, output.wanted, writePlan),
      dirs: listedAfterWrite(root, disk, writePlan),
      apps: output.apps,
      appSets: output.appSets,
      teams: output.teams,
      clusters: output.clusters,
    },
    message: `${isEmptyPlan(writePlan) ? 'no changes' : `wrote ${writePlan.write.length}, removed ${writePlan.remove.length}`}: ${summary}`,
  };
}

/** The CI gate: the whole pipeline, no cache, every file compared. */
async function check(root: string, io: CommandIO, quiet: boolean): Promise<number> {
  const { buildFleet } = await import('../../pipeline.ts');
  const { plan, output } = await buildFleet(root);
  if (!quiet) for (const w of plan.warnings) io.err(formatDiagnostic(w));
  const writePlan = planFromDisk(
    scanOutput(root),
    output.files.map((f) => ({ path: f.path, hash: contentHash(f.content), content: f.content })),
  );
  const summary = `${output.files.length} files for ${plan.apps.length} apps × ${plan.environments.length} environments on ${plan.clusters.length} clusters`;
  if (isEmptyPlan(writePlan)) {
    if (!quiet) io.out(`up to date: ${summary}`);
    return EXIT.ok;
  }
  io.out('generated output is stale; run `npm run generate` and commit the result:');
  for (const line of staleLines(writePlan)) io.out(line);
  return EXIT.stale;
}

function staleLines(p: WritePlan): string[] {
  return [
    ...p.added.map((f) => `  added    ${f}`),
    ...p.changed.map((f) => `  changed  ${f}`),
    ...p.remove.map((f) => `  removed  ${f}`),
    ...p.leftovers.map((f) => `  leftover ${f}`),
    ...p.emptyDirs.map((d) => `  empty    ${d}/`),
  ];
}

/** Exactly the files the last run wrote, each as it left it, and nothing else. */
function asWritten(disk: ReturnType<typeof scanOutput>, written: ReadonlyMap<string, { fingerprint: string }>): boolean {
  if (disk.files.size !== written.size || disk.leftovers.length > 0 || disk.emptyDirs.length > 0) return false;
  for (const [file, state] of disk.files) if (written.get(file)?.fingerprint !== state.fingerprint) return false;
  return true;
}

/** Generated files edited since the last run are replaced like any stale file; the edit is lost, so say which. */
function revertedMessage(files: string[]): string {
  const shown = files.slice(0, 20).map((f) => `  ${f}`);
  if (files.length > shown.length) shown.push(`  … and ${files.length - shown.length} more`);
  return `reverted changes made to ${files.length} generated file${files.length === 1 ? '' : 's'} since the last run (generated files are rewritten from the config; change the config instead):\n${shown.join('\n')}`;
}
