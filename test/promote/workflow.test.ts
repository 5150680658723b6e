// The shipped promotion workflow (.github/workflows/promote.yml) is not run by
// this repository's CI, so its contract with the CLI is checked here: it is a
// manual dispatch with app and environment inputs, the command it runs parses
// for the inputs it can get, and tokens come only from secrets, in the environment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { parseCommandArgs } from '../../generator/cli/args.ts';
import { promoteCommand } from '../../generator/cli/commands/promote.ts';
import { versionsCommand } from '../../generator/cli/commands/versions.ts';
import { REPO_ROOT } from '../support/temp-fleet.ts';

const workflow = parse(readFileSync(path.join(REPO_ROOT, '.github/workflows/promote.yml'), 'utf8')) as {
  on: { workflow_dispatch: { inputs: Record<string, { required?: boolean; type?: string; options?: string[] }> } };
  permissions: Record<string, string>;
  jobs: {
    promote: {
      permissions: Record<string, string>;
      concurrency: { group: string };
      steps: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }[];
    };
  };
};

/** The promote command line with the shell's expansions done, as bash would for these inputs. */
function promoteArgs(inputs: { apps: string; team: string; to: string; force: boolean }): string[] {
  const run = workflow.jobs.promote.steps.find((s) => s.run?.includes('flotilla promote'))!.run!;
  const line = run.split('\n').find((l) => l.trim().startsWith('npx flotilla promote'))!;
  const expanded = line
    .replace('$APPS', inputs.apps)
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a JavaScript template
    .replace('${TEAM:+--team "$TEAM"}', inputs.team ? `--team ${inputs.team}` : '')
    .replace('"$TO"', inputs.to)
    .replace('$force', inputs.force ? '--force' : '');
  return expanded.trim().split(/\s+/).slice(3);
}

test('a manual dispatch with apps, team, environment and force inputs runs promote --pr, which parses for each', () => {
  const inputs = workflow.on.workflow_dispatch.inputs;
  assert.deepEqual(Object.keys(inputs).sort(), ['apps', 'environment', 'force', 'team']);
  assert.equal(inputs.environment!.required, true);
  assert.deepEqual(inputs.environment!.options, ['staging', 'prod']);
  for (const input of [
    { apps: 'wander', team: '', to: 'staging', force: false },
    { apps: 'wander matomo', team: '', to: 'prod', force: true },
    { apps: '', team: 'travel', to: 'prod', force: false },
  ]) {
    const argv = promoteArgs(input);
    const { values, positionals } = parseCommandArgs(promoteCommand, argv);
    assert.deepEqual(positionals, input.apps.split(' ').filter(Boolean));
    assert.equal(values.to, input.to);
    assert.equal(values.pr, true);
    assert.equal(values.force, input.force || undefined);
    assert.equal(values.team, input.team || undefined);
  }
  const summary = workflow.jobs.promote.steps.find((s) => s.run?.includes('flotilla versions'))!;
  assert.doesNotThrow(() => parseCommandArgs(versionsCommand, ['--format', 'markdown']));
  assert.match(summary.run!, />> "\$GITHUB_STEP_SUMMARY"/);
});

test('least privilege, tokens only from secrets in the environment, inputs never pasted into the script', () => {
  assert.deepEqual(workflow.permissions, { contents: 'read' });
  assert.deepEqual(workflow.jobs.promote.permissions, { contents: 'write', 'pull-requests': 'write' });
  const checkout = workflow.jobs.promote.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
  assert.deepEqual(checkout.with, { 'persist-credentials': false, 'fetch-depth': 0 });
  const step = workflow.jobs.promote.steps.find((s) => s.run?.includes('flotilla promote'))!;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions, not JavaScript templates
  assert.equal(step.env!.GITHUB_TOKEN, '${{ secrets.GITHUB_TOKEN }}');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions, not JavaScript templates
  assert.equal(step.env!.ARGOCD_AUTH_TOKEN, '${{ secrets.ARGOCD_AUTH_TOKEN }}');
  for (const s of workflow.jobs.promote.steps) assert.ok(!(s.run ?? '').includes('${{'), `no expression inside a script: ${s.run}`);
  assert.match(workflow.jobs.promote.concurrency.group, /inputs\.environment/);
});
