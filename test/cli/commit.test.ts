// `flotilla commit` end to end: real git (a bare remote holding the example
// fleet, real clones, real concurrent pushes) and, for the token and
// network-drop cases, a real smart-HTTP git server.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { basicAuthValue } from '../../generator/git/redact.ts';
import { bumpMatomo, bumpWander, committedFiles, type FleetRemote, flotilla, git, makeFleetRemote, write } from '../deliver/fleet-remote.ts';
import { startGitHttpServer } from '../git/http-git-server.ts';

const TOKEN = 'flotilla-commit-test-token-5e4d3c';

function edit(dir: string, path: string, change: (text: string) => string): void {
  writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));
}

async function remoteFor(t: { after: (fn: () => void) => void }): Promise<FleetRemote> {
  const remote = await makeFleetRemote();
  t.after(() => remote.cleanup());
  return remote;
}

test('commits exactly the generated changes; dirty, hand-written and config files stay out; a re-run does nothing', async (t) => {
  const remote = await remoteFor(t);
  const dir = remote.clone('work');
  edit(dir, 'apps/wander.yaml', bumpWander);
  write(dir, 'README.md', '# fleet\nlocal edit\n'); // tracked, dirty, unrelated
  write(dir, 'base/wander/NOTES.md', 'hand-written, inside a generated folder\n');
  const before = git(dir, 'rev-parse', 'HEAD');

  const dry = await flotilla(dir, {}, 'commit', '--dry-run');
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, /dry run: would commit 3 file\(s\) on main/);
  assert.equal(git(dir, 'rev-parse', 'HEAD'), before, '--dry-run commits nothing');
  assert.match(git(dir, 'status', '--porcelain'), /^ M README.md\n M apps\/wander.yaml\n\?\? base\/wander\/NOTES.md$/);

  const run = await flotilla(dir, {}, 'commit');
  assert.equal(run.code, 0, run.err);
  assert.deepEqual(
    committedFiles(dir),
    ['dev', 'prod', 'staging'].map((env) => `M\toverlays/${env}/wander/kustomization.yaml`),
  );
  assert.equal(git(dir, 'log', '-1', '--format=%an <%ae>'), 'Flotilla <flotilla@users.noreply.github.com>');
  const message = git(dir, 'log', '-1', '--format=%B');
  assert.match(message, /^flotilla: update wander \(dev, prod, staging\) on 4 clusters\n/);
  assert.match(message, /Why: config changed since the output was last generated \([0-9a-f]{12}\):\n {2}apps\/wander\.yaml/);
  assert.match(message, /Objects: +0 added, 4 changed, 0 removed/);
  assert.match(run.out, /committed [0-9a-f]{12} on main: flotilla: update wander/);
  assert.deepEqual(git(dir, 'status', '--porcelain').split('\n'), [' M README.md', ' M apps/wander.yaml', '?? base/wander/NOTES.md']);

  const head = git(dir, 'rev-parse', 'HEAD');
  const again = await flotilla(dir, {}, 'commit');
  assert.equal(again.code, 0, again.err);
  assert.equal(again.out, 'nothing to do: the generated output on main is up to date');
  assert.equal(git(dir, 'rev-parse', 'HEAD'), head, 'idempotent: still one commit');
});

test('the deletion guard refuses removing a cluster (exit 4, nothing written) and passes with --allow-deletions', async (t) => {
  const remote = await remoteFor(t);
  const dir = remote.clone('work');
  rmSync(join(dir, 'clusters/prod-us.yaml'));
  git(dir, 'commit', '--quiet', '-am', 'retire prod-us');
  const head = git(dir, 'rev-parse', 'HEAD');

  const refused = await flotilla(dir, {}, 'commit', '--push');
  assert.equal(refused.code, 4, refused.err);
  assert.match(refused.err, /cluster prod-us would lose all of its Applications/);
  assert.match(refused.err, /more than fleet\.guards\.maxApplicationDeletions \(0\)/);
  assert.match(refused.err, /matomo-prod-us \(app matomo, environment prod, cluster prod-us\)/);
  assert.match(refused.err, /re-run with --allow-deletions/);
  assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
  assert.equal(git(dir, 'status', '--porcelain'), '', 'nothing written');

  const allowed = await flotilla(dir, {}, 'commit', '--push', '--allow-deletions');
  assert.equal(allowed.code, 0, allowed.err);
  assert.equal(remote.remoteHead(), git(dir, 'rev-parse', 'HEAD'));
  const message = git(dir, 'log', '-1', '--format=%B');
  assert.match(message, /^flotilla: update kairoflow, matomo, wander \(prod\) on prod-us\n/);
  const cleanup = message.slice(message.indexOf('To delete by hand')).trim().split('\n');
  assert.deepEqual(cleanup, [
    'To delete by hand (Argo CD will not delete these itself):',
    ...['flotilla-namespaces-prod-us', 'kairoflow-prod-us', 'matomo-prod-us', 'wander-postgresql-prod-us', 'wander-prod-us', 'wander-redis-prod-us'].map(
      (app) => `  argocd app delete ${app}`,
    ),
  ]);
  assert.match(allowed.out, /warning: cluster prod-us loses all of its Applications/);
  const files = committedFiles(dir);
  assert.ok(
    files.every((f) => /^[MD]\t(argocd|base|overlays)\//.test(f)),
    files.join('\n'),
  );
  assert.ok(
    files.some((f) => f.startsWith('D\toverlays/prod-us/')),
    "the cluster's overlays are removed",
  );
});

test("concurrent runs: the push that loses regenerates on the winner's commit; both changes land, nothing forced", async (t) => {
  const remote = await remoteFor(t);
  const human = remote.clone('human');
  const a = remote.clone('a');
  const b = remote.clone('b');
  const first = remote.pushHumanChange(human, 'apps/wander.yaml', bumpWander, 'wander 1.4.3');
  git(a, 'pull', '--quiet', '--ff-only');
  const second = remote.pushHumanChange(human, 'apps/matomo.yaml', bumpMatomo, 'matomo 5.1.2');
  git(b, 'pull', '--quiet', '--ff-only'); // b has both config changes, a only the first

  const [ra, rb] = await Promise.all([flotilla(a, {}, 'commit', '--push'), flotilla(b, {}, 'commit', '--push')]);
  assert.equal(ra.code, 0, ra.err);
  assert.equal(rb.code, 0, rb.err);

  const head = remote.remoteHead()!;
  git(human, 'pull', '--quiet', '--ff-only');
  assert.equal(git(human, 'rev-parse', 'HEAD'), head);
  git(human, 'merge-base', '--is-ancestor', first, head);
  git(human, 'merge-base', '--is-ancestor', second, head);
  const generated = git(human, 'log', '--format=%ae', `${second}..${head}`).split('\n');
  assert.ok(generated.length >= 1 && generated.length <= 2 && generated.every((e) => e === 'flotilla@users.noreply.github.com'), generated.join(','));
  assert.match(`${ra.err}\n${rb.err}`, /rejected, remote has new commits/);
  const check = await flotilla(human, {}, 'generate', '--check');
  assert.equal(check.code, 0, `the remote's output matches its config:\n${check.out}`);
});

test("a run that loses to an identical push reports the winner's commit as theirs, and pushes nothing", async (t) => {
  const remote = await remoteFor(t);
  const human = remote.clone('human');
  const a = remote.clone('a');
  const b = remote.clone('b');
  remote.pushHumanChange(human, 'apps/wander.yaml', bumpWander, 'wander 1.4.3');
  git(a, 'pull', '--quiet', '--ff-only');
  git(b, 'pull', '--quiet', '--ff-only');

  const ra = await flotilla(a, {}, 'commit', '--push');
  assert.equal(ra.code, 0, ra.err);
  const winner = remote.remoteHead()!;
  assert.match(ra.out, new RegExp(`committed ${winner.slice(0, 12)} on main`));

  const rb = await flotilla(b, {}, 'commit', '--push');
  assert.equal(rb.code, 0, rb.err);
  assert.equal(remote.remoteHead(), winner, 'nothing more was pushed');
  assert.doesNotMatch(rb.out, /committed|pushed to/);
  assert.match(rb.out, new RegExp(`nothing to push: origin/main is already at ${winner.slice(0, 12)}, pushed by another writer with this output`));
});

test("refuses, saying why: uncommitted config with --push, someone's staged work, a detached HEAD", async (t) => {
  const remote = await remoteFor(t);
  const dir = remote.clone('work');
  const head = git(dir, 'rev-parse', 'HEAD');
  edit(dir, 'apps/wander.yaml', bumpWander);
  const unpushable = await flotilla(dir, {}, 'commit', '--push');
  assert.equal(unpushable.code, 1);
  assert.match(unpushable.err, /refusing to push output generated from uncommitted config: apps\/wander\.yaml/);

  write(dir, 'docs/plan.md', "someone's staged work\n");
  git(dir, 'add', 'docs/plan.md');
  const staged = await flotilla(dir, {}, 'commit');
  assert.equal(staged.code, 1);
  assert.match(staged.err, /1 staged change\(s\) to paths Flotilla does not own: "docs\/plan\.md"/);

  git(dir, 'restore', '--staged', 'docs/plan.md');
  git(dir, 'switch', '--quiet', '--detach');
  const detached = await flotilla(dir, {}, 'commit');
  assert.equal(detached.code, 1);
  assert.match(detached.err, /HEAD is detached/);
  assert.equal(remote.remoteHead(), head);
  assert.equal(git(dir, 'rev-parse', 'HEAD'), head, 'nothing committed');
});

test('--repo URL over https-like http: token only per command, a dropped push response is confirmed, a wrong token fails clearly', async (t) => {
  const remote = await remoteFor(t);
  const server = await startGitHttpServer(remote.root, { token: TOKEN });
  t.after(() => server.close());
  const url = `${server.url}/fleet.git`;
  const human = remote.clone('human');
  remote.pushHumanChange(human, 'apps/wander.yaml', bumpWander, 'wander 1.4.3');
  const workdir = join(remote.root, 'work');

  const wrong = await flotilla(remote.root, { GITHUB_TOKEN: 'expired-token-0000' }, 'commit', '--repo', url, '--workdir', workdir);
  assert.equal(wrong.code, 1);
  assert.match(wrong.err, /Authentication to .* failed during clone.*not expired/s);
  assert.ok(!`${wrong.out}${wrong.err}`.includes('expired-token-0000'));

  server.dropNextPushResponse();
  const run = await flotilla(remote.root, { GITHUB_TOKEN: TOKEN }, 'commit', '--repo', url, '--workdir', workdir);
  assert.equal(run.code, 0, run.err);
  assert.match(run.err, /push failed \(.+\); reading the remote head/);
  assert.match(run.err, /confirmed: origin\/main is at/);
  assert.match(run.out, /pushed to origin\/main \(1 attempt\)/);
  assert.equal(git(remote.bare, 'log', '-1', '--format=%ae', 'main'), 'flotilla@users.noreply.github.com');
  for (const text of [run.out, run.err, readFileSync(join(workdir, '.git', 'config'), 'utf8'), git(workdir, 'remote', 'get-url', 'origin')]) {
    assert.ok(!text.includes(TOKEN) && !text.includes(basicAuthValue(TOKEN)), 'token must appear nowhere');
  }
  assert.ok(server.seenAuthorization.every((h) => h === `Basic ${basicAuthValue(TOKEN)}` || h === `Basic ${basicAuthValue('expired-token-0000')}`));
});
