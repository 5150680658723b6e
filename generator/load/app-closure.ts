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

/**
 * The names of the apps to load for a preview of `apps` (each app, and the apps around it), and
 * those of `apps` that have no file, from the texts of each app file (by app name) and of the cluster
 * files. fleet.yaml names no app whose config another app's rendering reads.
 */
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

/** The app names each app file (by app name) and each cluster file writes out: what appsAroundIn reads of their texts. */
export interface FleetMentions {
  apps: ReadonlyMap<string, ReadonlySet<string>>;
  clusters: readonly ReadonlySet<string>[];
}

/** appsAroundIn, from the names each file writes out (incremental/mentions-index.ts keeps them between previews). */
export function appsAroundFrom(fleet: FleetMentions, apps: Iterable<string>): { around: Set<string>; missing: string[] } {
  const around = new Set<string>();
  const missing: string[] = [];
  for (const app of apps) {
    const own = fleet.apps.get(app);
    if (own === undefined) {
      missing.push(app);
      continue;
    }
    around.add(app);
    for (const [name, named] of fleet.apps) if (name !== app && (named.has(app) || own.has(name))) around.add(name);
    for (const named of fleet.clusters) if (named.has(app)) for (const name of named) if (fleet.apps.has(name)) around.add(name);
  }
  return { around, missing };
}

/**
 * A finder of which of `names` a text writes out, as `mentions` finds each: a name made only of name
 * characters is written out exactly where it is a whole run of them, so one pass over the text finds
 * all such names (a run is looked up only when some name has its length); any other name is looked
 * for on its own.
 */
export function namesFinder(names: ReadonlySet<string>): (text: string) => Set<string> {
  const lengths = new Set<number>();
  const others: string[] = [];
  for (const name of names) {
    if (WHOLE_NAME.test(name)) lengths.add(name.length);
    else others.push(name);
  }
  return (text) => {
    const found = new Set<string>();
    let start = -1;
    for (let i = 0; i <= text.length; i++) {
      if (i < text.length && isNameChar(text.charCodeAt(i))) {
        if (start < 0) start = i;
        continue;
      }
      if (start >= 0 && lengths.has(i - start)) {
        const run = text.slice(start, i);
        if (names.has(run)) found.add(run);
      }
      start = -1;
    }
    for (const name of others) if (mentions(text, name)) found.add(name);
    return found;
  };
}

/** [a-z0-9-], as NAME_CHAR, by code unit. */
function isNameChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
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
const WHOLE_NAME = /^[a-z0-9-]+$/;
