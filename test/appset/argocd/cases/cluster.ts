/** applicationset/generators/cluster_test.go */
import type { ClusterSecret } from '../../../../generator/appset/generators/types.ts';
import type { GeneratorCase } from '../port.ts';

const F = 'applicationset/generators/cluster_test.go';
const ORDER = 'Argo CD lists clusters in map order; the evaluator sorts them by name, the local cluster last';

function secrets(productionProject: boolean): ClusterSecret[] {
  return [
    {
      name: 'staging-01',
      server: 'https://staging-01.example.com',
      labels: { 'argocd.argoproj.io/secret-type': 'cluster', environment: 'staging', org: 'foo' },
      annotations: { 'foo.argoproj.io': 'staging' },
    },
    {
      name: 'production_01/west',
      server: 'https://production-01.example.com',
      ...(productionProject ? { project: 'prod-project' } : {}),
      labels: { 'argocd.argoproj.io/secret-type': 'cluster', environment: 'production', org: 'bar' },
      annotations: { 'foo.argoproj.io': 'production' },
    },
  ];
}

const LOCAL = { name: 'in-cluster', nameNormalized: 'in-cluster', server: 'https://kubernetes.default.svc', project: '' };

/** A cluster's parameters, flat (fasttemplate) or nested (Go templates). */
function cluster(which: 'staging' | 'production', goTemplate: boolean, project: string): Record<string, unknown> {
  const [name, normalized, org] = which === 'staging' ? ['staging-01', 'staging-01', 'foo'] : ['production_01/west', 'production-01-west', 'bar'];
  const base = { name, nameNormalized: normalized, server: `https://${which}-01.example.com`, project };
  if (goTemplate)
    return {
      ...base,
      metadata: { labels: { 'argocd.argoproj.io/secret-type': 'cluster', environment: which, org }, annotations: { 'foo.argoproj.io': which } },
    };
  return {
    ...base,
    'metadata.labels.environment': which,
    'metadata.labels.org': org,
    'metadata.labels.argocd.argoproj.io/secret-type': 'cluster',
    'metadata.annotations.foo.argoproj.io': which,
  };
}

function withValues(params: Record<string, unknown>, values: Record<string, string> | undefined, goTemplate: boolean): Record<string, unknown> {
  if (!values) return params;
  if (goTemplate) return { ...params, values };
  return { ...params, ...Object.fromEntries(Object.entries(values).map(([k, v]) => [`values.${k}`, v])) };
}

const LAUGHS_FLAT = {
  lol1: 'lol',
  lol2: '{{values.lol1}}{{values.lol1}}',
  lol3: '{{values.lol2}}{{values.lol2}}{{values.lol2}}',
  foo: 'bar',
  bar: '{{ metadata.annotations.foo.argoproj.io }}',
  bat: '{{ metadata.labels.environment }}',
  aaa: '{{ server }}',
  'no-op': '{{ this-does-not-exist }}',
};
const laughsFlat = (bar: string, bat: string, aaa: string) => ({
  lol1: 'lol',
  lol2: '{{values.lol1}}{{values.lol1}}',
  lol3: '{{values.lol2}}{{values.lol2}}{{values.lol2}}',
  foo: 'bar',
  bar,
  bat,
  aaa,
  'no-op': '{{ this-does-not-exist }}',
});
const LAUGHS_GO = {
  lol1: 'lol',
  lol2: '{{ .values.lol1 }}{{ .values.lol1 }}',
  lol3: '{{ .values.lol2 }}{{ .values.lol2 }}{{ .values.lol2 }}',
  foo: 'bar',
  bar: '{{ if not (empty .metadata) }}{{index .metadata.annotations "foo.argoproj.io" }}{{ end }}',
  bat: '{{ if not (empty .metadata) }}{{.metadata.labels.environment}}{{ end }}',
  aaa: '{{ .server }}',
  'no-op': '{{ .thisDoesNotExist }}',
};
const laughsGo = (bar: string, aaa: string) => ({
  lol1: 'lol',
  lol2: '<no value><no value>',
  lol3: '<no value><no value><no value>',
  foo: 'bar',
  bar,
  bat: bar,
  aaa,
  'no-op': '<no value>',
});

const productionOrStaging = { matchExpressions: [{ key: 'environment', operator: 'In', values: ['production', 'staging'] }] };

function suite(t: string, goTemplate: boolean): GeneratorCase[] {
  const env = { clusterSecrets: secrets(!goTemplate) };
  const prodProject = goTemplate ? '' : 'prod-project';
  const staging = (values?: Record<string, string>) => withValues(cluster('staging', goTemplate, ''), values, goTemplate);
  const production = (values?: Record<string, string>) => withValues(cluster('production', goTemplate, prodProject), values, goTemplate);
  const laughs = goTemplate
    ? {
        local: withValues(LOCAL, laughsGo('', 'https://kubernetes.default.svc'), true),
        production: production(laughsGo('production', 'https://production-01.example.com')),
        staging: staging(laughsGo('staging', 'https://staging-01.example.com')),
      }
    : {
        local: withValues(
          LOCAL,
          laughsFlat('{{ metadata.annotations.foo.argoproj.io }}', '{{ metadata.labels.environment }}', 'https://kubernetes.default.svc'),
          false,
        ),
        production: production(laughsFlat('production', 'production', 'https://production-01.example.com')),
        staging: staging(laughsFlat('staging', 'staging', 'https://staging-01.example.com')),
      };
  const laughValues = goTemplate ? LAUGHS_GO : LAUGHS_FLAT;
  return [
    {
      source: `${t}/no label selector`,
      goTemplate,
      generator: { clusters: { selector: {}, values: laughValues } },
      env,
      params: [laughs.local, laughs.production, laughs.staging],
      unordered: true,
    },
    {
      source: `${t}/secret type label selector`,
      goTemplate,
      generator: { clusters: { selector: { matchLabels: { 'argocd.argoproj.io/secret-type': 'cluster' } } } },
      env,
      params: [production(), staging()],
      unordered: true,
    },
    {
      source: `${t}/production-only`,
      goTemplate,
      generator: { clusters: { selector: { matchLabels: { environment: 'production' } }, values: { foo: 'bar' } } },
      env,
      params: [production({ foo: 'bar' })],
      unordered: true,
    },
    {
      source: `${t}/production or staging`,
      goTemplate,
      generator: { clusters: { selector: productionOrStaging, values: { foo: 'bar' } } },
      env,
      params: [production({ foo: 'bar' }), staging({ foo: 'bar' })],
      unordered: true,
    },
    {
      source: `${t}/production or staging with match labels`,
      goTemplate,
      generator: { clusters: { selector: { ...productionOrStaging, matchLabels: { org: 'foo' } }, values: { name: 'baz' } } },
      env,
      params: [staging({ name: 'baz' })],
      unordered: true,
    },
    {
      source: `${t}/simulate client error`,
      note: 'no cluster Secrets could be listed',
      goTemplate,
      generator: { clusters: { selector: {} } },
      env: {},
      error: /^Error: error getting cluster secrets: /,
    },
    {
      source: `${t}/${goTemplate ? 'Clusters with flat list mode and no selector' : 'flat mode without selectors'}`,
      note: ORDER,
      goTemplate,
      generator: { clusters: { selector: {}, values: laughValues, flatList: true } },
      env,
      params: [{ clusters: [laughs.production, laughs.staging, laughs.local] }],
    },
    {
      source: `${t}/production or staging with flat mode`,
      note: ORDER,
      goTemplate,
      generator: { clusters: { selector: productionOrStaging, flatList: true, values: { foo: 'bar' } } },
      env,
      params: [{ clusters: [production({ foo: 'bar' }), staging({ foo: 'bar' })] }],
    },
  ];
}

export const CLUSTER_CASES: GeneratorCase[] = [...suite(`${F}: TestGenerateParams`, false), ...suite(`${F}: TestGenerateParamsGoTemplate`, true)];
