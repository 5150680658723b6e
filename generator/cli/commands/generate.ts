/** `flotilla generate [--check] [--root DIR]`: write the Kustomize and Argo CD output for the fleet. */
import path from 'node:path';
import { formatDiagnostic } from '../../diagnostics.ts';
import { checkLastRun, recordRun } from '../../write/run-cache.ts';
import { applyWrite, isEmptyPlan, planWrite } from '../../write/write-tree.ts';
import type { Command } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import { recoverAndReport } from '../recovery.ts';

export const generateCommand: Command = {
  name: 'generate',
  usage: `Usage: flotilla generate [--check] [--root DIR] [--quiet] [--no-cache]

  --check      write nothing; exit 3 and list the files that would change if the committed output is stale
               (always runs the whole pipeline)
  --root DIR   fleet repository root (default: current directory)
  --quiet      print only errors
  --no-cache   run the whole pipeline even if nothing changed since the last run`,
  options: { check: { type: 'boolean' }, root: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, 'no-cache': { type: 'boolean' } },
  async run(values, _positionals, io) {
    const root = path.resolve(io.cwd, (values.root as string | undefined) ?? '.');
    recoverAndReport(root, io, Boolean(values.quiet));
    // --check never trusts the record; --no-cache runs the pipeline but still keeps the record.
    const last = values.check ? undefined : checkLastRun(root);
    if (last?.unchanged && !values['no-cache']) {
      if (!values.quiet) for (const w of last.warnings) io.err(formatDiagnostic(w));
      if (!values.quiet) io.out('no changes: config, generator and generated files are as the last run left them');
      return EXIT.ok;
    }
    // Loaded only now: a run that stops early above never pays for the pipeline's modules.
    const { buildFleet } = await import('../../pipeline.ts');
    const { plan, output } = await buildFleet(root);
    if (!values.quiet) for (const w of plan.warnings) io.err(formatDiagnostic(w));
    const writePlan = await planWrite(root, output.files);
    const summary = `${output.files.length} files for ${plan.apps.length} apps × ${plan.environments.length} environments on ${plan.clusters.length} clusters`;
    if (values.check) {
      if (isEmptyPlan(writePlan)) {
        if (!values.quiet) io.out(`up to date: ${summary}`);
        return EXIT.ok;
      }
      io.out('generated output is stale; run `npm run generate` and commit the result:');
      for (const f of writePlan.added) io.out(`  added    ${f}`);
      for (const f of writePlan.changed) io.out(`  changed  ${f}`);
      for (const f of writePlan.remove) io.out(`  removed  ${f}`);
      for (const f of writePlan.leftovers) io.out(`  leftover ${f}`);
      for (const d of writePlan.emptyDirs) io.out(`  empty    ${d}/`);
      return EXIT.stale;
    }
    if (!values.quiet && !isEmptyPlan(writePlan)) {
      const { dataAtRiskWarnings } = await import('./data-at-risk-warnings.ts');
      for (const line of await dataAtRiskWarnings(root, { plan, output })) io.err(line);
    }
    const reverted = last ? writePlan.changed.filter(last.touched) : [];
    const touched = await applyWrite(root, writePlan);
    if (reverted.length > 0) io.err(revertedMessage(reverted));
    if (last) recordRun(root, last.inputs, plan.warnings);
    if (!values.quiet) io.out(`${touched.length ? `wrote ${writePlan.write.length}, removed ${writePlan.remove.length}` : 'no changes'}: ${summary}`);
    return EXIT.ok;
  },
};

/** Generated files edited since the last run are replaced like any stale file; the edit is lost, so say which. */
function revertedMessage(files: string[]): string {
  const shown = files.slice(0, 20).map((f) => `  ${f}`);
  if (files.length > shown.length) shown.push(`  … and ${files.length - shown.length} more`);
  return `reverted changes made to ${files.length} generated file${files.length === 1 ? '' : 's'} since the last run (generated files are rewritten from the config; change the config instead):\n${shown.join('\n')}`;
}
