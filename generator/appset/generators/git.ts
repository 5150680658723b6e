/**
 * Git generator (directories and files) against a GitRepository the caller
 * provides — offline, a checkout or an in-memory tree. Parameters follow
 * git.go: `path` (with basename, segments, ...) and commitSHA; file contents
 * nested for Go templates, flattened to `a.b` strings otherwise.
 */
import path from 'node:path/posix';
import { parse as parseYaml } from 'yaml';
import { flattenParams } from '../flatten.ts';
import { fileGlobMatch, pathMatch } from '../glob.ts';
import { fromPlain, type GoMap } from '../go-template/index.ts';
import { sanitizeName } from '../sanitize.ts';
import type { GeneratorContext, GitGeneratorSpec, GitRepository, Params } from './types.ts';
import { appendTemplatedValues } from './values.ts';

export function gitParams(spec: GitGeneratorSpec, ctx: GeneratorContext): Params[] {
  const repo = ctx.env.git;
  if (!repo) throw new Error('error generating params from git: no repository contents were given to the preview (a git generator needs them)');
  const revision = spec.revision ?? 'HEAD';
  const sha = repo.commitSHA(spec.repoURL, revision);
  if (spec.directories?.length) {
    const dirs = repo.directories(spec.repoURL, sha).filter((dir) => included(dir, spec.directories!));
    return dirs.map((dir) => pathParams(dir, undefined, sha, spec, ctx, {}));
  }
  if (spec.files?.length) {
    const files = new Map<string, string>();
    for (const f of spec.files) for (const [p, content] of repo.files(spec.repoURL, sha, f.path)) files.set(p, content);
    return [...files.keys()]
      .sort()
      .flatMap((file) => objectsIn(file, files.get(file)!).map((obj) => pathParams(path.dirname(file), file, sha, spec, ctx, obj)));
  }
  throw new Error('ApplicationSet is empty');
}

/** Exclude rules win over include rules, whatever their order. */
function included(dir: string, rules: { path: string; exclude?: boolean }[]): boolean {
  const matching = rules.filter((r) => pathMatch(r.path, dir));
  return matching.some((r) => !r.exclude) && !matching.some((r) => r.exclude);
}

/** A file holds one parameter object or a list of them. */
function objectsIn(file: string, content: string): GoMap[] {
  let parsed: unknown;
  try {
    parsed = parseYaml(content);
  } catch (e) {
    throw new Error(`unable to process file '${file}': unable to parse file: ${(e as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed ?? {}];
  return list.map((o) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Error(`unable to process file '${file}': unable to parse file: expected a map`);
    return fromPlain(o) as GoMap;
  });
}

function pathParams(dir: string, file: string | undefined, sha: string, spec: GitGeneratorSpec, ctx: GeneratorContext, content: GoMap): Params {
  const prefix = spec.pathParamPrefix ?? '';
  const pathInfo: Params = { path: dir, basename: path.basename(dir), basenameNormalized: sanitizeName(path.basename(dir)) };
  if (file) Object.assign(pathInfo, { filename: path.basename(file), filenameNormalized: sanitizeName(path.basename(file)) });
  let params: Params;
  if (ctx.goTemplate) {
    params = { ...content };
    pathInfo.segments = dir.split('/');
    const pathEntries: Params = { path: pathInfo, commitSHA: sha };
    if (prefix) params[prefix] = pathEntries;
    else Object.assign(params, pathEntries);
  } else {
    params = { ...flattenParams(content) };
    const p = prefix ? `${prefix}.path` : 'path';
    params[prefix ? `${prefix}.commitSHA` : 'commitSHA'] = sha;
    params[p] = dir;
    for (const [k, v] of Object.entries(pathInfo)) if (k !== 'path') params[`${p}.${k}`] = v;
    dir.split('/').forEach((segment, i) => {
      if (segment) params[`${p}[${i}]`] = segment;
    });
  }
  appendTemplatedValues(spec.values, params, ctx);
  return params;
}

/** A GitRepository over an in-memory tree: path → content (directories are implied by the paths). */
export function memoryRepository(tree: Record<string, string>, sha = '0000000000000000000000000000000000000000'): GitRepository {
  const paths = Object.keys(tree).sort();
  const dirs = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const visible = [...dirs].filter((d) => !d.split('/').some((s) => s.startsWith('.'))).sort();
  return {
    commitSHA: () => sha,
    directories: () => visible,
    files: (_repo, _rev, pattern) => new Map(paths.filter((p) => fileGlobMatch(pattern, p)).map((p) => [p, tree[p]])),
  };
}
