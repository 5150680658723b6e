// Keeps access tokens out of anything a human or a log collector can read.
// Git and our own messages can echo URLs, headers and env values; every error
// and log line in this folder goes through redact() before leaving it.

const MASK = '***';

/** The Basic credential git sends for a token (GitHub's x-access-token convention). */
export function basicAuthValue(token: string): string {
  return Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
}

// Token shapes that are secret no matter who registered them (GitHub PATs,
// app/installation/OAuth tokens) — defence in depth for tokens we were not told about.
const KNOWN_TOKEN_SHAPES = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;
// userinfo in URLs: scheme://user:secret@host -> scheme://***@host
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
// Whatever follows an Authorization header name, in any casing.
const AUTH_HEADER = /(authorization:\s*(?:basic|bearer|token)\s+)[^\s"']+/gi;

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    // The raw token, and the base64 form it takes inside the header we send.
    for (const form of [secret, basicAuthValue(secret)]) out = out.split(form).join(MASK);
  }
  return out.replace(AUTH_HEADER, `$1${MASK}`).replace(URL_USERINFO, `$1${MASK}@`).replace(KNOWN_TOKEN_SHAPES, MASK);
}
