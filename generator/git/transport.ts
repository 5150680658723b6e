// Where a token may go: only over TLS, or over plain http to this machine
// (a local test server). Over plain http anyone on the path reads the
// Authorization header, which carries the token in base64.
import { isIP } from 'node:net';
import { GitDeliveryError } from './errors.ts';
import { redact } from './redact.ts';

/** localhost, 127.0.0.0/8 and ::1 (also IPv4-mapped), however the URL writes them. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^(0{0,4}:){5}ffff:127\./.test(host) || /^::ffff:127\./.test(host) || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Refuses to send a token to `url` when it is plain http to another machine; `what` names the setting to fix. */
export function assertTokenTransport(url: string, what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return; // not a URL (a path, scp-like ssh): no http involved
  }
  if (parsed.protocol !== 'http:' || isLoopbackHost(parsed.hostname)) return;
  throw new GitDeliveryError(
    'INSECURE_TRANSPORT',
    `Refusing to send the token to ${redact(`${parsed.protocol}//${parsed.host}${parsed.pathname}`)} over plain http, where anyone on the network path can read it`,
    `Use an https:// URL for ${what} (or ssh for git); plain http is accepted only for this machine (localhost, 127.0.0.0/8, ::1)`,
  );
}
