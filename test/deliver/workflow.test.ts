// The shipped GitHub Actions workflow (.github/workflows/fleet.yml) is not run
// by this repository's CI, so its contract with the CLI is checked here: the
// commands it runs exist with those options, and the token is handled safely.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { parseCommandArgs } from '../../generator/cli/args.ts';
import { COMMANDS } from '../../generator/cli/commands/index.ts';
import { REPO_ROOT } from '../support/temp-fleet.ts';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  permissions?: Record<string, string>;
  concurrency?: { group: string };
  steps: Step[];
}

const workflow = parse(readFileSync(path.join(REPO_ROOT, '.github/workflows/fleet.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};

function flotillaRuns(job: Job): string[][] {
  // Shell redirections are not the CLI's business; quotes only group words.
  return job.steps
    .flatMap((s) => (s.run ?? '').split('\n'))
    .filter((l) => l.trim().startsWith('npx flotilla '))
    .map((l) => l.split('>>')[0].trim().replace(/"/g, '').split(/\s+/).slice(2));
}

test('pull requests run generate --check; pushes to main run pr with the token from the environment', async () => {
  assert.deepEqual(flotillaRuns(workflow.jobs.check!), [
    ['generate', '--check'],
    ['diff', 'origin/$BASE_REF', 'HEAD', '--format', 'markdown', '--max-bytes', '1048576', '--json-out', 'flotilla-diff.json', '--full-diff-url', '$RUN_URL'],
  ]);
  assert.deepEqual(flotillaRuns(workflow.jobs.deliver!), [['pr', '--base', 'main', '--json-out', 'flotilla-diff.json', '--full-diff-url', '$RUN_URL']]);
  for (const argv of [...flotillaRuns(workflow.jobs.check!), ...flotillaRuns(workflow.jobs.deliver!)]) {
    const entry = COMMANDS.find((c) => c.name === argv[0]);
    assert.ok(entry, `flotilla ${argv[0]} exists`);
    const command = await entry.load();
    assert.doesNotThrow(() => parseCommandArgs(command, argv.slice(1)), `flotilla ${argv.join(' ')} parses`);
  }
  const pr = workflow.jobs.deliver!.steps.find((s) => s.run?.includes('flotilla pr'))!;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JavaScript template
  assert.equal(pr.env?.GITHUB_TOKEN, '${{ secrets.GITHUB_TOKEN }}');
  assert.deepEqual(Object.keys(workflow.on).sort(), ['pull_request', 'push', 'workflow_dispatch']);
});

test('the full JSON diff both jobs write is uploaded as an artifact, and the Markdown links to the run holding it', () => {
  for (const job of [workflow.jobs.check!, workflow.jobs.deliver!]) {
    const writes = job.steps.find((s) => s.run?.includes('--json-out flotilla-diff.json'))!;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JavaScript template
    assert.equal(writes.env?.RUN_URL, '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}');
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    assert.deepEqual(upload.with, { name: 'flotilla-diff', path: 'flotilla-diff.json', 'if-no-files-found': 'ignore' });
    assert.ok(job.steps.indexOf(upload) > job.steps.indexOf(writes), 'uploaded after it is written');
  }
});

test('least privilege and no stored credentials: read-only by default, write only where delivering, checkout keeps no token', () => {
  assert.deepEqual(workflow.permissions, { contents: 'read' });
  assert.deepEqual(workflow.jobs.deliver!.permissions, { contents: 'write', 'pull-requests': 'write' });
  assert.equal(workflow.jobs.check!.permissions, undefined);
  for (const job of Object.values(workflow.jobs)) {
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    assert.deepEqual(checkout.with, { 'persist-credentials': false, 'fetch-depth': 0 });
    assert.ok(job.concurrency?.group, 'each job has a concurrency group');
  }
});
