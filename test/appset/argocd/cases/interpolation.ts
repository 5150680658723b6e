/** applicationset/generators/generator_spec_processor_test.go: InterpolateGenerator (a matrix child rendered with the first child's parameters). */
import type { GeneratorSpec } from '../../../../generator/appset/generators/types.ts';

const F = 'applicationset/generators/generator_spec_processor_test.go';

export interface InterpolationCase {
  source: string;
  goTemplate: boolean;
  generator: GeneratorSpec;
  params: Record<string, unknown>;
  /** The interpolated generator, or the exact error. */
  expected?: GeneratorSpec;
  error?: string;
}

const template = {
  metadata: { labels: {}, annotations: {}, finalizers: [] },
  spec: { project: '', destination: {}, ignoreDifferences: [], info: [], sources: [] },
};
const inCluster = { name: 'in-cluster', server: 'https://kubernetes.default.svc' };

export const INTERPOLATION_CASES: InterpolationCase[] = [
  {
    source: `${F}: TestInterpolateGenerator (cluster selector from git directory parameters)`,
    goTemplate: false,
    generator: {
      clusters: {
        selector: {
          matchLabels: {
            'argocd.argoproj.io/secret-type': 'cluster',
            'path-basename': '{{path.basename}}',
            'path-zero': '{{path[0]}}',
            'path-full': '{{path}}',
          },
        },
      },
    },
    params: { path: 'p1/p2/app3', 'path.basename': 'app3', 'path[0]': 'p1', 'path[1]': 'p2', 'path.basenameNormalized': 'app3' },
    expected: {
      clusters: {
        selector: { matchLabels: { 'argocd.argoproj.io/secret-type': 'cluster', 'path-basename': 'app3', 'path-zero': 'p1', 'path-full': 'p1/p2/app3' } },
      },
    },
  },
  {
    source: `${F}: TestInterpolateGenerator (git files from cluster parameters)`,
    goTemplate: false,
    generator: { git: { files: [{ path: '{{name}}' }, { path: '{{server}}' }] } },
    params: { name: 'production_01/west', server: 'https://production-01.example.com' },
    expected: { git: { files: [{ path: 'production_01/west' }, { path: 'https://production-01.example.com' }] } },
  },
  {
    source: `${F}: TestInterpolateGenerator_go (cluster selector from git directory parameters)`,
    goTemplate: true,
    generator: {
      clusters: {
        selector: {
          matchLabels: {
            'argocd.argoproj.io/secret-type': 'cluster',
            'path-basename': '{{base .path.path}}',
            'path-zero': '{{index .path.segments 0}}',
            'path-full': '{{.path.path}}',
            'kubernetes.io/environment': '{{default "foo" .my_label}}',
          },
        },
      },
    },
    params: { path: { path: 'p1/p2/app3', segments: ['p1', 'p2', 'app3'] } },
    expected: {
      clusters: {
        selector: {
          matchLabels: {
            'argocd.argoproj.io/secret-type': 'cluster',
            'path-basename': 'app3',
            'path-zero': 'p1',
            'path-full': 'p1/p2/app3',
            'kubernetes.io/environment': 'foo',
          },
        },
      },
    },
  },
  {
    source: `${F}: TestInterpolateGenerator_go (git files from cluster parameters)`,
    goTemplate: true,
    generator: { git: { files: [{ path: '{{.name}}' }, { path: '{{.server}}' }] } },
    params: { name: 'production_01/west', server: 'https://production-01.example.com' },
    expected: { git: { files: [{ path: 'production_01/west' }, { path: 'https://production-01.example.com' }] } },
  },
  {
    source: `${F}: TestInterpolateGeneratorError/No Params`,
    goTemplate: false,
    generator: {},
    params: {},
    expected: {},
  },
  {
    source: `${F}: TestInterpolateGeneratorError/Error templating`,
    goTemplate: true,
    generator: {
      git: {
        repoURL: 'foo',
        files: [{ path: 'path/{{ index .rmap (default .override .test) }}' }],
        revision: 'main',
        values: { git_test: '{{ toPrettyJson . }}', selection: '{{ default .override .test }}', resolved: '{{ index .rmap (default .override .test) }}' },
      },
    },
    params: { name: 'in-cluster', override: 'foo' },
    error:
      'failed to replace parameters in generator: failed to execute go template path/{{ index .rmap (default .override .test) }}: template: base:1:8: executing "base" at <index .rmap (default .override .test)>: error calling index: index of untyped nil',
  },
  {
    source: `${F}: TestInterpolateGeneratorValuesHandling/Generator with values set`,
    goTemplate: true,
    generator: {
      git: {
        repoURL: 'https://somewhere.com/per-cluster/{{.name}}.git',
        files: [{ path: 'somedir/*' }],
        revision: 'main',
        values: { appname: '{{ .path.basenameNormalized }}' },
        template,
      },
    },
    params: inCluster,
    // The value names a parameter of the git generator itself: it stays as written.
    expected: {
      git: {
        repoURL: 'https://somewhere.com/per-cluster/in-cluster.git',
        files: [{ path: 'somedir/*' }],
        revision: 'main',
        values: { appname: '{{ .path.basenameNormalized }}' },
        template,
      },
    },
  },
  {
    source: `${F}: TestInterpolateGeneratorValuesHandling/Generator with no values set`,
    goTemplate: true,
    generator: { git: { repoURL: 'https://somewhere.com/per-cluster/{{.name}}.git', files: [{ path: 'somedir/*' }], revision: 'main', values: {}, template } },
    params: inCluster,
    expected: { git: { repoURL: 'https://somewhere.com/per-cluster/in-cluster.git', files: [{ path: 'somedir/*' }], revision: 'main', values: {}, template } },
  },
  {
    source: `${F}: TestInterpolateGeneratorValuesHandling/Generator with values set without go templates`,
    goTemplate: false,
    generator: {
      git: {
        repoURL: 'https://somewhere.com/per-cluster/{{name}}.git',
        files: [{ path: 'somedir/*' }],
        revision: 'main',
        values: { appname: '{{ .path.basenameNormalized }}' },
        template,
      },
    },
    params: inCluster,
    expected: {
      git: {
        repoURL: 'https://somewhere.com/per-cluster/in-cluster.git',
        files: [{ path: 'somedir/*' }],
        revision: 'main',
        values: { appname: '{{ .path.basenameNormalized }}' },
        template,
      },
    },
  },
  {
    source: `${F}: TestInterpolateGeneratorValuesHandling/Generator without values set and no go templates`,
    goTemplate: false,
    generator: { git: { repoURL: 'https://somewhere.com/per-cluster/{{name}}.git', files: [{ path: 'somedir/*' }], revision: 'main', values: {}, template } },
    params: inCluster,
    expected: { git: { repoURL: 'https://somewhere.com/per-cluster/in-cluster.git', files: [{ path: 'somedir/*' }], revision: 'main', values: {}, template } },
  },
];
