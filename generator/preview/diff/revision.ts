/**
 * The fleet config at another git revision, built in a temporary directory:
 * only fleet.yaml, apps/ and clusters/ are read out of git (never checked
 * out), so the working tree, the index and HEAD are left alone. The default
 * base is the merge base with main (then origin/main), else HEAD.
 */
import { lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FleetConfigError, formatDiagnostic, UserError } from '../../diagnostics.ts';
import { runGit, showBlobs, spawnGit } from '../../git/run-git.ts';
import { appsAroundIn } from '../../load/app-closure.ts';
import { MAX_CONFIG_BYTES } from '../../load/parse-yaml.ts';
import { readBounded } from '../../load/read-fleet.ts';
import { APPS_DIR, CLUSTERS_DIR, FLEET_FILE } from '../../model/names.ts';
import { type BuiltFleet, buildApps, buildFleet } from '../../pipeline.ts';
import { emptyFleet } from './empty-fleet.ts';

export interface FleetRevision {
  ref: string;
  sha: string;
  /** For people: "merge base with main (1a2b3c4d)". */
  label: string;
}

const MAIN_BRANCHES = ['main', 'origin/main'];

export async function resolveRevision(root: string, ref: string): Promise<FleetRevision> {
  const r = await spawnGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (r.code !== 0) throw new UserError(`unknown git revision "${ref}"${await gitHint(root)}`);
  const sha = r.stdout.trim();
  return { ref, sha, label: `${ref} (${sha.slice(0, 8)})` };
}

export async function defaultBaseRevision(root: string): Promise<FleetRevision> {
  for (const branch of MAIN_BRANCHES) {
    const m = await spawnGit(root, ['merge-base', 'HEAD', branch]);
    if (m.code === 0 && m.stdout.trim()) {
      const sha = m.stdout.trim();
      return { ref: sha, sha, label: `merge base with ${branch} (${sha.slice(0, 8)})` };
    }
  }
  const head = await resolveRevision(root, 'HEAD');
  return { ...head, label: `HEAD (${head.sha.slice(0, 8)}; no main branch to take a merge base with)` };
}

/** Builds the fleet as it was at `rev`; an empty fleet when fleet.yaml did not exist there yet. */
export async function buildFleetAtRevision(root: string, rev: FleetRevision): Promise<BuiltFleet> {
  return withConfigAt(root, rev, async (dir, hasFleet) => (hasFleet ? await buildFleet(dir) : emptyFleet()));
}

/**
 * Runs `use` on the config of `rev` written to a temporary folder (whether fleet.yaml exists there),
 * then removes the folder; a config that does not build is reported as the revision's.
 */
async function withConfigAt<T>(root: string, rev: FleetRevision, use: (dir: string, hasFleet: boolean) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-revision-'));
  try {
    return await use(dir, await materialise(root, rev.sha, dir));
  } catch (error) {
    if (!(error instanceof FleetConfigError)) throw error;
    throw new UserError(`the fleet config at ${rev.label} does not build:\n${error.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The fleet at a revision as a comparison with the current config needs it (buildChangedAtRevision). */
export interface ChangedAtRevision {
  before: BuiltFleet;
  /** The apps built on both sides, where not the whole fleet: those at the revision whose rendering can differ. */
  apps: { atRev: Set<string>; now: Set<string> } | undefined;
}

/**
 * The fleet at `rev` as far as a comparison with the config in `root` needs
 * it: the Applications of every app whose rendering can differ between the
 * two. When only apps' own files differ (fleet.yaml, every cluster file and
 * every file an app inlines byte for byte the same), that is the apps whose
 * files differ and the apps around each of them on either side
 * (load/app-closure.ts: those that name it and those it names), built as a
 * preview builds them; any other app reads the same config on both sides and
 * renders the same. Otherwise the whole fleet. Undefined when the config is
 * the same on both sides.
 */
export async function buildChangedAtRevision(root: string, rev: FleetRevision): Promise<ChangedAtRevision | undefined> {
  return withConfigAt(root, rev, async (dir, hasFleet) => {
    if (!hasFleet) return { before: emptyFleet(), apps: undefined };
    const diff = appsChanged(dir, root);
    if (diff === undefined) return { before: await buildFleet(dir), apps: undefined };
    if (diff.changed.size === 0) return undefined;
    // An app that names a changed app only now renders differently too, and so does one that a changed app names only now.
    const around = [...appsAroundIn(diff.atRev, diff.clusters, diff.changed).around, ...appsAroundIn(diff.now, diff.clusters, diff.changed).around];
    const atRev = new Set(around.filter((name) => diff.atRev.has(name)));
    const now = new Set([...atRev].filter((name) => diff.now.has(name)));
    return { before: atRev.size === 0 ? emptyFleet() : await buildApps(dir, atRev, { temporary: true }), apps: { atRev, now } };
  });
}

/** App files by app name, as text; the cluster files (the same on both sides) as text. */
interface AppsChanged {
  changed: Set<string>;
  atRev: Map<string, string>;
  now: Map<string, string>;
  clusters: string[];
}

/**
 * The apps whose files differ between the config at a revision (`atRev`) and `now`, and the texts
 * of the app and cluster files, read once here for finding the apps around them; undefined when
 * anything else differs (fleet.yaml, a cluster file, a file an app inlines), or a file cannot be compared.
 */
function appsChanged(atRev: string, now: string): AppsChanged | undefined {
  if (!sameBytes(filesBelow(path.join(atRev, FLEET_FILE)), filesBelow(path.join(now, FLEET_FILE)))) return undefined;
  const clusters = filesBelow(path.join(now, CLUSTERS_DIR));
  if (!sameBytes(filesBelow(path.join(atRev, CLUSTERS_DIR)), clusters)) return undefined;
  const before = filesBelow(path.join(atRev, APPS_DIR));
  const after = filesBelow(path.join(now, APPS_DIR));
  if (!before || !after) return undefined;
  const changed = new Set<string>();
  for (const file of new Set([...before.keys(), ...after.keys()])) {
    const [was, is] = [before.get(file), after.get(file)];
    if (was && is?.equals(was)) continue;
    const app = appOfFile(file);
    if (app === undefined) return undefined;
    changed.add(app);
  }
  return { changed, atRev: configTexts(before), now: configTexts(after), clusters: [...configTexts(clusters!).values()] };
}

/** The config files at the top of a folder (those the loader reads) as text, by name. */
function configTexts(files: ReadonlyMap<string, Buffer>): Map<string, string> {
  return new Map(
    [...files].flatMap(([file, bytes]) => {
      const name = appOfFile(file);
      return name === undefined ? [] : [[name, bytes.toString('utf8')] as [string, string]];
    }),
  );
}

/** `matomo` for `matomo.yaml` at the top of a config folder; undefined for any other file (one an app inlines). */
function appOfFile(file: string): string | undefined {
  return /^[^./][^/]*\.ya?ml$/.test(file) ? file.replace(/\.ya?ml$/, '') : undefined;
}

function sameBytes(a: ReadonlyMap<string, Buffer> | undefined, b: ReadonlyMap<string, Buffer> | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes));
}

/**
 * The bytes of every file at or below `full`, by path below it ('' for a file): empty where nothing
 * is there; undefined where a file cannot be compared (unreadable, too large, not a regular file,
 * or two app files of one name), since then only a whole build says what happens.
 */
function filesBelow(full: string): Map<string, Buffer> | undefined {
  const out = new Map<string, Buffer>();
  const visit = (rel: string): boolean => {
    const at = rel ? path.join(full, rel) : full;
    const stat = lstatSync(at, { throwIfNoEntry: false });
    if (!stat) return rel === '';
    if (stat.isDirectory()) return readdirSync(at).every((name) => visit(rel ? `${rel}/${name}` : name));
    const bytes = stat.isFile() ? readBounded(at, MAX_CONFIG_BYTES) : undefined;
    if (bytes === undefined || typeof bytes === 'number') return false;
    out.set(rel, bytes);
    return true;
  };
  try {
    if (!visit('')) return undefined;
  } catch {
    return undefined;
  }
  const apps = [...out.keys()].flatMap((f) => appOfFile(f) ?? []);
  return new Set(apps).size === apps.length ? out : undefined;
}

/** Writes the config files of `sha` below `dir`; returns whether fleet.yaml exists there. */
async function materialise(root: string, sha: string, dir: string): Promise<boolean> {
  const top = (await runGit(root, ['rev-parse', '--show-toplevel'])).stdout.trim();
  const prefix = path
    .relative(await realpath(top), await realpath(root))
    .split(path.sep)
    .join('/');
  const specs = [FLEET_FILE, APPS_DIR, CLUSTERS_DIR].map((p) => (prefix ? `${prefix}/${p}` : p));
  const listing = (await runGit(top, ['ls-tree', '-r', '-z', '--full-tree', sha, '--', ...specs])).stdout;
  const wanted: string[] = [];
  for (const entry of listing.split('\0').filter(Boolean)) {
    const tab = entry.indexOf('\t');
    const [mode, type] = entry.slice(0, tab).split(' ');
    // Regular files only: a symlink or submodule in the config is not followed out of the revision.
    if (type === 'blob' && /^100(644|755)$/.test(mode)) wanted.push(entry.slice(tab + 1));
  }
  // One git for all the files: a git per file took 40 s of system time for 2,200 files.
  const blobs = await showBlobs(top, sha, wanted);
  let hasFleet = false;
  for (const repoPath of wanted) {
    const rel = prefix ? repoPath.slice(prefix.length + 1) : repoPath;
    const target = path.join(dir, ...rel.split('/'));
    // Synchronous: an await per file left the process idle for seconds at 2,200 files.
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, blobs.get(repoPath)!);
    if (rel === FLEET_FILE) hasFleet = true;
  }
  return hasFleet;
}

async function gitHint(root: string): Promise<string> {
  const inside = await spawnGit(root, ['rev-parse', '--is-inside-work-tree']);
  return inside.code === 0 ? '' : ` (${root} is not inside a git repository)`;
}
