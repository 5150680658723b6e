// The generated files of a fleet folder (base/, overlays/, argocd/), as paths
// relative to it: what the floor and the cdk8s comparison write again.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function generatedFiles(source) {
  const files = [];
  for (const root of ['base', 'overlays', 'argocd']) {
    let entries = [];
    try {
      entries = readdirSync(path.join(source, root), { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) if (e.isFile()) files.push(path.relative(source, path.join(e.parentPath, e.name)));
  }
  return files;
}
