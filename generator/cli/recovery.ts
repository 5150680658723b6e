/** Before a command reads or writes the output: finish or discard what a killed run left (write/journal.ts), and say so. */
import { recoverOutput } from '../write/journal.ts';
import type { CommandIO } from './args.ts';

export function recoverAndReport(root: string, io: Pick<CommandIO, 'err'>, quiet = false): void {
  const outcome = recoverOutput(root);
  if (outcome === 'none' || quiet) return;
  io.err(
    outcome === 'finished'
      ? 'finished writing the output an interrupted run had committed to'
      : 'discarded the unfinished write of an interrupted run (the output had not been touched)',
  );
}
