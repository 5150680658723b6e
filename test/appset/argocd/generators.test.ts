/**
 * Argo CD's generator tests (applicationset/generators/*_test.go), ported case
 * by case; each test is named after its source. Cases that mock a generator
 * feed the mocked parameters through a real one (see port.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GeneratorContext, Params } from '../../../generator/appset/generators/types.ts';
import { appendTemplatedValues } from '../../../generator/appset/generators/values.ts';
import { fromPlain } from '../../../generator/appset/go-template/index.ts';
import { interpolateGenerator } from '../../../generator/appset/interpolate.ts';
import { CLUSTER_CASES } from './cases/cluster.ts';
import { GENERATOR_SPEC_PROCESSOR_CASES } from './cases/generator-spec-processor.ts';
import { GIT_CASES } from './cases/git.ts';
import { INTERPOLATION_CASES } from './cases/interpolation.ts';
import { LIST_CASES } from './cases/list.ts';
import { MATRIX_CASES } from './cases/matrix.ts';
import { REFUSED_CASES } from './cases/refused.ts';
import { VALUE_INTERPOLATION_CASES } from './cases/value-interpolation.ts';
import { ARGOCD_RELEASE, generatorCases, plain } from './port.ts';

describe(`Argo CD ${ARGOCD_RELEASE} generator tests`, () => {
  describe('list_test.go', () => generatorCases(LIST_CASES));
  describe('cluster_test.go', () => generatorCases(CLUSTER_CASES));
  describe('git_test.go', () => generatorCases(GIT_CASES));
  describe('matrix_test.go', () => generatorCases(MATRIX_CASES));
  describe('generator_spec_processor_test.go: post selectors', () => generatorCases(GENERATOR_SPEC_PROCESSOR_CASES));
  describe('refused generators (merge, SCM provider, pull request, plugin, cluster decision resource)', () => generatorCases(REFUSED_CASES));

  describe('generator_spec_processor_test.go: InterpolateGenerator', () => {
    for (const c of INTERPOLATION_CASES) {
      it(c.source, () => {
        const run = () => interpolateGenerator(c.generator, fromPlain(c.params) as Params, { goTemplate: c.goTemplate, goTemplateOptions: [] });
        if (c.error !== undefined) assert.throws(run, (e: Error) => e.message === c.error);
        else assert.deepEqual(plain(run()), c.expected);
      });
    }
  });

  describe('value_interpolation_test.go', () => {
    for (const c of VALUE_INTERPOLATION_CASES) {
      it(c.source, () => {
        const params = fromPlain(c.params) as Params;
        const ctx: GeneratorContext = { goTemplate: c.goTemplate, goTemplateOptions: [], appSetName: 'set', env: {} };
        appendTemplatedValues(c.values, params, ctx);
        assert.deepEqual(plain(params), c.expected);
      });
    }
  });
});
