/** Which GitHub repository a pull request goes to: --github-repo, else the origin URL, else GITHUB_REPOSITORY (set by Actions). */
import { UserError } from '../diagnostics.ts';

export interface GitHubRepo {
  owner: string;
  repo: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

export function parseOwnerRepo(text: string): GitHubRepo | null {
  const [owner, repo, ...rest] = text.split('/');
  if (rest.length > 0 || !owner || !repo || !NAME.test(owner) || !NAME.test(repo)) return null;
  return { owner, repo: repo.replace(/\.git$/, '') };
}

/** owner/name from https://host/owner/name(.git), ssh://git@host/owner/name.git or git@host:owner/name.git. */
export function githubRepoFromUrl(url: string): GitHubRepo | null {
  const scp = /^[^/@\s]+@[^/:\s]+:(.+)$/.exec(url);
  let pathPart: string | undefined;
  if (scp) pathPart = scp[1];
  else {
    try {
      const parsed = new URL(url);
      if (!/^(https?|ssh|git):$/.test(parsed.protocol)) return null;
      pathPart = parsed.pathname;
    } catch {
      return null;
    }
  }
  return parseOwnerRepo(pathPart!.replace(/^\/+|\/+$/g, ''));
}

export function resolveGitHubRepo(flag: string | undefined, originUrl: string | null, env: NodeJS.ProcessEnv): GitHubRepo {
  if (flag) {
    const parsed = parseOwnerRepo(flag);
    if (!parsed) throw new UserError(`--github-repo must be owner/name, got ${JSON.stringify(flag)}`);
    return parsed;
  }
  const fromOrigin = originUrl ? githubRepoFromUrl(originUrl) : null;
  if (fromOrigin) return fromOrigin;
  const fromEnv = env.GITHUB_REPOSITORY ? parseOwnerRepo(env.GITHUB_REPOSITORY) : null;
  if (fromEnv) return fromEnv;
  throw new UserError('cannot tell which GitHub repository to open the pull request in: pass --github-repo owner/name');
}
