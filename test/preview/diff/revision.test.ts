/**
 * The fleet config at another revision, read out of git into a temporary
 * directory: the default base (merge base with main), a fleet in a
 * sub-directory of its repository, a revision before fleet.yaml existed,
 * and clear errors — and the working tree, index and HEAD left untouched.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { UserError } from '../../../generator/diagnostics.ts';
import { buildFleet } from '../../../generator/pipeline.ts';
import { buildFleetAtRevision, defaultBaseRevision, resolveRevision } from '../../../generator/preview/diff/revision.ts';
import { CONFIG_ENTRIES, REPO_ROOT } from '../../support/temp-fleet.ts';

const run = promisify(execFile);
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};
const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd, env: GIT_ENV })).stdout.trim();

let repo: string;
let fleet: string;
let first: string;

before(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'flotilla-revision-test-'));
  await git(repo, 'init', '-q', '-b', 'main');
  await writeFile(path.join(repo, 'README.md'), 'before the fleet\n');
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-qm', 'no fleet yet');
  first = await git(repo, 'rev-parse', 'HEAD');
  // The fleet lives in a sub-directory of its repository.
  fleet = path.join(repo, 'fleet');
  await mkdir(fleet);
  for (const e of CONFIG_ENTRIES) await cp(path.join(REPO_ROOT, e), path.join(fleet, e), { recursive: true });
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-qm', 'fleet');
  await git(repo, 'checkout', '-qb', 'feature');
  const wander = path.join(fleet, 'apps/wander.yaml');
  await writeFile(wander, (await readFile(wander, 'utf8')).replace('frontend:\n    replicas: 2', 'frontend:\n    replicas: 3'));
  await git(repo, 'commit', '-qam', 'more replicas');
});
after(() => rm(repo, { recursive: true, force: true }));

describe('fleet revisions', () => {
  it('defaults to the merge base with main, and builds the fleet as it was there', async () => {
    const base = await defaultBaseRevision(fleet);
    assert.equal(base.sha, await git(repo, 'rev-parse', 'main'));
    assert.match(base.label, /^merge base with main \([0-9a-f]{8}\)$/);
    const then = await buildFleetAtRevision(fleet, base);
    const now = await buildFleet(fleet);
    const replicas = (b: typeof now) =>
      (b.output.rendered.get('overlays/staging/wander')!.find((o) => o.metadata.name === 'wander-frontend')!.spec as { replicas: number }).replicas;
    assert.deepEqual([replicas(then), replicas(now)], [2, 3]);
  });

  it('leaves the working tree, index and HEAD alone', async () => {
    const status = await git(repo, 'status', '--porcelain');
    const head = await git(repo, 'rev-parse', 'HEAD');
    await buildFleetAtRevision(fleet, await resolveRevision(fleet, 'main'));
    assert.equal(await git(repo, 'status', '--porcelain'), status);
    assert.equal(await git(repo, 'rev-parse', 'HEAD'), head);
    assert.equal(await git(repo, 'worktree', 'list', '--porcelain').then((o) => o.split('\n\n').length), 1);
  });

  it('is an empty fleet at a revision before fleet.yaml existed', async () => {
    const built = await buildFleetAtRevision(fleet, await resolveRevision(fleet, first));
    assert.deepEqual([built.plan.apps, built.output.argocdObjects], [[], []]);
  });

  it('refuses unknown revisions and places that are not git repositories, saying which', async () => {
    await assert.rejects(
      resolveRevision(fleet, 'no-such-branch'),
      (e: unknown) => e instanceof UserError && /unknown git revision "no-such-branch"/.test(e.message),
    );
    const plain = await mkdtemp(path.join(tmpdir(), 'flotilla-not-git-'));
    try {
      await assert.rejects(resolveRevision(plain, 'main'), (e: unknown) => e instanceof UserError && /is not inside a git repository/.test(e.message));
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });

  it('explains a base whose config does not build', async () => {
    await writeFile(path.join(fleet, 'apps/broken.yaml'), 'team: nobody\nnamespace: broken\n');
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-qm', 'broken');
    await assert.rejects(
      buildFleetAtRevision(fleet, await resolveRevision(fleet, 'HEAD')),
      (e: unknown) => e instanceof UserError && /^the fleet config at HEAD \([0-9a-f]{8}\) does not build:\n {2}apps\/broken\.yaml/.test(e.message),
    );
    await git(repo, 'reset', '-q', '--hard', 'HEAD~1');
  });
});
