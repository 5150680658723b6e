/** `flotilla unpin <app>... --env ENV`: remove the pin a rollback left, so promote moves the app there again. */
import { unpinBranch, unpinChange } from '../../promote/rollback.ts';
import { type Command, UsageError } from '../args.ts';
import { RELEASE_OPTIONS, RELEASE_USAGE, runRelease } from './release-options.ts';

export const unpinCommand: Command = {
  name: 'unpin',
  usage: `Usage: flotilla unpin <app>... --env ENV [options]

Removes release.<ENV>.pinned from each app, so flotilla promote moves it into ENV again.

  --env ENV          the environment to unpin

${RELEASE_USAGE}

Exit codes: 0 unpinned, or nothing was pinned; 1 error; 2 usage.`,
  options: { ...RELEASE_OPTIONS, env: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals, io) {
    const env = values.env as string | undefined;
    if (positionals.length === 0 || !env) throw new UsageError(`name the apps and --env ENV\n\n${unpinCommand.usage}`);
    return runRelease(values, io, { compute: unpinChange(positionals, env), branch: unpinBranch(env, positionals) });
  },
};
