/** Sprig's encodings, hashes, paths and URLs (strings.go, crypto.go, functions.go, url.go), and Argo CD's YAML functions. */
import { createHash } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { FunctionMap } from '../functions.ts';
import { bytesOf, stringOf } from '../gostrings.ts';
import { type GoMap, type GoValue, isMap } from '../values.ts';
import { toJson } from './dicts.ts';
import { fromJsonValue } from './json.ts';

/** base64.StdEncoding.DecodeString: strict padding, "\r" and "\n" skipped; errors as the decoded string, as Sprig returns them. */
function b64dec(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  const bad = clean.search(/[^A-Za-z0-9+/=]/);
  const firstPad = clean.indexOf('=');
  const invalidAt = bad !== -1 ? bad : firstPad !== -1 && (!/^=+$/.test(clean.slice(firstPad)) || clean.length - firstPad > 2) ? firstPad : -1;
  if (invalidAt !== -1) return `illegal base64 data at input byte ${invalidAt}`;
  if (clean.length % 4 !== 0) return `illegal base64 data at input byte ${clean.length - (clean.length % 4)}`;
  return stringOf(Buffer.from(clean, 'base64'));
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function b32enc(s: string): string {
  const bytes = bytesOf(s);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out + '='.repeat((8 - (out.length % 8)) % 8);
}

function b32dec(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 8 !== 0) return `illegal base32 data at input byte ${clean.length - (clean.length % 8)}`;
  const body = clean.replace(/=+$/, '');
  const bad = [...body].findIndex((c) => !B32.includes(c));
  if (bad !== -1) return `illegal base32 data at input byte ${bad}`;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of body) {
    value = (value << 5) | B32.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return stringOf(Uint8Array.from(out));
}

function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of bytesOf(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

/** path.Clean: lexical, as Go does it ("" is "."; "a/../.." is ".."; no trailing slash). */
export function clean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out.at(-1) !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

function base(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1));
}

function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

/** net/url.Parse, as far as urlParse reports it. */
function parseUrl(raw: string): GoMap {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error(`unable to parse url: parse ${JSON.stringify(raw)}: net/url: invalid control character in URL`);
  let rest = raw;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    fragment = pathUnescape(rest.slice(hash + 1), raw);
    rest = rest.slice(0, hash);
  }
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (/^[^/?]*:/.test(rest) && !rest.startsWith('/')) {
    throw new Error(`unable to parse url: parse ${JSON.stringify(raw)}: first path segment in URL cannot contain colon`);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q !== -1) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let opaque = '';
  let userinfo = '';
  let host = '';
  let path = '';
  if (scheme && !rest.startsWith('/')) opaque = rest;
  else {
    if (rest.startsWith('//')) {
      const end = rest.indexOf('/', 2);
      const authority = end === -1 ? rest.slice(2) : rest.slice(2, end);
      rest = end === -1 ? '' : rest.slice(end);
      const at = authority.lastIndexOf('@');
      if (at !== -1) {
        userinfo = authority.slice(0, at);
        host = authority.slice(at + 1);
      } else host = authority;
      host = pathUnescape(host, raw);
    }
    path = pathUnescape(rest, raw);
  }
  const hostname = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:[0-9]*$/, '');
  return { scheme, host, hostname, path, query, opaque, fragment, userinfo: userinfo ? canonicalUserinfo(userinfo, raw) : '' };
}

function pathUnescape(s: string, raw: string): string {
  try {
    return decodeURIComponent(
      s.replace(/%(?![0-9a-fA-F]{2})/g, () => {
        throw new Error('bad escape');
      }),
    );
  } catch {
    const bad = /%(?![0-9a-fA-F]{2}).{0,2}/.exec(s)?.[0] ?? '%';
    throw new Error(`unable to parse url: parse ${JSON.stringify(raw)}: invalid URL escape ${JSON.stringify(bad)}`);
  }
}

/** url.Userinfo.String(): user[:password], escaped. */
function canonicalUserinfo(userinfo: string, raw: string): string {
  const colon = userinfo.indexOf(':');
  const user = pathUnescape(colon === -1 ? userinfo : userinfo.slice(0, colon), raw);
  const escapeUser = (s: string) => s.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=]/g, (c) => encodeURIComponent(c));
  if (colon === -1) return escapeUser(user);
  return `${escapeUser(user)}:${escapeUser(pathUnescape(userinfo.slice(colon + 1), raw))}`;
}

function stringField(d: GoMap, key: string): string {
  if (!Object.hasOwn(d, key)) return '';
  const v = d[key];
  if (typeof v !== 'string')
    throw new Error(
      `unable to parse ${key} key, must be of type string, but ${v === null ? 'invalid' : Array.isArray(v) ? 'slice' : isMap(v) ? 'map' : typeof v === 'number' ? 'float64' : typeof v} found`,
    );
  return v;
}

/** url.URL.String() of the dict's parts. */
function urlJoin(d: GoMap): string {
  const scheme = stringField(d, 'scheme');
  const host = stringField(d, 'host');
  const path = stringField(d, 'path');
  const query = stringField(d, 'query');
  const opaque = stringField(d, 'opaque');
  const fragment = stringField(d, 'fragment');
  const userinfo = stringField(d, 'userinfo');
  let out = scheme ? `${scheme}:` : '';
  if (opaque) out += opaque;
  else {
    if (scheme || host || userinfo) {
      if (host || path || userinfo) out += '//';
      if (userinfo) out += `${userinfo}@`;
      out += host;
    }
    const escaped = encodeURI(path).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/\?/g, '%3F').replace(/#/g, '%23');
    if (escaped && !escaped.startsWith('/') && host) out += '/';
    out += escaped;
  }
  if (query) out += `?${query}`;
  if (fragment) out += `#${encodeURI(fragment).replace(/#/g, '%23')}`;
  return out;
}

/** sigs.k8s.io/yaml.Marshal: through JSON (keys sorted), then go-yaml v2's block style. */
export function toYaml(v: GoValue): string {
  const plain = JSON.parse(toJson(v, { escapeHtml: false }));
  return stringifyYaml(plain, { sortMapEntries: true, indentSeq: false, lineWidth: 80, minContentWidth: 0 }).replace(/\n$/, '');
}

/** sigs.k8s.io/yaml.Unmarshal into a map or a list: YAML 1.1, then encoding/json's type check. */
function yamlInto(text: string, want: 'map' | 'list'): GoValue {
  const value: unknown = parseYaml(text, { version: '1.1', uniqueKeys: false });
  if (value === null || value === undefined) return want === 'map' ? {} : [];
  const kind = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value;
  if ((want === 'map' && kind !== 'object') || (want === 'list' && kind !== 'array'))
    throw new Error(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type ${want === 'map' ? 'map[string]interface {}' : '[]interface {}'}`,
    );
  return fromJsonValue(value);
}

const hash = (algorithm: string) => (s: string) => createHash(algorithm).update(bytesOf(s)).digest('hex');

export const ENCODING: FunctionMap = {
  b64enc: { params: ['string'], fn: (s: string) => Buffer.from(bytesOf(s)).toString('base64') },
  b64dec: { params: ['string'], fn: b64dec },
  b32enc: { params: ['string'], fn: b32enc },
  b32dec: { params: ['string'], fn: b32dec },
  sha1sum: { params: ['string'], fn: hash('sha1') },
  sha256sum: { params: ['string'], fn: hash('sha256') },
  sha512sum: { params: ['string'], fn: hash('sha512') },
  adler32sum: { params: ['string'], fn: adler32 },
  base: { params: ['string'], fn: base },
  dir: { params: ['string'], fn: dir },
  clean: { params: ['string'], fn: clean },
  ext: { params: ['string'], fn: ext },
  isAbs: { params: ['string'], fn: (p: string) => p.startsWith('/') },
  // filepath on Linux, where the controller runs: the same as path.
  osBase: { params: ['string'], fn: base },
  osClean: { params: ['string'], fn: clean },
  osDir: { params: ['string'], fn: dir },
  osExt: { params: ['string'], fn: ext },
  osIsAbs: { params: ['string'], fn: (p: string) => p.startsWith('/') },
  urlParse: { params: ['string'], fn: parseUrl },
  urlJoin: { params: ['map'], fn: urlJoin },
  toYaml: { params: ['any'], fn: toYaml },
  fromYaml: { params: ['string'], fn: (s: string) => yamlInto(s, 'map') },
  fromYamlArray: { params: ['string'], fn: (s: string) => yamlInto(s, 'list') },
};
