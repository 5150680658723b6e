/**
 * Table-driven ports of Argo CD's own ApplicationSet tests. Each case names
 * its source: the file in argoproj/argo-cd at the release the evaluator
 * implements, and the Go test (and sub-test) it comes from. Where a Go test
 * mocks a generator, the case feeds the same parameters through a real
 * generator (a list generator yields exactly the mocked parameter sets) and
 * says so in `note`.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { GeneratorEnv, GeneratorSpec, GitRepository, Params } from '../../../generator/appset/generators/types.ts';
import { transform } from '../../../generator/appset/transform.ts';

export { ARGOCD_RELEASE } from '../../../generator/appset/argocd-release.ts';

export interface GeneratorCase {
  /** `<file>: <TestName>/<sub-test name>` in argoproj/argo-cd. */
  source: string;
  /** How the port departs from the Go test, when it does. */
  note?: string;
  goTemplate?: boolean;
  goTemplateOptions?: string[];
  generator: GeneratorSpec;
  env?: GeneratorEnv;
  /** The parameter sets Transform returns; compared as a set when `unordered` (assert.ElementsMatch). */
  params?: unknown[];
  unordered?: boolean;
  error?: RegExp;
}

/** generators.Transform at the top level, as the controller calls it: the params of every generator in the entry. */
export function transformParams(c: Pick<GeneratorCase, 'generator' | 'goTemplate' | 'goTemplateOptions' | 'env'>): Params[] {
  const ctx = { goTemplate: c.goTemplate === true, goTemplateOptions: c.goTemplateOptions ?? [], appSetName: 'set', env: c.env ?? {} };
  return transform(c.generator, ctx, {}, undefined, 'top').flatMap((r) => r.params);
}

export function generatorCases(cases: readonly GeneratorCase[]): void {
  for (const c of cases) {
    it(c.note ? `${c.source} (${c.note})` : c.source, () => {
      if (c.error) {
        assert.throws(() => transformParams(c), c.error);
        return;
      }
      const got = plain(transformParams(c));
      assert.deepEqual(c.unordered ? sorted(got as unknown[]) : got, c.unordered ? sorted(c.params ?? []) : (c.params ?? []));
    });
  }
}

/** Parameters as JSON sees them (Go ints from templates are bigints here). */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}

function sorted(list: readonly unknown[]): unknown[] {
  return [...list].sort((a, b) => (JSON.stringify(sortKeys(a)) < JSON.stringify(sortKeys(b)) ? -1 : 1)).map(sortKeys);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/**
 * A stand-in for Argo CD's repo-server where a Go test mocks it: the directories it lists (or the
 * error it returns). Go tests that mock file listings are ported with a real in-memory repository
 * (memoryRepository), so the glob semantics are exercised too.
 */
export function repoServer(r: { directories?: string[]; error?: string }): GitRepository {
  const fail = () => {
    throw new Error(r.error);
  };
  return {
    directories: () => (r.error ? fail() : (r.directories ?? [])),
    files: () => (r.error ? fail() : new Map()),
  };
}
