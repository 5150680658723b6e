/**
 * Argo CD's template and utility tests (applicationset/utils/utils_test.go,
 * map_test.go; the name helpers of cluster_test.go), ported case by case:
 * RenderTemplateParams over every string field of an Application,
 * RenderGeneratorParams' handling of generator values, finalizers, map keys,
 * CombineStringMaps, SanitizeName and SlugifyName.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GeneratorSpec, Params } from '../../../generator/appset/generators/types.ts';
import { fromPlain } from '../../../generator/appset/go-template/index.ts';
import { interpolateGenerator } from '../../../generator/appset/interpolate.ts';
import { combineStringMaps } from '../../../generator/appset/merge-values.ts';
import { type ApplicationTemplate, RESOURCES_FINALIZER, renderApplication, renderString } from '../../../generator/appset/render-template.ts';
import { sanitizeName, slugify } from '../../../generator/appset/sanitize.ts';
import { ARGOCD_RELEASE, plain } from './port.ts';

const U = 'applicationset/utils/utils_test.go';

/** The string fields TestRenderTemplateParams templates, each in turn. */
const FIELDS: [string, (spec: Record<string, any>) => unknown, (spec: Record<string, any>, v: string) => void][] = [
  ['Path', (s) => s.source.path, (s, v) => (s.source.path = v)],
  ['RepoURL', (s) => s.source.repoURL, (s, v) => (s.source.repoURL = v)],
  ['TargetRevision', (s) => s.source.targetRevision, (s, v) => (s.source.targetRevision = v)],
  ['Chart', (s) => s.source.chart, (s, v) => (s.source.chart = v)],
  ['Server', (s) => s.destination.server, (s, v) => (s.destination.server = v)],
  ['Namespace', (s) => s.destination.namespace, (s, v) => (s.destination.namespace = v)],
  ['Name', (s) => s.destination.name, (s, v) => (s.destination.name = v)],
  ['Project', (s) => s.project, (s, v) => (s.project = v)],
];

function emptyApplication(): ApplicationTemplate {
  return {
    metadata: {
      name: 'application-one',
      namespace: 'default',
      annotations: { 'annotation-key': 'annotation-value', 'annotation-key2': 'annotation-value2' },
      labels: { 'label-key': 'label-value', 'label-key2': 'label-value2' },
    },
    spec: { source: { path: '', repoURL: '', targetRevision: '', chart: '' }, destination: { server: '', namespace: '', name: '' }, project: '' },
  };
}

interface RenderCase {
  name: string;
  fieldVal: string;
  params: Record<string, unknown>;
  expected?: string;
  error?: string;
  options?: string[];
}

const FAST: RenderCase[] = [
  { name: 'simple substitution', fieldVal: '{{one}}', expected: 'two', params: { one: 'two' } },
  { name: 'simple substitution with whitespace', fieldVal: '{{ one }}', expected: 'two', params: { one: 'two' } },
  { name: 'template characters but not in a template', fieldVal: '}} {{', expected: '}} {{', params: { one: 'two' } },
  { name: 'nested template', fieldVal: '{{ }}', expected: '{{ }}', params: { one: '{{ }}' } },
  { name: 'field with whitespace', fieldVal: '{{ }}', expected: '{{ }}', params: { ' ': 'two', '': 'three' } },
  { name: 'template contains itself, containing itself', fieldVal: '{{one}}', expected: '{{one}}', params: { '{{one}}': '{{one}}' } },
  { name: 'template contains itself, containing something else', fieldVal: '{{one}}', expected: '{{one}}', params: { '{{one}}': '{{two}}' } },
  { name: 'templates are case sensitive', fieldVal: '{{ONE}}', expected: '{{ONE}}', params: { '{{one}}': 'two' } },
  { name: 'multiple on a line', fieldVal: '{{one}}{{one}}', expected: 'twotwo', params: { one: 'two' } },
  { name: 'multiple different on a line', fieldVal: '{{one}}{{three}}', expected: 'twofour', params: { one: 'two', three: 'four' } },
  {
    name: 'multiple different on a line with quote',
    fieldVal: '{{one}} {{three}}',
    expected: '"hello" world four',
    params: { one: '"hello" world', three: 'four' },
  },
];

const hpa = (enabled: boolean) => ({ replicas: 3, hpa: { enabled, minReplicas: 1, maxReplicas: 5 } });

const GO: RenderCase[] = [
  { name: 'simple substitution', fieldVal: '{{ .one }}', expected: 'two', params: { one: 'two' } },
  { name: 'simple substitution with whitespace', fieldVal: '{{ .one }}', expected: 'two', params: { one: 'two' } },
  { name: 'template contains itself, containing itself', fieldVal: '{{ .one }}', expected: '{{one}}', params: { one: '{{one}}' } },
  { name: 'template contains itself, containing something else', fieldVal: '{{ .one }}', expected: '{{two}}', params: { one: '{{two}}' } },
  { name: 'multiple on a line', fieldVal: '{{.one}}{{.one}}', expected: 'twotwo', params: { one: 'two' } },
  { name: 'multiple different on a line', fieldVal: '{{.one}}{{.three}}', expected: 'twofour', params: { one: 'two', three: 'four' } },
  {
    name: 'multiple different on a line with quote',
    fieldVal: '{{.one}} {{.three}}',
    expected: '"hello" world four',
    params: { one: '"hello" world', three: 'four' },
  },
  { name: 'depth', fieldVal: '{{ .image.version }}', expected: 'latest', params: { replicas: 3, image: { name: 'busybox', version: 'latest' } } },
  {
    name: 'multiple depth',
    fieldVal: '{{ .image.name }}:{{ .image.version }}',
    expected: 'busybox:latest',
    params: { replicas: 3, image: { name: 'busybox', version: 'latest' } },
  },
  { name: 'if ok', fieldVal: '{{ if .hpa.enabled }}{{ .hpa.maxReplicas }}{{ else }}{{ .replicas }}{{ end }}', expected: '5', params: hpa(true) },
  { name: 'if not ok', fieldVal: '{{ if .hpa.enabled }}{{ .hpa.maxReplicas }}{{ else }}{{ .replicas }}{{ end }}', expected: '3', params: hpa(false) },
  {
    name: 'loop',
    fieldVal: '{{ range .volumes }}[{{ .name }}]{{ end }}',
    expected: '[volume-one][volume-two]',
    params: {
      replicas: 3,
      volumes: [
        { name: 'volume-one', emptyDir: {} },
        { name: 'volume-two', emptyDir: {} },
      ],
    },
  },
  {
    name: 'Index',
    fieldVal: '{{ index .admin "admin-ca" }}, {{ index .admin "admin-jks" }}',
    expected: 'value admin ca, value admin jks',
    params: { admin: { 'admin-ca': 'value admin ca', 'admin-jks': 'value admin jks' } },
  },
  {
    name: 'Index (escaped)',
    fieldVal: '{{ index .admin "admin-ca" }}, \\\\ "Hello world", {{ index .admin "admin-jks" }}',
    expected: 'value "admin" ca with \\, \\\\ "Hello world", value admin jks',
    params: { admin: { 'admin-ca': 'value "admin" ca with \\', 'admin-jks': 'value admin jks' } },
  },
  { name: 'quote', fieldVal: '{{.quote}}', expected: '"', params: { quote: '"' } },
  { name: 'Test No Data', fieldVal: '{{.data}}', expected: '{{.data}}', params: {} },
  {
    name: 'Test Parse Error',
    fieldVal: '{{functiondoesnotexist}}',
    params: { data: 'a data string' },
    error: 'failed to parse template {{functiondoesnotexist}}: template: base:1: function "functiondoesnotexist" not defined',
  },
  {
    name: 'Test template error',
    fieldVal: '{{.data.test}}',
    params: { data: 'a data string' },
    error:
      'failed to execute go template {{.data.test}}: template: base:1:7: executing "base" at <.data.test>: can\'t evaluate field test in type interface {}',
  },
  {
    name: 'lookup missing value with missingkey=default',
    fieldVal: '--> {{.doesnotexist}} <--',
    expected: '--> <no value> <--',
    params: { unused: 'this is not used' },
  },
  {
    name: 'lookup missing value with missingkey=error',
    fieldVal: '--> {{.doesnotexist}} <--',
    params: { unused: 'this is not used' },
    options: ['missingkey=error'],
    error:
      'failed to execute go template --> {{.doesnotexist}} <--: template: base:1:6: executing "base" at <.doesnotexist>: map has no entry for key "doesnotexist"',
  },
  {
    name: 'toYaml',
    fieldVal: '{{ toYaml . | indent 2 }}',
    expected: '  foo:\n    bar:\n      bool: true\n      number: 2\n      str: Hello world',
    params: { foo: { bar: { bool: true, number: 2, str: 'Hello world' } } },
  },
  { name: 'fromYaml', fieldVal: '{{ get (fromYaml .value) "hello" }}', expected: 'world', params: { value: 'hello: world' } },
  {
    name: 'fromYaml error',
    fieldVal: '{{ get (fromYaml .value) "hello" }}',
    params: { value: 'non\n compliant\n yaml' },
    error:
      'failed to execute go template {{ get (fromYaml .value) "hello" }}: template: base:1:8: executing "base" at <fromYaml .value>: error calling fromYaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}',
  },
  {
    name: 'fromYamlArray',
    fieldVal: '{{ fromYamlArray .value | last }}',
    expected: 'bonjour tout le monde',
    params: { value: '- hello world\n- bonjour tout le monde' },
  },
  {
    name: 'fromYamlArray error',
    fieldVal: '{{ fromYamlArray .value | last }}',
    params: { value: 'non\n compliant\n yaml' },
    error:
      'failed to execute go template {{ fromYamlArray .value | last }}: template: base:1:3: executing "base" at <fromYamlArray .value>: error calling fromYamlArray: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type []interface {}',
  },
];

function renderCases(test: string, goTemplate: boolean, cases: RenderCase[]): void {
  for (const c of cases) {
    it(`${U}: ${test}/${c.name}`, () => {
      for (const [field, get, set] of FIELDS) {
        const template = emptyApplication();
        set(template.spec!, c.fieldVal);
        const render = () => renderApplication(template, fromPlain(c.params) as Params, { goTemplate, goTemplateOptions: c.options ?? [] }, false);
        if (c.error !== undefined) {
          assert.throws(render, (e: Error) => e.message === c.error, field);
          continue;
        }
        const app = render();
        assert.equal(get(app.spec), c.expected, field);
        assert.deepEqual(app.metadata.annotations, template.metadata!.annotations);
        assert.deepEqual(app.metadata.labels, template.metadata!.labels);
        assert.equal(app.metadata.name, 'application-one');
        assert.equal(app.metadata.namespace, 'default');
      }
    });
  }
}

describe(`Argo CD ${ARGOCD_RELEASE} template tests`, () => {
  renderCases('TestRenderTemplateParams', false, FAST);
  renderCases('TestRenderTemplateParamsGoTemplate', true, GO);

  for (const [test, values] of [
    ['TestRenderHelmValuesObjectJson', { some: { string: '{{.test}}' } }],
    ['TestRenderHelmValuesObjectYaml', { some: { string: '{{.test}}' } }],
  ] as const) {
    it(`${U}: ${test} (valuesObject is rendered like every other field)`, () => {
      const template = emptyApplication();
      (template.spec as any).source.helm = { valuesObject: values };
      const app = renderApplication(template, { test: 'Hello world' }, { goTemplate: true, goTemplateOptions: [] }, false);
      assert.equal((app.spec as any).source.helm.valuesObject.some.string, 'Hello world');
    });
  }

  it(`${U}: TestRenderGeneratorParams_does_not_panic`, () => {
    const gen: GeneratorSpec = { plugin: { configMapRef: { name: 'cm-plugin' }, input: { parameters: { branch: '{{.branch}}', repo: 'argo-test' } } } };
    assert.deepEqual(plain(interpolateGenerator(gen, { branch: 'master' }, { goTemplate: true, goTemplateOptions: [] })), {
      plugin: { configMapRef: { name: 'cm-plugin' }, input: { parameters: { branch: 'master', repo: 'argo-test' } } },
    });
  });

  for (const [name, goTemplate, key, value] of [
    ['fasttemplate', false, 'annotation-{{key}}', 'annotation-{{value}}'],
    ['gotemplate', true, 'annotation-{{ .key }}', 'annotation-{{ .value }}'],
  ] as const) {
    it(`${U}: TestRenderTemplateKeys/${name}`, () => {
      const app = renderApplication(
        { metadata: { annotations: { [key]: value } } },
        { key: 'some-key', value: 'some-value' },
        { goTemplate, goTemplateOptions: [] },
        false,
      );
      assert.deepEqual(app.metadata.annotations, { 'annotation-some-key': 'annotation-some-value' });
    });
  }

  it(`${U}: Test_Render_Replace_no_panic_on_missing_closing_brace`, () => {
    assert.throws(() => renderString('{{properly.closed}} {{improperly.closed}', {}, { goTemplate: false, goTemplateOptions: [] }), /cannot find end tag/);
  });

  const BACKGROUND = 'resources-finalizer.argocd.argoproj.io/background';
  for (const [name, existing, preserve, expected] of [
    ['existing finalizer should be preserved', ['existing-finalizer'], false, ['existing-finalizer']],
    ['background finalizer should be preserved', [BACKGROUND], false, [BACKGROUND]],
    ['empty finalizer and empty sync should use standard finalizer', undefined, false, [RESOURCES_FINALIZER]],
    ['standard finalizer should be preserved', [RESOURCES_FINALIZER], false, [RESOURCES_FINALIZER]],
    ['empty array finalizers should use standard finalizer', [], false, [RESOURCES_FINALIZER]],
    ['non-nil sync policy should use standard finalizer', undefined, false, [RESOURCES_FINALIZER]],
    ['preserveResourcesOnDeletion should not have a finalizer', undefined, true, undefined],
    ['user-specified finalizer should overwrite preserveResourcesOnDeletion', [BACKGROUND], true, [BACKGROUND]],
  ] as const) {
    it(`${U}: TestRenderTemplateParamsFinalizers/${name}`, () => {
      const template = emptyApplication();
      template.metadata = existing ? { finalizers: [...existing] } : {};
      const app = renderApplication(template, { one: 'two' }, { goTemplate: true, goTemplateOptions: [] }, preserve);
      assert.deepEqual(app.metadata.finalizers, expected ? [...expected] : undefined);
    });
  }

  describe('TestRenderGeneratorParams_ValuesInterpolation', () => {
    const cases: [string, boolean, string[], Record<string, unknown>, GeneratorSpec, Record<string, string> | string][] = [
      [
        'GoTemplate: cross-generator key is resolved',
        true,
        ['missingkey=error'],
        { path: { basename: 'guestbook' } },
        { clusters: { values: { env: '{{.path.basename}}' } } },
        { env: 'guestbook' },
      ],
      [
        'GoTemplate: self-referential key is deferred (kept as template)',
        true,
        ['missingkey=error'],
        { some: 'value' },
        { git: { repoURL: 'https://git.example.com', values: { basename: '{{.path.basename}}' } } },
        { basename: '{{.path.basename}}' },
      ],
      [
        'GoTemplate: mixed — cross-generator resolves, self-referential defers',
        true,
        ['missingkey=error'],
        { path: { basename: 'guestbook' } },
        { clusters: { values: { env: '{{.path.basename}}', clusterName: '{{.name}}' } } },
        { env: 'guestbook', clusterName: '{{.name}}' },
      ],
      [
        'GoTemplate: cross-generator resolves even without missingkey=error in user options',
        true,
        [],
        { path: { basename: 'guestbook' } },
        { clusters: { values: { env: '{{.path.basename}}', clusterName: '{{.name}}' } } },
        { env: 'guestbook', clusterName: '{{.name}}' },
      ],
      [
        'GoTemplate: literal values (no template) pass through unchanged',
        true,
        [],
        { path: { basename: 'guestbook' } },
        { clusters: { values: { static: 'some-hardcoded-value' } } },
        { static: 'some-hardcoded-value' },
      ],
      [
        'No GoTemplate: cross-generator key is resolved',
        false,
        [],
        { 'path.basename': 'guestbook' },
        { clusters: { values: { env: '{{path.basename}}' } } },
        { env: 'guestbook' },
      ],
      [
        'No GoTemplate: self-referential key is kept as template',
        false,
        [],
        { some: 'value' },
        { clusters: { values: { clusterName: '{{name}}' } } },
        { clusterName: '{{name}}' },
      ],
      [
        'GoTemplate: malformed template syntax in Values surfaces an error',
        true,
        ['missingkey=error'],
        { path: { basename: 'guestbook' } },
        { clusters: { values: { bad: '{{.path.basename' } } },
        'failed to pre-resolve Values key "bad": failed to parse template',
      ],
      [
        'GoTemplate: sprig must* function error in Values surfaces an error',
        true,
        ['missingkey=error'],
        { path: { basename: 'guestbook' } },
        { clusters: { values: { bad: '{{mustFromJson "not-valid-json"}}' } } },
        'failed to pre-resolve Values key "bad": failed to execute go template',
      ],
    ];
    for (const [name, goTemplate, options, params, gen, expected] of cases) {
      it(`${U}: TestRenderGeneratorParams_ValuesInterpolation/${name}`, () => {
        const run = () => interpolateGenerator(gen, fromPlain(params) as Params, { goTemplate, goTemplateOptions: options });
        if (typeof expected === 'string') assert.throws(run, (e: Error) => e.message.includes(expected));
        else {
          const out = plain(run()) as { clusters?: { values: unknown }; git?: { values: unknown } };
          assert.deepEqual((out.clusters ?? out.git)?.values, expected);
        }
      });
    }
  });

  describe('map_test.go: TestCombineStringMaps', () => {
    const M = 'applicationset/utils/map_test.go: TestCombineStringMaps';
    it(`${M}/combines the maps`, () => {
      assert.deepEqual(combineStringMaps({ foo: 'bar' }, { a: 'b' }), { a: 'b', foo: 'bar' });
    });
    it(`${M}/fails if keys are the same but value isn't`, () => {
      assert.throws(
        () => combineStringMaps({ foo: 'bar', a: 'fail' }, { a: 'b', c: 'd' }),
        /^Error: found duplicate key a with different value, a: fail ,b: b$/,
      );
    });
    it(`${M}/pass if keys & values are the same`, () => {
      assert.deepEqual(combineStringMaps({ foo: 'bar', a: 'b' }, { a: 'b', c: 'd' }), { a: 'b', c: 'd', foo: 'bar' });
    });
  });

  describe('name helpers', () => {
    it('applicationset/generators/cluster_test.go: TestSanitizeClusterName', () => {
      assert.equal(sanitizeName('cluster-name'), 'cluster-name');
      assert.equal(sanitizeName('-.--CLUSTER/name  -./.-'), 'cluster-name');
    });
    for (const [branch, smart, length, expected] of [
      [
        'feat/a_really+long_pull_request_name_to_test_argo_slugification_and_branch_name_shortening_feature',
        false,
        50,
        'feat-a-really-long-pull-request-name-to-test-argo',
      ],
      [
        'feat/a_really+long_pull_request_name_to_test_argo_slugification_and_branch_name_shortening_feature',
        true,
        53,
        'feat-a-really-long-pull-request-name-to-test-argo',
      ],
      ['feat/areallylongpullrequestnametotestargoslugificationandbranchnameshorteningfeature', true, 50, 'feat'],
      ['feat/areallylongpullrequestnametotestargoslugificationandbranchnameshorteningfeature', false, 50, 'feat-areallylongpullrequestnametotestargoslugifica'],
    ] as const) {
      it(`${U}: TestSlugify/${length} ${smart ? 'smart' : 'plain'} ${branch.slice(0, 20)}…`, () => {
        assert.equal(slugify(branch, length, smart), expected);
      });
    }
  });
});
