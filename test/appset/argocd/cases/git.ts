/** applicationset/generators/git_test.go */
import { memoryRepository } from '../../../../generator/appset/generators/git.ts';
import { type GeneratorCase, repoServer } from '../port.ts';

const F = 'applicationset/generators/git_test.go';
const REPO_MOCK = "the mocked repo-server's directory listing is a fixed GitRepository";
const FILES = 'the mocked repo-server file listing is an in-memory repository globbed as the repo-server globs';

/** A directory's parameters as a Go test table writes them: flat (fasttemplate) or nested. */
function dir(path: string, normalized: string, goTemplate: boolean, prefix = ''): Record<string, unknown> {
  const basename = path.split('/').at(-1)!;
  if (goTemplate) {
    const info = { path: { path, basename, basenameNormalized: normalized, segments: path.split('/') } };
    return prefix ? { [prefix]: info } : info;
  }
  const p = prefix ? `${prefix}.path` : 'path';
  const out: Record<string, unknown> = { [p]: path, [`${p}.basename`]: basename, [`${p}.basenameNormalized`]: normalized };
  path.split('/').forEach((s, i) => {
    out[`${p}[${i}]`] = s;
  });
  return out;
}

/** A file's path parameters: dir() plus filename and filenameNormalized. */
function file(path: string, filename: string, goTemplate: boolean, prefix = ''): Record<string, unknown> {
  const d = dir(path, path.split('/').at(-1)!, goTemplate, prefix);
  if (goTemplate) {
    const holder = (prefix ? d[prefix] : d) as { path: Record<string, unknown> };
    holder.path = { ...holder.path, filename, filenameNormalized: filename.replace(/_/g, '-') };
    return d;
  }
  const p = prefix ? `${prefix}.path` : 'path';
  return { ...d, [`${p}.filename`]: filename, [`${p}.filenameNormalized`]: filename.replace(/_/g, '-') };
}

function directoryCases(t: string, goTemplate: boolean): GeneratorCase[] {
  const gen = (directories: { path: string; exclude?: boolean }[], extra: Record<string, unknown> = {}) => ({
    git: { repoURL: 'RepoURL', revision: 'Revision', directories, ...extra },
  });
  const d = (path: string, normalized = path.split('/').at(-1)!, prefix = '') => dir(path, normalized, goTemplate, prefix);
  const excludeRepo = { git: repoServer({ directories: ['app1', 'app2', 'p1/app2', 'p1/app3', 'p2/app3'] }) };
  const cases: GeneratorCase[] = [
    {
      source: `${t}/happy flow - created apps`,
      note: REPO_MOCK,
      goTemplate,
      generator: gen([{ path: '*' }]),
      env: { git: repoServer({ directories: ['app1', 'app2', 'app_3', 'p1/app4'] }) },
      params: [d('app1'), d('app2'), d('app_3', 'app-3')],
    },
    {
      source: `${t}/It prefixes path parameters with PathParamPrefix`,
      note: REPO_MOCK,
      goTemplate,
      generator: gen([{ path: '*' }], { pathParamPrefix: 'myRepo' }),
      env: { git: repoServer({ directories: ['app1', 'app2', 'app_3', 'p1/app4'] }) },
      params: [d('app1', 'app1', 'myRepo'), d('app2', 'app2', 'myRepo'), d('app_3', 'app-3', 'myRepo')],
    },
    {
      source: `${t}/It filters application according to the paths`,
      note: REPO_MOCK,
      goTemplate,
      generator: gen([{ path: 'p1/*' }, { path: 'p1/*/*' }]),
      env: { git: repoServer({ directories: ['app1', 'p1/app2', 'p1/p2/app3', 'p1/p2/p3/app4'] }) },
      params: [d('p1/app2'), d('p1/p2/app3')],
    },
    {
      source: `${t}/It filters application according to the paths with Exclude`,
      note: REPO_MOCK,
      goTemplate,
      generator: gen([{ path: 'p1/*', exclude: true }, { path: '*' }, { path: '*/*' }]),
      env: excludeRepo,
      params: [d('app1'), d('app2'), d('p2/app3')],
    },
    {
      source: `${t}/Expecting same exclude behavior with different order`,
      note: REPO_MOCK,
      goTemplate,
      generator: gen([{ path: '*' }, { path: '*/*' }, { path: 'p1/*', exclude: true }]),
      env: excludeRepo,
      params: [d('app1'), d('app2'), d('p2/app3')],
    },
    {
      source: `${t}/handles empty response from repo server`,
      note: REPO_MOCK,
      goTemplate,
      generator: gen([{ path: '*' }]),
      env: { git: repoServer({ directories: [] }) },
      params: [],
    },
    {
      source: `${t}/handles error from repo server`,
      note: REPO_MOCK,
      goTemplate,
      generator: gen([{ path: '*' }]),
      env: { git: repoServer({ error: 'error' }) },
      error: /^Error: error generating params from git: error getting directories from repo: error$/,
    },
  ];
  if (!goTemplate)
    cases.push({
      source: `${t}/Value variable interpolation`,
      note: REPO_MOCK,
      generator: gen([{ path: '*' }, { path: '*/*' }], { values: { foo: 'bar', aaa: '{{ path[0] }}', 'no-op': '{{ this-does-not-exist }}' } }),
      env: { git: repoServer({ directories: ['app1', 'p1/app2'] }) },
      params: [
        { 'values.foo': 'bar', 'values.no-op': '{{ this-does-not-exist }}', 'values.aaa': 'app1', ...d('app1') },
        { 'values.foo': 'bar', 'values.no-op': '{{ this-does-not-exist }}', 'values.aaa': 'p1', ...d('p1/app2') },
      ],
    });
  return cases;
}

const productionJson = `{
   "cluster": {
       "owner": "john.doe@example.com",
       "name": "production",
       "address": "https://kubernetes.default.svc"
   },
   "key1": "val1",
   "key2": {
       "key2_1": "val2_1",
       "key2_2": {
           "key2_2_1": "val2_2_1"
       }
   },
   "key3": 123
}`;
const stagingJson = `{
   "cluster": {
       "owner": "foo.bar@example.com",
       "name": "staging",
       "address": "https://kubernetes.default.svc"
   }
}`;
const jsonArray = `
[
	{
		"cluster": {
			"owner": "john.doe@example.com",
			"name": "production",
			"address": "https://kubernetes.default.svc",
			"inner": {
				"one" : "two"
			}
		}
	},
	{
		"cluster": {
			"owner": "john.doe@example.com",
			"name": "staging",
			"address": "https://kubernetes.default.svc"
		}
	}
]`;
const productionYaml = `
cluster:
  owner: john.doe@example.com
  name: production
  address: https://kubernetes.default.svc
key1: val1
key2:
  key2_1: val2_1
  key2_2:
    key2_2_1: val2_2_1
`;
const stagingYaml = `
cluster:
  owner: foo.bar@example.com
  name: staging
  address: https://kubernetes.default.svc
`;
const yamlArray = `
- cluster:
    owner: john.doe@example.com
    name: production
    address: https://kubernetes.default.svc
    inner:
      one: two
- cluster:
    owner: john.doe@example.com
    name: staging
    address: https://kubernetes.default.svc`;

const cluster = (owner: string, name: string, inner?: boolean) => ({
  owner,
  name,
  address: 'https://kubernetes.default.svc',
  ...(inner ? { inner: { one: 'two' } } : {}),
});
const flatCluster = (owner: string, name: string, inner?: boolean) => ({
  'cluster.owner': owner,
  'cluster.name': name,
  'cluster.address': 'https://kubernetes.default.svc',
  ...(inner ? { 'cluster.inner.one': 'two' } : {}),
});
const keys = (goTemplate: boolean, withKey3: boolean) =>
  goTemplate
    ? { key1: 'val1', key2: { key2_1: 'val2_1', key2_2: { key2_2_1: 'val2_2_1' } }, ...(withKey3 ? { key3: 123 } : {}) }
    : { key1: 'val1', 'key2.key2_1': 'val2_1', 'key2.key2_2.key2_2_1': 'val2_2_1', ...(withKey3 ? { key3: '123' } : {}) };

function fileCases(t: string, goTemplate: boolean): GeneratorCase[] {
  const gen = (path: string, values?: Record<string, string>) => ({
    git: { repoURL: 'RepoURL', revision: 'Revision', files: [{ path }], ...(values ? { values } : {}) },
  });
  const c = (owner: string, name: string, inner?: boolean) => (goTemplate ? { cluster: cluster(owner, name, inner) } : flatCluster(owner, name, inner));
  const f = (path: string, filename: string) => file(path, filename, goTemplate);
  const configs = { 'cluster-config/production/config.json': productionJson, 'cluster-config/staging/config.json': stagingJson };
  const cases: GeneratorCase[] = [
    {
      source: `${t}/happy flow: create params from git files`,
      note: FILES,
      goTemplate,
      generator: gen('**/config.json'),
      env: { git: memoryRepository(configs) },
      params: [
        { ...c('john.doe@example.com', 'production'), ...keys(goTemplate, true), ...f('cluster-config/production', 'config.json') },
        { ...c('foo.bar@example.com', 'staging'), ...f('cluster-config/staging', 'config.json') },
      ],
      unordered: true,
    },
    {
      source: `${t}/handles error during getting repo paths`,
      goTemplate,
      generator: gen('**/config.json'),
      env: {
        git: {
          directories: () => [],
          files: () => {
            throw new Error('paths error');
          },
        },
      },
      error: /^Error: error generating params from git: paths error$/,
    },
    {
      source: `${t}/test invalid JSON file returns error`,
      note: FILES,
      goTemplate,
      generator: gen('**/config.json'),
      env: { git: memoryRepository({ 'cluster-config/production/config.json': 'invalid json file' }) },
      error:
        /^Error: error generating params from git: unable to process file 'cluster-config\/production\/config.json' from repository 'RepoURL': unable to parse file: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type \[\]map\[string\]interface \{\}$/,
    },
    {
      source: `${t}/test JSON array`,
      note: FILES,
      goTemplate,
      generator: gen('**/config.json'),
      env: { git: memoryRepository({ 'cluster-config/production/config.json': jsonArray }) },
      params: [
        { ...c('john.doe@example.com', 'production', true), ...f('cluster-config/production', 'config.json') },
        { ...c('john.doe@example.com', 'staging'), ...f('cluster-config/production', 'config.json') },
      ],
      unordered: true,
    },
    {
      source: `${t}/Test YAML flow`,
      note: FILES,
      goTemplate,
      generator: gen('**/config.yaml'),
      env: { git: memoryRepository({ 'cluster-config/production/config.yaml': productionYaml, 'cluster-config/staging/config.yaml': stagingYaml }) },
      params: [
        { ...c('john.doe@example.com', 'production'), ...keys(goTemplate, false), ...f('cluster-config/production', 'config.yaml') },
        { ...c('foo.bar@example.com', 'staging'), ...f('cluster-config/staging', 'config.yaml') },
      ],
      unordered: true,
    },
    {
      source: `${t}/test YAML array`,
      note: FILES,
      goTemplate,
      generator: gen('**/config.yaml'),
      env: { git: memoryRepository({ 'cluster-config/production/config.yaml': yamlArray }) },
      params: [
        { ...c('john.doe@example.com', 'production', true), ...f('cluster-config/production', 'config.yaml') },
        { ...c('john.doe@example.com', 'staging'), ...f('cluster-config/production', 'config.yaml') },
      ],
      unordered: true,
    },
  ];
  if (!goTemplate) {
    cases.push(
      {
        source: `${t}/Value variable interpolation`,
        note: FILES,
        generator: gen('**/config.json', { aaa: '{{ cluster.owner }}', 'no-op': '{{ this-does-not-exist }}' }),
        env: { git: memoryRepository(configs) },
        params: [
          {
            ...c('john.doe@example.com', 'production'),
            ...keys(false, true),
            ...f('cluster-config/production', 'config.json'),
            'values.aaa': 'john.doe@example.com',
            'values.no-op': '{{ this-does-not-exist }}',
          },
          {
            ...c('foo.bar@example.com', 'staging'),
            ...f('cluster-config/staging', 'config.json'),
            'values.aaa': 'foo.bar@example.com',
            'values.no-op': '{{ this-does-not-exist }}',
          },
        ],
        unordered: true,
      },
      {
        source: `${t}/test empty YAML array`,
        note: FILES,
        generator: gen('**/config.yaml'),
        env: { git: memoryRepository({ 'cluster-config/production/config.yaml': '[]' }) },
        params: [],
      },
    );
  }
  return cases;
}

/** The exclude tests: include patterns' files less the exclude patterns' files, globbed as the repo-server globs. */
function excludeCases(t: string, glob: 'new' | 'old' | 'go'): GeneratorCase[] {
  const goTemplate = glob === 'go';
  const newGitFileGlobbing = glob === 'new';
  const repo = (tree: Record<string, string>) => ({ git: memoryRepository(tree, { newGitFileGlobbing }) });
  const gen = (files: { path: string; exclude?: boolean }[]) => ({ git: { repoURL: 'RepoURL', revision: 'Revision', files } });
  const c = (owner: string, name: string, inner?: boolean) => (goTemplate ? { cluster: cluster(owner, name, inner) } : flatCluster(owner, name, inner));
  const f = (path: string, filename: string) => file(path, filename, goTemplate);
  const note = `${FILES}${newGitFileGlobbing ? ' (new git file globbing)' : ''}`;
  const cases: GeneratorCase[] = [
    {
      source: `${t}/filter files according to file-path with exclude`,
      note,
      goTemplate,
      generator: gen([{ path: '**/config.json' }, { path: 'p1/**/config.json', exclude: true }]),
      env: repo({
        'cluster-config/production/config.json': productionJson,
        'p1/config.json': '{"database": {"admin": "db.admin@example.com", "name": "user-data"}}',
        'p1/p2/config.json': '',
      }),
      params: [{ ...c('john.doe@example.com', 'production'), ...keys(goTemplate, true), ...f('cluster-config/production', 'config.json') }],
    },
    {
      source: `${t}/filter files according to multiple file-paths with exclude`,
      note,
      goTemplate,
      generator: gen([{ path: '**/config.json' }, { path: 'p1/app2/config.json', exclude: true }, { path: 'p1/app3/config.json', exclude: true }]),
      env: repo({
        'p1/config.json':
          '{"cluster": {"owner": "john.doe@example.com", "name": "production", "address": "https://kubernetes.default.svc", "inner": {"one" : "two"}}}',
        'p1/app2/config.json': '{}',
        'p1/app3/config.json': '{}',
      }),
      params: [{ ...c('john.doe@example.com', 'production', true), ...f('p1', 'config.json') }],
    },
  ];
  if (goTemplate) return cases.map((x) => ({ ...x, unordered: true }));
  const chartsTree = {
    'cluster-charts/cluster1/mychart/values.yaml': '\nenv: staging\n',
    'cluster-charts/cluster1/myotherchart/values.yaml': '\nenv: prod\n',
    'cluster-charts/cluster2/values.yaml': '\nenv: dev\n',
    'cluster-charts/cluster1/mychart/charts/mysubchart/values.yaml': '\nenv: testing\n',
  };
  const chart = (name: string, env: string) => ({ env, ...f(`cluster-charts/cluster1/${name}`, 'values.yaml') });
  cases.push(
    {
      source: `${t}/docs example test case to filter files according to multiple file-paths with exclude`,
      note,
      generator: gen([{ path: 'cluster-config/**/config.json' }, { path: 'cluster-config/*/dev/config.json', exclude: true }]),
      env: repo({ 'cluster-config/engineering/prod/config.json': productionYaml, 'cluster-config/engineering/dev/config.json': stagingYaml }),
      params: [{ ...c('john.doe@example.com', 'production'), ...keys(false, false), ...f('cluster-config/engineering/prod', 'config.json') }],
    },
    {
      source: `${t}/testcase to verify new globbing pattern without any exclude`,
      note,
      generator: gen([{ path: 'some-path/*.yaml' }]),
      env: repo({
        'some-path/values.yaml': stagingYaml.replace('foo.bar', 'john.doe').replace('staging', 'production'),
        'some-path/staging/values.yaml': stagingYaml,
      }),
      // Old globbing: `*` also crosses "/", so the file one level down matches too.
      params: [
        { ...c('john.doe@example.com', 'production'), ...f('some-path', 'values.yaml') },
        ...(newGitFileGlobbing ? [] : [{ ...c('foo.bar@example.com', 'staging'), ...f('some-path/staging', 'values.yaml') }]),
      ],
    },
    {
      source: `${t}/test to verify the solution for Git File Generator Problem`,
      note,
      generator: gen([{ path: 'cluster-charts/*/*/values.yaml' }, { path: 'cluster-charts/*/values.yaml', exclude: true }]),
      env: repo(chartsTree),
      // Old globbing: the exclude pattern reaches every values.yaml below cluster-charts.
      params: newGitFileGlobbing ? [chart('mychart', 'staging'), chart('myotherchart', 'prod')] : [],
    },
  );
  return cases.map((x) => ({ ...x, unordered: true }));
}

/** Test_generateParamsFromGitFile: one file, path/dir/file_name.yaml, through the files generator. */
function gitFileCases(): GeneratorCase[] {
  const t = `${F}: Test_generateParamsFromGitFile`;
  const filePath = 'path/dir/file_name.yaml';
  const gen = (values: Record<string, string>, pathParamPrefix?: string) => ({
    git: { repoURL: 'RepoURL', files: [{ path: filePath }], values, ...(pathParamPrefix ? { pathParamPrefix } : {}) },
  });
  const repo = (content: string) => ({ git: memoryRepository({ [filePath]: content }) });
  const content = '\nfoo:\n  bar: baz\n';
  return [
    { source: `${t}/empty file returns path parameters`, generator: gen({}), env: repo(''), params: [file('path/dir', 'file_name.yaml', false)] },
    { source: `${t}/invalid json/yaml file returns error`, generator: gen({}), env: repo('this is not json or yaml'), error: /unable to parse file/ },
    {
      source: `${t}/file parameters are added to params`,
      generator: gen({}),
      env: repo(content),
      params: [{ 'foo.bar': 'baz', ...file('path/dir', 'file_name.yaml', false) }],
    },
    {
      source: `${t}/path parameter are prefixed`,
      generator: gen({}, 'myRepo'),
      env: repo(content),
      params: [{ 'foo.bar': 'baz', ...file('path/dir', 'file_name.yaml', false, 'myRepo') }],
    },
    {
      source: `${t}/file parameters are added to params with go template`,
      goTemplate: true,
      generator: gen({ somekey: '{{.path.basename}}' }),
      env: repo(content),
      params: [{ values: { somekey: 'dir' }, foo: { bar: 'baz' }, ...file('path/dir', 'file_name.yaml', true) }],
    },
    {
      source: `${t}/path parameter are prefixed with go template`,
      goTemplate: true,
      generator: gen({}, 'myRepo'),
      env: repo(content),
      params: [{ foo: { bar: 'baz' }, ...file('path/dir', 'file_name.yaml', true, 'myRepo') }],
    },
    {
      source: `${t}/path parameter are prefixed with go template and values`,
      goTemplate: true,
      generator: gen({ somekey: '{{.myRepo.path.basename}}' }, 'myRepo'),
      env: repo(content),
      params: [{ foo: { bar: 'baz' }, values: { somekey: 'dir' }, ...file('path/dir', 'file_name.yaml', true, 'myRepo') }],
    },
  ];
}

export const GIT_CASES: GeneratorCase[] = [
  ...gitFileCases(),
  ...directoryCases(`${F}: TestGitGenerateParamsFromDirectories`, false),
  ...directoryCases(`${F}: TestGitGenerateParamsFromDirectoriesGoTemplate`, true),
  ...fileCases(`${F}: TestGitGenerateParamsFromFiles`, false),
  ...fileCases(`${F}: TestGitGenerateParamsFromFilesGoTemplate`, true),
  ...excludeCases(`${F}: TestGitGeneratorParamsFromFilesWithExcludeOptionWithNewGlobbing`, 'new'),
  ...excludeCases(`${F}: TestGitGeneratorParamsFromFilesWithExcludeOptionWithOldGlobbing`, 'old'),
  ...excludeCases(`${F}: TestGitGeneratorParamsFromFilesWithExcludeOptionGoTemplate`, 'go'),
];
