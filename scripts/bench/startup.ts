/**
 * What a run costs before Flotilla does any work: a bare node process, node
 * with tsx and an empty TypeScript module, and the CLI printing its help
 * (tsx plus loading every module Flotilla imports).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runNode } from './child.ts';
import { summarize, type Summary } from './stats.ts';

export interface StartupCosts {
  bareNode: Summary;
  tsxEmptyModule: Summary;
  cliHelp: Summary;
}

export async function measureStartup(runs: number): Promise<StartupCosts> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-startup-'));
  try {
    const empty = path.join(dir, 'empty.ts');
    await writeFile(empty, 'export {};\n');
    const time = async (args: string[]) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push((await runNode(args)).ms);
      return summarize(ms);
    };
    return {
      bareNode: await time(['-e', '0']),
      tsxEmptyModule: await time(['--import', 'tsx', empty]),
      cliHelp: await time(['--import', 'tsx', path.join(REPO_ROOT, 'generator/cli/main.ts'), '--help']),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
