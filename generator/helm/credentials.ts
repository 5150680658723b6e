/**
 * Chart repository credentials come from the environment only:
 * `FLOTILLA_CHART_AUTH_<HOST>=username:password`, where <HOST> is the
 * repository's host (and port) in upper case with every other character as
 * `_` — `FLOTILLA_CHART_AUTH_GHCR_IO`, `FLOTILLA_CHART_AUTH_CHARTS_EXAMPLE_COM`.
 * They are never passed on a command line (other users can read those), never
 * printed, and never written to the chart cache: helm reads them from a
 * private file that exists only while one `helm pull` runs (see helm-home.ts).
 */

export interface Credentials {
  username: string;
  password: string;
}

export const CREDENTIALS_PREFIX = 'FLOTILLA_CHART_AUTH_';

export function credentialsVariable(host: string): string {
  return `${CREDENTIALS_PREFIX}${host.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function credentialsFor(host: string, env: Readonly<Record<string, string | undefined>>): Credentials | undefined {
  const value = env[credentialsVariable(host)];
  if (!value) return undefined;
  const colon = value.indexOf(':');
  // A token alone (no colon) is a password for registries that ignore the user name.
  return colon < 0 ? { username: 'flotilla', password: value } : { username: value.slice(0, colon), password: value.slice(colon + 1) };
}

/** Replaces every occurrence of a secret in text meant for people (helm's own error messages). */
export function redactSecrets(text: string, credentials: Credentials | undefined): string {
  if (!credentials?.password) return text;
  return text.split(credentials.password).join('(password hidden)');
}
