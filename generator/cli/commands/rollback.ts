/** `flotilla rollback <app> --env ENV [--to VERSION]`: the release the environment ran before, pinned. */
import { rollbackBranch, rollbackChange } from '../../promote/rollback.ts';
import { type Command, UsageError } from '../args.ts';
import { RELEASE_OPTIONS, RELEASE_USAGE, runRelease } from './release-options.ts';

export const rollbackCommand: Command = {
  name: 'rollback',
  usage: `Usage: flotilla rollback <app> --env ENV [--to VERSION] [--reason TEXT] [options]

Sets release.<ENV> of the app back to the versions ENV ran before, as found on the first-parent
history of the default branch (states with a rejected version are passed over), or to the latest
earlier state with VERSION, and pins ENV: flotilla promote skips the app there, and says so, until
flotilla unpin. Nothing else in the app file changes.

  --env ENV          the environment to roll back
  --to VERSION       the version to go back to (of any image or chart of the app)
  --reason TEXT      why, written into the pin (release.<ENV>.pinned)

${RELEASE_USAGE}

Exit codes: 0 rolled back; 1 error (no earlier release, a rejected version); 2 usage.`,
  options: { ...RELEASE_OPTIONS, env: { type: 'string' }, to: { type: 'string' }, reason: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals, io) {
    const env = values.env as string | undefined;
    if (positionals.length !== 1 || !env) throw new UsageError(`name one app and --env ENV\n\n${rollbackCommand.usage}`);
    const app = positionals[0]!;
    return runRelease(values, io, {
      compute: rollbackChange({ app, env, to: values.to as string | undefined, reason: values.reason as string | undefined }),
      branch: rollbackBranch(env, app),
    });
  },
};
