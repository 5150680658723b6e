/**
 * The one Argo CD API call promotion needs: read an Application
 * (`GET /api/v1/applications/{name}`, ApplicationService_Get), with a bearer
 * token taken from the environment. The token is sent in the Authorization
 * header only; it is never logged, stored or put in a URL, and messages that
 * could quote it are redacted.
 */
import { UserError } from '../diagnostics.ts';
import { redact } from '../git/redact.ts';

/** The fields of an Argo CD Application the health gate reads (v1alpha1Application in Argo CD's API). */
export interface ArgoApplication {
  metadata?: { name?: string };
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; message?: string };
    summary?: { images?: string[] };
  };
}

export interface ArgoCdClient {
  /** The Application in `appNamespace` (fleet.yaml argocd.namespace), or null when Argo CD has none of that name. */
  getApplication(name: string, appNamespace: string): Promise<ArgoApplication | null>;
}

export interface ArgoCdOptions {
  /** https://argocd.example.com (a path prefix is kept: https://example.com/argocd). */
  server: string;
  token: string | undefined;
  /** The variable the token came from, named in messages. */
  tokenEnv: string;
  timeoutMs?: number;
}

export function createArgoCdClient(options: ArgoCdOptions): ArgoCdClient {
  const token = options.token?.trim();
  const secrets = token ? [token] : [];
  let base: URL;
  try {
    base = new URL(options.server.includes('://') ? options.server : `https://${options.server}`);
  } catch {
    throw new UserError(`--argocd-server ${JSON.stringify(options.server)} is not a URL; pass e.g. https://argocd.example.com`);
  }
  if (base.username || base.password) throw new UserError('--argocd-server must not carry credentials; put the token in an environment variable');
  return {
    async getApplication(name, appNamespace) {
      if (!token) throw new UserError(`no Argo CD token: set ${options.tokenEnv} to a token that may get Applications (argocd account generate-token)`);
      const url = new URL(`${base.pathname.replace(/\/+$/, '')}/api/v1/applications/${encodeURIComponent(name)}`, base);
      url.searchParams.set('appNamespace', appNamespace);
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
        throw new UserError(redact(`cannot reach Argo CD at ${base.origin} (${cause}); check --argocd-server and the network`, secrets));
      }
      const text = await response.text();
      if (response.status === 404) return null;
      if (response.status === 401 || response.status === 403) {
        throw new UserError(
          `Argo CD refused the token (${response.status}): set ${options.tokenEnv} to a valid token whose account may get Applications (RBAC: applications, get)`,
        );
      }
      if (!response.ok) throw new UserError(redact(`Argo CD answered ${response.status} for Application ${name}: ${errorMessage(text)}`, secrets));
      try {
        return JSON.parse(text) as ArgoApplication;
      } catch {
        throw new UserError(`Argo CD answered Application ${name} with something that is not JSON; is --argocd-server the Argo CD API server?`);
      }
    },
  };
}

function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: string; error?: string };
    return body.message ?? body.error ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
