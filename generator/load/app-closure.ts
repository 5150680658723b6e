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
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { APPS_DIR, CLUSTERS_DIR } from '../model/names.ts';

/**
 * The names of the apps to load for a preview of `app` (undefined when it has no file). fleet.yaml
 * is always read whole, and it names no app whose config another app's rendering reads.
 */
export async function appsAround(root: string, app: string): Promise<Set<string> | undefined> {
  const apps = await texts(path.join(root, APPS_DIR));
  const own = apps.get(app);
  if (own === undefined) return undefined;
  const around = new Set([app]);
  for (const [name, text] of apps) if (name !== app && (mentions(text, app) || mentions(own, name))) around.add(name);
  for (const text of (await texts(path.join(root, CLUSTERS_DIR))).values())
    if (mentions(text, app)) for (const name of apps.keys()) if (mentions(text, name)) around.add(name);
  return around;
}

/** The text of each *.yaml / *.yml file of a folder, by name (unreadable ones are left to the loader to report). */
async function texts(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!/\.ya?ml$/.test(entry)) continue;
    const text = await readFile(path.join(dir, entry), 'utf8').catch(() => undefined);
    if (text !== undefined) out.set(entry.replace(/\.ya?ml$/, ''), text);
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
