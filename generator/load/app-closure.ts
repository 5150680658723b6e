/**
 * The apps a preview of one app must load: the app, every app whose config
 * names it (an edge into it changes its network policies), and every app its
 * config names (it reads their Services and ports). Names are found in the
 * files' text, so the set can only be larger than needed, never smaller: a
 * reference is always the app's name written out (YAML aliases are refused).
 * A cluster file that names the app brings in every app it names, since its
 * overrides can add edges. Rendering one app reads nothing else of the fleet
 * (plan/model.ts FleetView), so these apps render it exactly as the whole
 * fleet does (test/preview/one-app.test.ts holds it to that).
 */
import path from 'node:path';
import { APPS_DIR, CLUSTERS_DIR } from '../model/names.ts';
import { MAX_CONFIG_BYTES } from './parse-yaml.ts';
import { listConfigFiles, readBounded } from './read-fleet.ts';

/**
 * The names of the apps to load for a preview of `apps` (each app, and the apps around it), and
 * those of `apps` that have no file. fleet.yaml is always read whole, and it names no app whose
 * config another app's rendering reads. Each file is read once, however many apps are asked for.
 */
export async function appsAround(root: string, apps: Iterable<string>): Promise<{ around: Set<string>; missing: string[] }> {
  return appsAroundIn(configTexts(path.join(root, APPS_DIR)), configTexts(path.join(root, CLUSTERS_DIR)).values(), apps);
}

/** The same, from texts already read: each app file's by app name, and the cluster files'. */
export function appsAroundIn(
  texts: ReadonlyMap<string, string>,
  clusterTexts: Iterable<string>,
  apps: Iterable<string>,
): { around: Set<string>; missing: string[] } {
  const clusters = [...clusterTexts];
  const around = new Set<string>();
  const missing: string[] = [];
  for (const app of apps) {
    const own = texts.get(app);
    if (own === undefined) {
      missing.push(app);
      continue;
    }
    around.add(app);
    for (const [name, text] of texts) if (name !== app && (mentions(text, app) || mentions(own, name))) around.add(name);
    for (const text of clusters) if (mentions(text, app)) for (const name of texts.keys()) if (mentions(text, name)) around.add(name);
  }
  return { around, missing };
}

/**
 * The text of each config file of a folder, by name, listed and read as the loader lists and reads
 * them (read-fleet.ts); what the loader refuses (an unreadable folder or file, a file too large) is
 * left out here and reported by it.
 */
function configTexts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  let files: string[];
  try {
    files = listConfigFiles(dir)?.files ?? [];
  } catch {
    return out;
  }
  for (const file of files) {
    try {
      const read = readBounded(path.join(dir, file), MAX_CONFIG_BYTES);
      if (typeof read !== 'number') out.set(file.replace(/\.ya?ml$/, ''), read.toString('utf8'));
    } catch {
      // reported by the loader
    }
  }
  return out;
}

/** Is `name` written in `text` as a whole name (not part of a longer one)? */
function mentions(text: string, name: string): boolean {
  let at = text.indexOf(name);
  while (at >= 0) {
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + name.length] ?? '';
    if (!NAME_CHAR.test(before) && !NAME_CHAR.test(after)) return true;
    at = text.indexOf(name, at + 1);
  }
  return false;
}

const NAME_CHAR = /[a-z0-9-]/;
