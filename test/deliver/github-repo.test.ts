// Which GitHub repository a pull request goes to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubRepoFromUrl, resolveGitHubRepo } from '../../generator/deliver/github-repo.ts';
import { defaultPrBranch } from '../../generator/deliver/pr-branch.ts';

test('owner/name is read from the usual remote URL forms, and nothing is guessed from others', () => {
  const cases: Array<[string, string | null]> = [
    ['https://github.com/acme/fleet.git', 'acme/fleet'],
    ['https://github.com/acme/fleet', 'acme/fleet'],
    ['https://ghe.example.com/platform/fleet.git/', 'platform/fleet'],
    ['git@github.com:acme/fleet.git', 'acme/fleet'],
    ['ssh://git@github.com/acme/fleet.git', 'acme/fleet'],
    ['/srv/git/fleet.git', null],
    ['https://gitlab.example.com/group/sub/fleet.git', null],
    ['file:///srv/acme/fleet.git', null],
  ];
  for (const [url, want] of cases) {
    const got = githubRepoFromUrl(url);
    assert.equal(got ? `${got.owner}/${got.repo}` : null, want, url);
  }
});

test('--github-repo wins, then the origin URL, then GITHUB_REPOSITORY; otherwise a clear error', () => {
  assert.deepEqual(resolveGitHubRepo('o/r', 'https://github.com/acme/fleet', { GITHUB_REPOSITORY: 'x/y' }), { owner: 'o', repo: 'r' });
  assert.deepEqual(resolveGitHubRepo(undefined, 'https://github.com/acme/fleet', { GITHUB_REPOSITORY: 'x/y' }), { owner: 'acme', repo: 'fleet' });
  assert.deepEqual(resolveGitHubRepo(undefined, '/srv/fleet.git', { GITHUB_REPOSITORY: 'x/y' }), { owner: 'x', repo: 'y' });
  assert.throws(() => resolveGitHubRepo(undefined, '/srv/fleet.git', {}), /pass --github-repo owner\/name/);
  assert.throws(() => resolveGitHubRepo('not a repo', null, {}), /--github-repo must be owner\/name/);
});

test('one pull-request branch per base branch, whatever the change', () => {
  assert.equal(defaultPrBranch('main'), 'flotilla/update-main');
  assert.equal(defaultPrBranch('release/2'), 'flotilla/update-release/2');
});
