/**
 * Secret values never enter a diff. Before diffing, each Secret data/stringData
 * value (and SealedSecret encryptedData / template data) is replaced by a
 * token: an HMAC under a key made fresh for every process, so two different
 * values still compare different, while the token reveals nothing and is
 * itself removed from the result (changes there are marked hidden).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { K8sObject } from '../model/object.ts';

const KEY = randomBytes(32);
const TOKEN_PREFIX = '\u0000flotilla-hidden:';
export const HIDDEN = '(value hidden)';

/** Paths under which values are secret, per kind. */
const SECRET_PATHS: Record<string, string[][]> = {
  Secret: [['data'], ['stringData']],
  SealedSecret: [
    ['spec', 'encryptedData'],
    ['spec', 'template', 'data'],
  ],
};

export function maskSecrets(o: K8sObject): K8sObject {
  const paths = SECRET_PATHS[o.kind];
  if (!paths) return o;
  const copy = structuredClone(o) as Record<string, unknown>;
  for (const path of paths) {
    const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), copy);
    const last = path.at(-1)!;
    if (!parent || typeof parent !== 'object') continue;
    const values = (parent as Record<string, unknown>)[last];
    if (!values || typeof values !== 'object') continue;
    (parent as Record<string, unknown>)[last] = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, token(v)]));
  }
  return copy as K8sObject;
}

function token(v: unknown): string {
  return TOKEN_PREFIX + createHmac('sha256', KEY).update(JSON.stringify(v)).digest('hex');
}

/** Is `path` (a field path of this kind) at or below a secret path? */
export function isSecretPath(kind: string, path: string[]): boolean {
  return (SECRET_PATHS[kind] ?? []).some((p) => p.every((k, i) => path[i] === k) && path.length >= p.length);
}

/** Replaces any token left inside a value (e.g. a whole `data` map added at once). */
export function scrubTokens(v: unknown): unknown {
  if (typeof v === 'string') return v.startsWith(TOKEN_PREFIX) ? HIDDEN : v;
  if (Array.isArray(v)) return v.map(scrubTokens);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubTokens(x)]));
  return v;
}
