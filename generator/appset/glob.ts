/**
 * Path patterns of the Git generator. Directories use Go's path.Match (`*`
 * and `?` stay within a segment, `[...]` classes); files use the repo-server's
 * glob, which also knows `**` (any number of segments) and `{a,b}`.
 */
export function pathMatch(pattern: string, path: string): boolean {
  return toRegExp(pattern, false).test(path);
}

export function fileGlobMatch(pattern: string, path: string): boolean {
  return toRegExp(pattern, true).test(path);
}

const cache = new Map<string, RegExp>();

function toRegExp(pattern: string, extended: boolean): RegExp {
  const key = `${extended}:${pattern}`;
  let re = cache.get(key);
  if (re) return re;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (extended && pattern[i + 1] === '*') {
        // `**/` may also match no directory at all.
        const slash = pattern[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) throw new Error(`syntax error in pattern ${JSON.stringify(pattern)}`);
      const body = pattern
        .slice(i + 1, end)
        .replace(/^\^/, '^')
        .replace(/\\/g, '\\\\');
      out += `[${body}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) out += escapeChar(pattern[++i]);
    else if (extended && c === '{') {
      const end = pattern.indexOf('}', i);
      if (end === -1) throw new Error(`syntax error in pattern ${JSON.stringify(pattern)}`);
      out += `(?:${pattern
        .slice(i + 1, end)
        .split(',')
        .map((alt) => alt.split('').map(escape).join(''))
        .join('|')})`;
      i = end;
    } else out += escapeChar(c);
  }
  re = new RegExp(`^${out}$`, 'u');
  cache.set(key, re);
  return re;
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
