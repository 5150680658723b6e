/**
 * `flotilla diff` in a real git repository: the default base is the merge
 * base with main, the head is the working tree or a second revision; text,
 * Markdown and JSON; colour only on a terminal without NO_COLOR.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { runCli } from '../../generator/cli/main.ts';
import { copyFleet, flotilla, removeDir } from '../support/temp-fleet.ts';

const run = promisify(execFile);
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd, env: GIT_ENV })).stdout.trim();

let dir: string;
before(async () => {
  dir = await copyFleet();
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', 'fleet');
  const file = path.join(dir, 'apps/wander.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('frontend:\n    replicas: 2', 'frontend:\n    replicas: 3'));
});
after(() => removeDir(dir));

describe('flotilla diff', () => {
  it('compares the merge base with main to the working tree', async () => {
    const r = await flotilla(dir, 'diff');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Comparing merge base with main \([0-9a-f]{8}\) → working tree$/m);
    assert.match(
      r.out,
      /^Apps: 1 changed, 0 added, 0 removed, 2 unchanged; Applications: 1 changed, 0 added, 0 removed, 22 unchanged; objects: 0 added, 1 changed, 0 removed\.$/m,
    );
    assert.match(
      r.out,
      /^~ wander \(travel\): Applications changed on staging: staging-1\n {2}staging: staging-1:\n {4}~ Deployment wander\/wander-frontend\n {8}spec\.replicas: 2 → 3$/m,
    );
  });

  it('renders Markdown for a pull request (and the full JSON beside it) and JSON for machines', async () => {
    const jsonOut = path.join(dir, '..', `${path.basename(dir)}-diff.json`);
    const md = await flotilla(dir, 'diff', '--format', 'markdown', '--json-out', jsonOut, '--full-diff-url', 'https://github.com/o/r/actions/runs/1');
    assert.equal(md.code, 0, md.err);
    assert.match(md.out, /^### Flotilla: rendered changes \(merge base with main/m);
    assert.match(md.out, /^Full detail \(every Application, every field\): \[the JSON diff\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\)\.$/m);
    assert.match(md.out, /<summary><b>wander<\/b> \(travel\) — Applications changed on staging: staging-1<\/summary>/);
    const json = JSON.parse((await flotilla(dir, 'diff', '--format', 'json')).out);
    assert.deepEqual(
      json.applications.map((a: { name: string }) => a.name),
      ['wander-staging-1'],
    );
    assert.deepEqual(JSON.parse(await readFile(jsonOut, 'utf8')), json, 'the file holds the same full diff');
    await rm(jsonOut);
    assert.equal((await flotilla(dir, 'diff', '--format', 'markdown', '--full-diff-url', 'javascript:alert(1)')).code, 2);
    assert.equal((await flotilla(dir, 'diff', '--format', 'markdown', '--max-bytes', '12')).code, 2);
  });

  it('compares two revisions, ignoring the working tree and leaving it as it was', async () => {
    // HEAD is main: the uncommitted edit must not show.
    const none = await flotilla(dir, 'diff', 'main', 'HEAD');
    assert.match(none.out, /^Comparing main \([0-9a-f]{8}\) → HEAD \([0-9a-f]{8}\)\nNo rendered changes \(23 Applications unchanged\)\.$/);
    assert.equal(await git(dir, 'status', '--porcelain'), 'M apps/wander.yaml');
  });

  it('colours text on a terminal unless NO_COLOR is set', async () => {
    const capture = async (env: NodeJS.ProcessEnv) => {
      const out: string[] = [];
      await runCli(['diff'], { out: (t) => out.push(t), err: () => {}, cwd: dir, env, isTTY: true });
      return out.join('\n');
    };
    assert.match(await capture({}), /\u001b\[33m~\u001b\[0m/);
    assert.ok(!(await capture({ NO_COLOR: '1' })).includes('\u001b['));
  });

  it('explains an unknown revision and refuses extra arguments', async () => {
    const r = await flotilla(dir, 'diff', 'no-such-ref');
    assert.equal(r.code, 1);
    assert.equal(r.err, 'error: unknown git revision "no-such-ref"');
    assert.equal((await flotilla(dir, 'diff', 'a', 'b', 'c')).code, 2);
    assert.equal((await flotilla(dir, 'diff', '--format', 'html')).code, 2);
  });
});
