/** `flotilla promote <app>... --to <env>`: move the release of the previous environment (or --from) into the target. */
import { createArgoCdClient } from '../../promote/argocd-client.ts';
import { promotionBranch, promotionChange } from '../../promote/promote.ts';
import { type Command, UsageError } from '../args.ts';
import { RELEASE_OPTIONS, RELEASE_USAGE, runRelease } from './release-options.ts';

export const promoteCommand: Command = {
  name: 'promote',
  usage: `Usage: flotilla promote <app>... --to ENV [--from ENV] [--team TEAM] [--all] [--force] [options]

Copies the release values (image and chart versions) of the previous environment in fleet.yaml
order, or --from, into release.<ENV> of each app, and regenerates. Everything else in the app
files stays byte for byte. Apps pinned in ENV (flotilla rollback) are skipped and said so; a
rejected version is refused; several apps move together or not at all.

  --to ENV               the environment to promote into
  --from ENV             the environment to promote from (default: the one before ENV the app runs in)
  --team TEAM            every app of the team (with app names: those too)
  --all                  every app
  --force                promote past environments in between that run something else (the PR says so)
  --argocd-server URL    Argo CD API server, for environments with a health gate (default: ARGOCD_SERVER)
  --argocd-token-env N   variable holding the Argo CD token (default ARGOCD_AUTH_TOKEN); never written anywhere

${RELEASE_USAGE}

Gates (fleet.yaml environments[].promotion): soak (the source has run the versions that long on the
default branch's first-parent history) and health (Argo CD: Synced at a revision with the versions,
Healthy, running the images). A refused gate names the gate, the Application or the time left.

Exit codes: 0 promoted, or nothing to promote; 1 error or refused; 2 usage; 5 a gate refused.`,
  options: {
    ...RELEASE_OPTIONS,
    to: { type: 'string' },
    from: { type: 'string' },
    team: { type: 'string' },
    all: { type: 'boolean' },
    force: { type: 'boolean' },
    'argocd-server': { type: 'string' },
    'argocd-token-env': { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    const to = values.to as string | undefined;
    if (!to) throw new UsageError(`--to ENV is required\n\n${promoteCommand.usage}`);
    const request = {
      apps: positionals,
      team: values.team as string | undefined,
      all: Boolean(values.all),
      to,
      from: values.from as string | undefined,
      force: Boolean(values.force),
    };
    if (!request.apps.length && !request.team && !request.all)
      throw new UsageError(`name the apps to promote, or pass --team TEAM or --all\n\n${promoteCommand.usage}`);
    const server = (values['argocd-server'] as string | undefined) ?? io.env.ARGOCD_SERVER;
    const tokenEnv = (values['argocd-token-env'] as string | undefined) ?? 'ARGOCD_AUTH_TOKEN';
    const { compute } = promotionChange({ ...request, argocd: server ? createArgoCdClient({ server, token: io.env[tokenEnv], tokenEnv }) : undefined });
    return runRelease(values, io, {
      compute,
      // Named after the request, so the same request finds the same pull request.
      branch: promotionBranch(to, [...[...new Set(request.apps)].sort(), ...(request.team ? [`team-${request.team}`] : []), ...(request.all ? ['all'] : [])]),
    });
  },
};
