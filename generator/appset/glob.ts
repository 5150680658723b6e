/**
 * Path patterns of the Git generator. Directories use Go's path.Match (`*`
 * and `?` stay within a segment, `[...]` classes). Files are found by the
 * repo-server: by default with `git ls-files -- <pattern>`, a git pathspec
 * (`*` and `?` match "/" too, so `some-path/*.yaml` reaches every level, and
 * a pattern without wildcards also matches the files below a directory of
 * that name); with Argo CD's new git file globbing enabled, with doublestar
 * (`*` within a segment, `**` any number of segments, `{a,b}`).
 */
export function pathMatch(pattern: string, path: string): boolean {
  return toRegExp(pattern, false).test(path);
}

/** doublestar, as the repo-server globs with new git file globbing enabled. */
export function fileGlobMatch(pattern: string, path: string): boolean {
  return toRegExp(pattern, true).test(path);
}

/** A git pathspec without magic, as `git ls-files -- <pattern>` matches it (wildmatch without WM_PATHNAME). */
export function gitPathspecMatch(pattern: string, path: string): boolean {
  const spec = pattern.replace(/^\.\/+/, '');
  if (spec === '' || spec === '.') return true;
  if (!/[*?[\\]/.test(spec)) return path === spec || path.startsWith(spec.endsWith('/') ? spec : `${spec}/`);
  return wildmatch(spec, path);
}

const pathspecCache = new Map<string, RegExp>();

function wildmatch(pattern: string, path: string): boolean {
  let re = pathspecCache.get(pattern);
  if (!re) {
    let out = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === '*') {
        if (pattern[i + 1] !== '*') {
          out += '[^]*'; // without WM_PATHNAME a single star crosses "/"
          continue;
        }
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        while (pattern[i + 1] === '*') i++;
        const next = pattern[i + 1];
        if (atSegmentStart && next === '/') {
          out += '(?:[^]*/)?'; // "**/" may also match no directory
          i++;
        } else out += atSegmentStart && next === undefined ? '[^]*' : '[^/]*';
      } else if (c === '?') out += '[^]';
      else if (c === '[') {
        const end = pattern.indexOf(']', i + 2);
        if (end === -1) out += '\\[';
        else {
          let body = pattern.slice(i + 1, end);
          const negate = body.startsWith('!') || body.startsWith('^');
          if (negate) body = body.slice(1);
          out += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
          i = end;
        }
      } else if (c === '\\' && i + 1 < pattern.length) out += escapeChar(pattern[++i]);
      else out += escapeChar(c);
    }
    re = new RegExp(`^${out}$`, 'u');
    pathspecCache.set(pattern, re);
  }
  return re.test(path);
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
