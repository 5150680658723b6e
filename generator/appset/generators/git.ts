/**
 * Git generator (directories and files) against a GitRepository the caller
 * provides — offline, a checkout or an in-memory tree. Parameters follow
 * git.go: `path` with basename, segments, filename (files), their normalized
 * forms; file contents nested for Go templates, flattened to `a.b` strings
 * otherwise. Files are read as the controller reads them: YAML 1.1 (`yes` is
 * true), numbers as float64, one object or a list of objects per file.
 */
import path from 'node:path/posix';
import { parse as parseYaml } from 'yaml';
import { flattenParams } from '../flatten.ts';
import { fileGlobMatch, gitPathspecMatch, pathMatch } from '../glob.ts';
import { fromPlain, type GoMap } from '../go-template/index.ts';
import { sanitizeName } from '../sanitize.ts';
import type { GeneratorContext, GitGeneratorSpec, GitRepository, Params } from './types.ts';
import { appendTemplatedValues } from './values.ts';

export function gitParams(spec: GitGeneratorSpec, ctx: GeneratorContext): Params[] {
  if (!spec.directories?.length && !spec.files?.length) throw new Error('ApplicationSet is empty');
  try {
    return spec.directories?.length ? directoryParams(spec, ctx) : fileParams(spec, ctx);
  } catch (error) {
    throw new Error(`error generating params from git: ${(error as Error).message}`);
  }
}

function repository(ctx: GeneratorContext): GitRepository {
  if (!ctx.env.git) throw new Error('no repository contents were given to the evaluator (a git generator needs them)');
  return ctx.env.git;
}

function directoryParams(spec: GitGeneratorSpec, ctx: GeneratorContext): Params[] {
  let all: string[];
  try {
    all = repository(ctx).directories(spec.repoURL ?? '', spec.revision ?? '');
  } catch (error) {
    throw new Error(`error getting directories from repo: ${(error as Error).message}`);
  }
  return all.filter((dir) => included(dir, spec.directories!)).map((dir) => pathParams(dir, undefined, spec, ctx, {}));
}

/** Files of the include patterns, less those of the exclude patterns, in path order. */
function fileParams(spec: GitGeneratorSpec, ctx: GeneratorContext): Params[] {
  const repo = repository(ctx);
  const files = new Map<string, string>();
  for (const f of spec.files!) if (!f.exclude) for (const [p, content] of repo.files(spec.repoURL ?? '', spec.revision ?? '', f.path)) files.set(p, content);
  for (const f of spec.files!) if (f.exclude) for (const p of repo.files(spec.repoURL ?? '', spec.revision ?? '', f.path).keys()) files.delete(p);
  return [...files.keys()].sort(compareBytes).flatMap((file) => {
    try {
      return objectsIn(files.get(file)!).map((obj) => pathParams(path.dirname(file), file, spec, ctx, obj));
    } catch (error) {
      throw new Error(`unable to process file '${file}' from repository '${spec.repoURL}': ${(error as Error).message}`);
    }
  });
}

/** sort.Strings: byte order. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Exclude rules win over include rules, whatever their order. */
function included(dir: string, rules: { path: string; exclude?: boolean }[]): boolean {
  const matching = rules.filter((r) => pathMatch(r.path, dir));
  return matching.some((r) => !r.exclude) && !matching.some((r) => r.exclude);
}

/**
 * A file holds one parameter object or a list of them (sigs.k8s.io/yaml: YAML to JSON, then
 * encoding/json into a map, else into a list of maps); a null item is an empty object, as in Go.
 */
function objectsIn(content: string): GoMap[] {
  let parsed: unknown;
  try {
    parsed = parseYaml(content, { version: '1.1', uniqueKeys: false });
  } catch (e) {
    throw new Error(`unable to parse file: ${(e as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return [{}];
  if (!Array.isArray(parsed)) {
    if (typeof parsed !== 'object') throw new Error(`unable to parse file: ${unmarshalError(parsed, '[]map[string]interface {}')}`);
    return [fromPlain(parsed) as GoMap];
  }
  return parsed.map((o) => {
    if (o === null || o === undefined) return {};
    if (typeof o !== 'object' || Array.isArray(o)) throw new Error(`unable to parse file: ${unmarshalError(o, 'map[string]interface {}')}`);
    return fromPlain(o) as GoMap;
  });
}

/** encoding/json's wording for a value of the wrong JSON type. */
function unmarshalError(value: unknown, into: string): string {
  const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  return `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type ${into}`;
}

function pathParams(dir: string, file: string | undefined, spec: GitGeneratorSpec, ctx: GeneratorContext, content: GoMap): Params {
  const prefix = spec.pathParamPrefix ?? '';
  const basename = path.basename(dir);
  let params: Params;
  if (ctx.goTemplate) {
    params = { ...content };
    const pathInfo: Params = { path: dir, basename, basenameNormalized: sanitizeName(basename) };
    if (file) Object.assign(pathInfo, { filename: path.basename(file), filenameNormalized: sanitizeName(path.basename(file)) });
    pathInfo.segments = dir.split('/');
    if (prefix) params[prefix] = { path: pathInfo };
    else params.path = pathInfo;
  } else {
    params = { ...flattenParams(content) };
    const p = prefix ? `${prefix}.path` : 'path';
    params[p] = dir;
    params[`${p}.basename`] = basename;
    if (file) params[`${p}.filename`] = path.basename(file);
    params[`${p}.basenameNormalized`] = sanitizeName(basename);
    if (file) params[`${p}.filenameNormalized`] = sanitizeName(path.basename(file));
    dir.split('/').forEach((segment, i) => {
      if (segment) params[`${p}[${i}]`] = segment;
    });
  }
  appendTemplatedValues(spec.values, params, ctx);
  return params;
}

/**
 * A GitRepository over an in-memory tree: path → content (directories are implied by the paths).
 * Files are found as Argo CD's repo-server finds them: git pathspecs by default, doublestar globs
 * with `newGitFileGlobbing` (the controller's --enable-new-git-file-globbing).
 */
export function memoryRepository(tree: Record<string, string>, options: { newGitFileGlobbing?: boolean } = {}): GitRepository {
  const paths = Object.keys(tree).sort();
  const dirs = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const visible = [...dirs].filter((d) => !d.split('/').some((s) => s.startsWith('.'))).sort();
  const match = options.newGitFileGlobbing ? fileGlobMatch : gitPathspecMatch;
  return {
    directories: () => visible,
    files: (_repo, _rev, pattern) => new Map(paths.filter((p) => match(pattern, p)).map((p) => [p, tree[p]])),
  };
}
