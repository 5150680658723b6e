/** applicationset/generators/matrix_test.go */
import { memoryRepository } from '../../../../generator/appset/generators/git.ts';
import type { ClusterSecret } from '../../../../generator/appset/generators/types.ts';
import type { GeneratorCase } from '../port.ts';

const F = 'applicationset/generators/matrix_test.go';
const MOCKED = 'the mocked git generator is a list generator yielding the same parameter sets';

const gitDirs = { repoURL: 'RepoURL', revision: 'Revision', directories: [{ path: '*' }] };
const twoDirs = memoryRepository({ 'app1/x.yaml': '', 'app2/x.yaml': '' });

const flatPaths = [
  { path: 'app1', 'path.basename': 'app1', 'path.basenameNormalized': 'app1' },
  { path: 'app2', 'path.basename': 'app2', 'path.basenameNormalized': 'app2' },
];
const goPaths = [
  { path: { path: 'app1', basename: 'app1', basenameNormalized: 'app1' } },
  { path: { path: 'app2', basename: 'app2', basenameNormalized: 'app2' } },
];

function restrictions(t: string, goTemplate: boolean, list: object): GeneratorCase[] {
  return [
    {
      source: `${t}/returns error if there is less than two base generators`,
      goTemplate,
      generator: { matrix: { generators: [{ git: gitDirs }] } },
      env: { git: twoDirs },
      error: /found less than two generators, Matrix support only two/,
    },
    {
      source: `${t}/returns error if there is more than two base generators`,
      goTemplate,
      generator: { matrix: { generators: [{ list }, { list }, { list }] } },
      error: /found more than two generators, Matrix support only two/,
    },
    {
      source: `${t}/returns error if there is more than one inner generator in the first base generator`,
      goTemplate,
      generator: { matrix: { generators: [{ git: gitDirs, list }, { git: gitDirs }] } },
      env: { git: twoDirs },
      error: /found more than one generator in matrix.Generators/,
    },
    {
      source: `${t}/returns error if there is more than one inner generator in the second base generator`,
      goTemplate,
      generator: { matrix: { generators: [{ list }, { git: gitDirs, list }] } },
      env: { git: twoDirs },
      error: /found more than one generator in matrix.Generators/,
    },
  ];
}

const twoLists = {
  matrix: { generators: [{ list: { elements: [{ a: '1' }, { a: '2' }] } }, { list: { elements: [{ b: '1' }, { b: '2' }] } }] },
};
const product = [
  { a: '1', b: '1' },
  { a: '1', b: '2' },
  { a: '2', b: '1' },
  { a: '2', b: '2' },
];

const interpolatedClusters: ClusterSecret[] = ['dev', 'prod'].map((env) => ({
  name: `${env}-01`,
  server: `https://${env}-01.example.com`,
  labels: { 'argocd.argoproj.io/secret-type': 'cluster', environment: env },
}));
const configPath = (env: string) => `examples/git-generator-files-discovery/cluster-config/${env}/config.json`;

const chartsFile = {
  foo: {
    bar: [
      { chart: 'a', version: '1' },
      { chart: 'b', version: '2' },
    ],
  },
  path: {
    basename: 'dir',
    basenameNormalized: 'dir',
    filename: 'file_name.yaml',
    filenameNormalized: 'file-name.yaml',
    path: 'path/dir',
    segments: ['path', 'dir'],
  },
};

export const MATRIX_CASES: GeneratorCase[] = [
  {
    source: `${F}: TestMatrixGenerate/happy flow - generate params`,
    note: MOCKED,
    generator: {
      matrix: {
        generators: [
          { list: { elements: flatPaths } },
          { list: { elements: [{ cluster: 'Cluster', url: 'Url', templated: 'test-{{path.basenameNormalized}}' }] } },
        ],
      },
    },
    params: flatPaths.map((p) => ({ ...p, cluster: 'Cluster', url: 'Url', templated: `test-${p.path}` })),
  },
  { source: `${F}: TestMatrixGenerate/happy flow - generate params from two lists`, generator: twoLists, params: product },
  ...restrictions(`${F}: TestMatrixGenerate`, false, { elements: [{ cluster: 'Cluster', url: 'Url', templated: 'test-{{path.basenameNormalized}}' }] }),
  {
    source: `${F}: TestMatrixGenerateGoTemplate/happy flow - generate params`,
    note: MOCKED,
    goTemplate: true,
    generator: { matrix: { generators: [{ list: { elements: goPaths } }, { list: { elements: [{ cluster: 'Cluster', url: 'Url' }] } }] } },
    params: goPaths.map((p) => ({ ...p, cluster: 'Cluster', url: 'Url' })),
  },
  { source: `${F}: TestMatrixGenerateGoTemplate/happy flow - generate params from two lists`, goTemplate: true, generator: twoLists, params: product },
  {
    source: `${F}: TestMatrixGenerateGoTemplate/parameter override: first list elements take precedence`,
    goTemplate: true,
    generator: {
      matrix: {
        generators: [
          { list: { elements: [{ booleanFalse: false, booleanTrue: true, stringFalse: 'false', stringTrue: 'true' }] } },
          { list: { elements: [{ booleanFalse: true, booleanTrue: false, stringFalse: 'true', stringTrue: 'false' }] } },
        ],
      },
    },
    params: [{ booleanFalse: false, booleanTrue: true, stringFalse: 'false', stringTrue: 'true' }],
  },
  ...restrictions(`${F}: TestMatrixGenerateGoTemplate`, true, { elements: [{ cluster: 'Cluster', url: 'Url' }] }),
  {
    source: `${F}: TestInterpolatedMatrixGenerate/happy flow - generate interpolated params`,
    note: MOCKED,
    generator: {
      matrix: {
        generators: [
          {
            list: {
              elements: ['dev', 'prod'].map((env) => ({ path: configPath(env), 'path.basename': env, 'path.basenameNormalized': env })),
            },
          },
          { clusters: { selector: { matchLabels: { environment: '{{path.basename}}' } } } },
        ],
      },
    },
    env: { clusterSecrets: interpolatedClusters },
    params: ['dev', 'prod'].map((env) => ({
      path: configPath(env),
      'path.basename': env,
      'path.basenameNormalized': env,
      name: `${env}-01`,
      nameNormalized: `${env}-01`,
      server: `https://${env}-01.example.com`,
      'metadata.labels.environment': env,
      'metadata.labels.argocd.argoproj.io/secret-type': 'cluster',
      project: '',
    })),
  },
  {
    source: `${F}: TestInterpolatedMatrixGenerateGoTemplate/happy flow - generate interpolated params`,
    note: MOCKED,
    goTemplate: true,
    generator: {
      matrix: {
        generators: [
          { list: { elements: ['dev', 'prod'].map((env) => ({ path: { path: configPath(env), basename: env, basenameNormalized: env } })) } },
          { clusters: { selector: { matchLabels: { environment: '{{.path.basename}}' } } } },
        ],
      },
    },
    env: { clusterSecrets: interpolatedClusters },
    params: ['dev', 'prod'].map((env) => ({
      path: { path: configPath(env), basename: env, basenameNormalized: env },
      name: `${env}-01`,
      nameNormalized: `${env}-01`,
      server: `https://${env}-01.example.com`,
      project: '',
      metadata: { labels: { environment: env, 'argocd.argoproj.io/secret-type': 'cluster' } },
    })),
  },
  {
    source: `${F}: TestMatrixGenerateListElementsYaml/happy flow - generate params`,
    note: MOCKED,
    goTemplate: true,
    generator: { matrix: { generators: [{ list: { elements: [chartsFile] } }, { list: { elements: [], elementsYaml: '{{ .foo.bar | toJson }}' } }] } },
    params: [
      { chart: 'a', version: '1', ...chartsFile },
      { chart: 'b', version: '2', ...chartsFile },
    ],
  },
  {
    source: `${F}: TestGitGenerator_GenerateParams_list_x_git_matrix_generator`,
    generator: {
      matrix: {
        generators: [{ list: { elements: [{ some: 'value' }] } }, { git: { repoURL: 'https://git.example.com', files: [{ path: 'some/path.json' }] } }],
      },
    },
    env: { git: memoryRepository({ 'some/path.json': 'test: content' }) },
    params: [
      {
        path: 'some',
        'path.basename': 'some',
        'path.basenameNormalized': 'some',
        'path.filename': 'path.json',
        'path.filenameNormalized': 'path.json',
        'path[0]': 'some',
        some: 'value',
        test: 'content',
      },
    ],
  },
  {
    source: `${F}: TestGitGenerator_GenerateParams_list_x_git_matrix_generator_error_includes_repo`,
    generator: {
      matrix: {
        generators: [
          { list: { elements: [{ url: 'https://git.example.com/repo-a.git' }] } },
          { git: { repoURL: '{{url}}', revision: 'HEAD', files: [{ path: 'ste1/values.yaml' }] } },
        ],
      },
    },
    env: { git: memoryRepository({ 'ste1/values.yaml': 'invalid: [' }) },
    error: /https:\/\/git\.example\.com\/repo-a\.git.*ste1\/values\.yaml|ste1\/values\.yaml.*https:\/\/git\.example\.com\/repo-a\.git/,
  },
  {
    source: `${F}: TestGitGenerator_GenerateParams_list_x_git_matrix_generator_go_templates_values`,
    goTemplate: true,
    generator: {
      matrix: {
        generators: [
          { list: { elements: [{ some: 'value' }] } },
          { git: { repoURL: 'https://git.example.com', files: [{ path: 'some/path.json' }], values: { foo: '{{.path.basename}}' } } },
        ],
      },
    },
    env: { git: memoryRepository({ 'some/path.json': 'test: content' }) },
    params: [
      {
        path: { basename: 'some', basenameNormalized: 'some', filename: 'path.json', filenameNormalized: 'path.json', path: 'some', segments: ['some'] },
        some: 'value',
        test: 'content',
        values: { foo: 'some' },
      },
    ],
  },
  {
    source: `${F}: TestInterpolatedMatrixGenerateGoTemplate_ClusterValuesFromFirstGenerator`,
    note: MOCKED,
    goTemplate: true,
    goTemplateOptions: ['missingkey=error'],
    generator: {
      matrix: {
        generators: [
          { list: { elements: [{ path: { path: 'guestbook', basename: 'guestbook', basenameNormalized: 'guestbook' } }] } },
          { clusters: { selector: { matchLabels: { environment: '{{.path.basename}}' } }, values: { env: '{{.path.basename}}' } } },
        ],
      },
    },
    env: {
      clusterSecrets: [
        {
          name: 'guestbook-cluster',
          server: 'https://guestbook.example.com',
          labels: { 'argocd.argoproj.io/secret-type': 'cluster', environment: 'guestbook' },
        },
      ],
    },
    params: [
      {
        path: { path: 'guestbook', basename: 'guestbook', basenameNormalized: 'guestbook' },
        values: { env: 'guestbook' },
        name: 'guestbook-cluster',
        nameNormalized: 'guestbook-cluster',
        server: 'https://guestbook.example.com',
        project: '',
        metadata: { labels: { 'argocd.argoproj.io/secret-type': 'cluster', environment: 'guestbook' } },
      },
    ],
  },
];
