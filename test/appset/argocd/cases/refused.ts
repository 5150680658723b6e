/**
 * Generators Flotilla's evaluator refuses, with the Argo CD tests that exercise them: each must fail
 * loudly (an error naming the generator), never yield a partial or empty result. The merge generator is
 * not implemented (Flotilla never generates one); the others read a live system (an SCM API, a plugin
 * service, a cluster resource) that an offline preview cannot see.
 */
import type { GeneratorCase } from '../port.ts';

const G = 'applicationset/generators';
const list = (...elements: object[]) => ({ list: { elements } });

const MERGE = /the merge generator is not supported by Flotilla's ApplicationSet evaluator/;
const OFFLINE = (kind: string) => new RegExp(`the ${kind} generator reads a live system`);

export const REFUSED_CASES: GeneratorCase[] = [
  {
    source: `${G}/merge_test.go: TestMergeGenerate/happy flow - generate paramSets`,
    generator: {
      merge: {
        mergeKeys: ['b'],
        generators: [list({ a: '1_1', b: 'same', c: '1_3' }), list({ a: '2_1', b: 'same' }), list({ a: '3_1', b: 'different', c: '3_3' })],
      },
    },
    error: MERGE,
  },
  {
    source: `${G}/merge_test.go: TestMergeGenerate/merge keys absent - do not merge`,
    generator: { merge: { mergeKeys: ['b'], generators: [list({ a: 'a' }), list({ a: 'a' })] } },
    error: MERGE,
  },
  {
    source: `${G}/merge_test.go: TestMergeGenerate/merge nested matrix with some lists`,
    generator: {
      merge: {
        mergeKeys: ['a'],
        generators: [{ matrix: { generators: [list({ a: '1' }, { a: '2' }), list({ b: '1' }, { b: '2' })] } }, list({ a: '1', b: '3', c: '1' })],
      },
    },
    error: MERGE,
  },
  {
    source: `${G}/matrix_test.go + merge: a merge nested in a matrix is refused as well`,
    generator: { matrix: { generators: [list({ a: '1' }), { merge: { mergeKeys: ['a'], generators: [list({ a: '1' }), list({ a: '1', b: '2' })] } }] } },
    error: MERGE,
  },
  {
    source: `${G}/pull_request_test.go: TestPullRequestGithubGenerateParams`,
    generator: { pullRequest: { github: { owner: 'argoproj', repo: 'argo-cd' } } },
    error: OFFLINE('pullRequest'),
  },
  {
    source: `${G}/scm_provider_test.go: TestSCMProviderGenerateParams`,
    generator: { scmProvider: { github: { organization: 'argoproj' } } },
    error: OFFLINE('scmProvider'),
  },
  {
    source: `${G}/plugin_test.go: TestPluginGenerateParams`,
    generator: { plugin: { configMapRef: { name: 'plugin' }, input: { parameters: {} } } },
    error: OFFLINE('plugin'),
  },
  {
    source: `${G}/duck_type_test.go: TestGenerateParamsForDuckType`,
    generator: { clusterDecisionResource: { configMapRef: 'my-configmap', name: 'cluster-resource' } },
    error: OFFLINE('clusterDecisionResource'),
  },
  {
    source: `${G}/duck_type_test.go: TestGenerateParamsForDuckTypeGoTemplate`,
    goTemplate: true,
    generator: { clusterDecisionResource: { configMapRef: 'my-configmap', name: 'cluster-resource' } },
    error: OFFLINE('clusterDecisionResource'),
  },
];
