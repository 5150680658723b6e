/** `flotilla commit`: generate, then commit exactly the generated changes (and push them with --push). */
import { deliverCommit } from '../../deliver/deliver-commit.ts';
import { DeletionRefusedError } from '../../deliver/deletion-guard.ts';
import { asUserError, redactingWriters } from '../../deliver/delivery-errors.ts';
import { summaryLines } from '../../deliver/summary-text.ts';
import { authForRemote, openWorkspace, remoteUrl } from '../../deliver/workspace.ts';
import { UsageError, type Command } from '../args.ts';
import { EXIT } from '../exit-codes.ts';

export const commitCommand: Command = {
  name: 'commit',
  summary: 'Generate, then commit exactly the generated changes (optionally push them)',
  usage: `Usage: flotilla commit [--push] [--repo PATH|URL] [--allow-deletions] [--dry-run] [options]

Commits only files Flotilla generated (base/, overlays/, argocd/ with the Flotilla header);
other changes in the working tree stay as they are. The message names the apps, environments
and clusters that changed and the config files that caused it.

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
                         or every Application of a cluster or environment
  --dry-run              print what would be committed; write nothing
  --message-prefix TEXT  start of the commit subject (default "flotilla:")
  --token-env NAME       variable holding the token for https remotes (default GITHUB_TOKEN)

Exit codes: 0 committed, or nothing to do; 1 error; 2 usage; 4 deletions refused.`,
  options: {
    root: { type: 'string' },
    repo: { type: 'string' },
    workdir: { type: 'string' },
    branch: { type: 'string' },
    push: { type: 'boolean' },
    'max-attempts': { type: 'string' },
    'allow-deletions': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'message-prefix': { type: 'string' },
    'token-env': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const tokenEnv = (values['token-env'] as string | undefined) ?? 'GITHUB_TOKEN';
    const token = io.env[tokenEnv]?.trim() || undefined;
    const secrets = token ? [token] : [];
    const say = redactingWriters(io, secrets);
    const maxAttempts = parseAttempts(values['max-attempts'] as string | undefined);
    try {
      const repo = values.repo as string | undefined;
      const workspace = await openWorkspace({ cwd: io.cwd, root: values.root as string | undefined, repo, workdir: values.workdir as string | undefined, auth: authForRemote(repo ?? null, token) });
      const result = await deliverCommit({
        workspace,
        branch: values.branch as string | undefined,
        push: Boolean(values.push),
        allowDeletions: Boolean(values['allow-deletions']),
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
      for (const p of result.keptHandWritten) say.err(`warning: ${p} is no longer generated but now holds a hand-written file; left uncommitted`);
      say.out(`committed ${result.sha.slice(0, 12)} on ${result.branch}: ${result.message.split('\n')[0]}`);
      if (result.pushed) say.out(`pushed to ${workspace.remote}/${result.branch} (${result.attempts} attempt${result.attempts === 1 ? '' : 's'})`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof DeletionRefusedError) {
        say.err(`error: ${error.message}`);
        return EXIT.deletionsRefused;
      }
      throw asUserError(error, secrets);
    }
  },
};

export function parseAttempts(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new UsageError(`--max-attempts must be a whole number from 1 to 20, got ${JSON.stringify(text)}`);
  return n;
}

