/** `flotilla commit`: generate, then commit exactly the generated changes (and push them with --push). */
import { deliverCommit } from '../../deliver/deliver-commit.ts';
import { summaryLines } from '../../deliver/summary-text.ts';
import { authForRemote, remoteUrl } from '../../deliver/workspace.ts';
import type { Command } from '../args.ts';
import { DELIVERY_CHART_USAGE, deliveryChartRenderer } from '../chart-options.ts';
import { EXIT } from '../exit-codes.ts';
import { DELIVERY_OPTIONS, deliveryFailure, deliveryIO, openDeliveryWorkspace } from './delivery-options.ts';

export const commitCommand: Command = {
  name: 'commit',
  usage: `Usage: flotilla commit [--push] [--repo PATH|URL] [--allow-deletions] [--dry-run] [options]

Commits only files Flotilla generated (base/, overlays/, argocd/ with the Flotilla header);
other changes in the working tree stay as they are. The message names the apps, environments
and clusters that changed and the config files that caused it. Chart Applications whose chart
or values change are rendered with helm template, as \`flotilla diff\` renders them.

  --root DIR             fleet directory (default: current directory; with --repo: inside that repository)
  --repo PATH|URL        a separate fleet repository. A local checkout is used in place; a URL or a
                         bare repository is cloned into --workdir and the commit is always pushed back
  --workdir DIR          where to keep the clone of --repo (default: a directory under the system temp
                         directory, reused by later runs)
  --branch NAME          with a cloned --repo: branch to commit to (default: the remote's default branch)
  --push                 push the commit; if someone pushed first, fetch, regenerate on their commit and
                         retry (never a force push)
  --max-attempts N       push attempts before giving up (default 3)
  --allow-deletions      allow deleting more Argo CD Applications than fleet.guards.maxApplicationDeletions,
                         every Application of a cluster or environment, or deleting or replacing objects
                         that hold data (PVCs, StatefulSets, database custom resources)
${DELIVERY_CHART_USAGE}
  --dry-run              print what would be committed; write nothing
  --message-prefix TEXT  start of the commit subject (default "flotilla:")
  --token-env NAME       variable holding the token for https remotes (default GITHUB_TOKEN)

Exit codes: 0 committed, or nothing to do; 1 error; 2 usage; 4 deletions or data loss refused.`,
  options: { ...DELIVERY_OPTIONS, push: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const { token, secrets, say, maxAttempts } = deliveryIO(values, io);
    const charts = deliveryChartRenderer(values, io);
    try {
      const workspace = await openDeliveryWorkspace(values, io, token);
      const result = await deliverCommit({
        workspace,
        branch: values.branch as string | undefined,
        push: Boolean(values.push),
        allowDeletions: Boolean(values['allow-deletions']),
        charts,
        dryRun: Boolean(values['dry-run']),
        messagePrefix: values['message-prefix'] as string | undefined,
        auth: authForRemote(await remoteUrl(workspace), token),
        maxAttempts,
        log: (line) => say.err(line),
      });
      if (result.kind === 'nothing-to-do') {
        say.out(`nothing to do: the generated output on ${result.branch} is up to date`);
        return EXIT.ok;
      }
      for (const line of summaryLines(result.summary)) say.out(line);
      if (result.kind === 'dry-run') {
        say.out(`dry run: would commit ${result.paths.length} file(s) on ${result.branch}; nothing was written`);
        for (const p of result.paths) say.out(`  ${p}`);
        say.out('');
        say.out(result.message.trimEnd());
        return EXIT.ok;
      }
      if (result.kind === 'already-pushed') {
        say.out(
          `nothing to push: ${workspace.remote}/${result.branch} is already at ${result.remoteSha.slice(0, 12)}, pushed by another writer with this output`,
        );
        return EXIT.ok;
      }
      for (const p of result.keptHandWritten) say.err(`warning: ${p} is no longer generated but now holds a hand-written file; left uncommitted`);
      say.out(`committed ${result.sha.slice(0, 12)} on ${result.branch}: ${result.message.split('\n')[0]}`);
      if (result.pushed) say.out(`pushed to ${workspace.remote}/${result.branch} (${result.attempts} attempt${result.attempts === 1 ? '' : 's'})`);
      return EXIT.ok;
    } catch (error) {
      return deliveryFailure(error, say, secrets);
    }
  },
};
