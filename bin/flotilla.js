#!/usr/bin/env node
// Runs the TypeScript CLI from an esbuild bundle, built on first use and again
// whenever a source file changes (the bundle's name is the generator's
// fingerprint: every file under generator/, the lockfile, the Node version;
// and a hash of this file).
// `--help` takes 0.2 s this way and 1.5 s loading ~150 modules through tsx,
// and a 500-app run was about a third slower through tsx.
// FLOTILLA_NO_BUNDLE=1 runs the sources through tsx instead, e.g. for stack
// traces that point at .ts lines.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { generatorFingerprint } from '../generator/incremental/fingerprint.mjs';

// A larger young generation: generating a big fleet allocates many short-lived
// objects, and with V8's default 16 MB semi-spaces the scavenger promoted them
// to the old generation (~12% of a 500-app run went to GC; see the bench).
v8.setFlagsFromString('--max-semi-space-size=32');

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = path.join(REPO, 'generator');
const CACHE = path.join(REPO, 'node_modules', '.cache', 'flotilla');

async function loadCli() {
  if (process.env.FLOTILLA_NO_BUNDLE !== '1') {
    try {
      return await import(pathToFileURL(await bundle()).href);
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('esbuild')) throw error;
      // No esbuild (an install without it): run the sources through tsx.
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('../generator/cli/main.ts');
}

/** The bundle for the current sources: built once, then reused until a source file changes. */
async function bundle() {
  // This file's build options shape the bundle too.
  const launcher = createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('base64url');
  const dir = path.join(CACHE, `cli-${generatorFingerprint(REPO).slice(0, 16)}-${launcher.slice(0, 8)}`);
  const entry = path.join(dir, 'main.mjs');
  if (existsSync(entry)) return entry;
  const { build } = await import('esbuild');
  const tmp = `${dir}.${process.pid}.tmp`;
  mkdirSync(CACHE, { recursive: true });
  await build({
    entryPoints: { main: path.join(SOURCES, 'cli/main.ts') },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    // Each command is its own chunk: `generate` never loads git, GitHub or preview code.
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    logLevel: 'error',
    // A bundled CommonJS package (yaml) requires Node's own modules: `require` as Node gives it to a module here.
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    plugins: [keepModuleUrls, bundleOnly(BUNDLED_PACKAGES)],
  });
  try {
    renameSync(tmp, dir); // atomic: a concurrent run sees the whole bundle or none
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(entry)) throw error; // else another run renamed its identical build first
  }
  // Bundles of older sources go after a day: a run still using one loads its command chunk lazily.
  for (const old of readdirSync(CACHE)) {
    const full = path.join(CACHE, old);
    if (old.startsWith('cli-') && old !== path.basename(dir) && Date.now() - statSync(full).mtimeMs > 86_400_000)
      rmSync(full, { recursive: true, force: true });
  }
  return entry;
}

/**
 * Packages bundled into the CLI: those nearly every command loads and that read no files of their own.
 * Node resolving and linking zod's 95 modules and yaml's 72 one by one cost about 0.04 s of a 0.4 s
 * preview (README, Benchmark). Every other package is loaded from node_modules as it is.
 */
const BUNDLED_PACKAGES = new Set(['zod', 'yaml', 'js-yaml']);

function bundleOnly(packages) {
  return {
    name: 'bundle-only',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path
          .split('/')
          .slice(0, args.path.startsWith('@') ? 2 : 1)
          .join('/');
        return packages.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/**
 * Each module keeps its own import.meta.url, so paths it resolves from there
 * (the committed JSON schemas, lazily required schema packages) are the same
 * as when it runs unbundled.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

// V8's compiled code of the bundle and its dependencies, kept between runs (Node checks each entry
// against its source): loading the code took about 0.3 s of a 4 s run that changed one app of 2,000.
module.enableCompileCache?.(path.join(CACHE, 'compile'));
const { runCli } = await loadCli();
const io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  cwd: process.cwd(),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
};
process.exitCode = await runCli(process.argv.slice(2), io);
