/**
 * What a run costs before Flotilla does any work: a bare node process, the CLI
 * printing its help from its bundle (what `npm run generate` runs), and the
 * same through tsx from the TypeScript sources (FLOTILLA_NO_BUNDLE=1).
 */
import { CLI, runNode } from './child.ts';
import { type Summary, summarize } from './stats.ts';

export interface StartupCosts {
  bareNode: Summary;
  cliHelp: Summary;
  cliHelpUnbundled: Summary;
}

export async function measureStartup(runs: number): Promise<StartupCosts> {
  const time = async (args: string[], env: Record<string, string> = {}) => {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) ms.push((await runNode(args, env)).ms);
    return summarize(ms);
  };
  await runNode([CLI, '--help']); // builds the bundle if the sources changed
  return {
    bareNode: await time(['-e', '0']),
    cliHelp: await time([CLI, '--help']),
    cliHelpUnbundled: await time([CLI, '--help'], { FLOTILLA_NO_BUNDLE: '1' }),
  };
}
