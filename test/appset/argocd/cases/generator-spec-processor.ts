/** applicationset/generators/generator_spec_processor_test.go: post selectors (Transform) and InterpolateGenerator. */
import type { ClusterSecret } from '../../../../generator/appset/generators/types.ts';
import type { GeneratorCase } from '../port.ts';

const F = 'applicationset/generators/generator_spec_processor_test.go';

/** getMockClusterGenerator's Secrets. */
export const MOCK_CLUSTERS: ClusterSecret[] = [
  {
    name: 'staging-01',
    server: 'https://staging-01.example.com',
    labels: { 'argocd.argoproj.io/secret-type': 'cluster', environment: 'staging', org: 'foo' },
    annotations: { 'foo.argoproj.io': 'staging' },
  },
  {
    name: 'production_01/west',
    server: 'https://production-01.example.com',
    labels: { 'argocd.argoproj.io/secret-type': 'cluster', environment: 'production', org: 'bar' },
    annotations: { 'foo.argoproj.io': 'production' },
  },
  {
    name: 'some-really-long-server-url',
    server: 'https://some-really-long-url-that-will-exceed-63-characters.com',
    labels: { 'argocd.argoproj.io/secret-type': 'cluster', environment: 'production', org: 'bar' },
    annotations: { 'foo.argoproj.io': 'production' },
  },
];

const element = { cluster: 'cluster', url: 'url', values: { foo: 'bar' } };

const goMeta = (environment: string, org: string) => ({
  labels: { 'argocd.argoproj.io/secret-type': 'cluster', environment, org },
  annotations: { 'foo.argoproj.io': environment },
});
const STAGING = { name: 'staging-01', nameNormalized: 'staging-01', server: 'https://staging-01.example.com', project: '', metadata: goMeta('staging', 'foo') };
const PRODUCTION = {
  name: 'production_01/west',
  nameNormalized: 'production-01-west',
  server: 'https://production-01.example.com',
  project: '',
  metadata: goMeta('production', 'bar'),
};
const LONG = {
  name: 'some-really-long-server-url',
  nameNormalized: 'some-really-long-server-url',
  server: 'https://some-really-long-url-that-will-exceed-63-characters.com',
  project: '',
  metadata: goMeta('production', 'bar'),
};
const flat = (p: typeof STAGING) => ({
  name: p.name,
  nameNormalized: p.nameNormalized,
  server: p.server,
  project: '',
  'metadata.annotations.foo.argoproj.io': p.metadata.annotations['foo.argoproj.io'],
  'metadata.labels.argocd.argoproj.io/secret-type': 'cluster',
  'metadata.labels.environment': p.metadata.labels.environment,
  'metadata.labels.org': p.metadata.labels.org,
});

export const GENERATOR_SPEC_PROCESSOR_CASES: GeneratorCase[] = [
  ...(['', 'GoTemplate'] as const).flatMap((suffix): GeneratorCase[] => {
    const goTemplate = suffix === 'GoTemplate';
    const t = `${F}: TestMatchValues${suffix}`;
    return [
      {
        source: `${t}/no filter`,
        goTemplate,
        generator: { list: { elements: [{ cluster: 'cluster', url: 'url' }] }, selector: {} },
        params: [{ cluster: 'cluster', url: 'url' }],
      },
      { source: `${t}/nil`, goTemplate, generator: { list: { elements: [{ cluster: 'cluster', url: 'url' }] } }, params: [{ cluster: 'cluster', url: 'url' }] },
      {
        source: `${t}/values.foo should be foo but is ignore element`,
        goTemplate,
        generator: { list: { elements: [element] }, selector: { matchLabels: { 'values.foo': 'foo' } } },
        params: [],
      },
      {
        source: `${t}/values.foo should be bar`,
        goTemplate,
        generator: { list: { elements: [element] }, selector: { matchLabels: { 'values.foo': 'bar' } } },
        params: [goTemplate ? element : { cluster: 'cluster', url: 'url', 'values.foo': 'bar' }],
      },
    ];
  }),
  {
    source: `${F}: TestMatchValuesGoTemplate/values.0 should be bar`,
    goTemplate: true,
    generator: { list: { elements: [{ cluster: 'cluster', url: 'url', values: ['bar'] }] }, selector: { matchLabels: { 'values.0': 'bar' } } },
    params: [{ cluster: 'cluster', url: 'url', values: ['bar'] }],
  },
  {
    source: `${F}: TestTransForm/server filter`,
    generator: { clusters: { selector: {} }, selector: { matchLabels: { server: 'https://production-01.example.com' } } },
    env: { clusterSecrets: MOCK_CLUSTERS },
    params: [flat(PRODUCTION)],
    unordered: true,
  },
  {
    source: `${F}: TestTransForm/server filter with long url`,
    generator: { clusters: { selector: {} }, selector: { matchLabels: { server: 'https://some-really-long-url-that-will-exceed-63-characters.com' } } },
    env: { clusterSecrets: MOCK_CLUSTERS },
    params: [flat(LONG)],
    unordered: true,
  },
  {
    source: `${F}: TestTransFormGoTemplate/server filter`,
    goTemplate: true,
    generator: { clusters: { selector: {} }, selector: { matchLabels: { server: 'https://production-01.example.com' } } },
    env: { clusterSecrets: MOCK_CLUSTERS },
    params: [PRODUCTION],
    unordered: true,
  },
  {
    source: `${F}: TestTransFormGoTemplate/label MatchLabels`,
    goTemplate: true,
    generator: { clusters: { selector: {} }, selector: { matchLabels: { 'metadata.labels.environment': 'staging' } } },
    env: { clusterSecrets: MOCK_CLUSTERS },
    params: [STAGING],
    unordered: true,
  },
  {
    source: `${F}: TestTransFormGoTemplate/label NotIn matchExpression`,
    goTemplate: true,
    generator: {
      clusters: { selector: {} },
      selector: { matchExpressions: [{ key: 'metadata.labels.environment', operator: 'NotIn', values: ['staging'] }] },
    },
    env: { clusterSecrets: MOCK_CLUSTERS },
    params: [PRODUCTION, LONG, { name: 'in-cluster', nameNormalized: 'in-cluster', server: 'https://kubernetes.default.svc', project: '' }],
    unordered: true,
  },
  {
    source: `${F}: TestTransFormGoTemplate/slash key in label`,
    goTemplate: true,
    generator: { clusters: { selector: {} }, selector: { matchLabels: { 'metadata.labels.argocd.argoproj.io/secret-type': 'cluster' } } },
    env: { clusterSecrets: MOCK_CLUSTERS },
    params: [STAGING, PRODUCTION, LONG],
    unordered: true,
  },
  {
    source: `${F}: TestTransFormGoTemplate/values filter`,
    goTemplate: true,
    generator: { clusters: { selector: {}, values: { env: '{{.metadata.labels.environment}}' } }, selector: { matchLabels: { 'values.env': 'staging' } } },
    env: { clusterSecrets: MOCK_CLUSTERS },
    params: [{ ...STAGING, values: { env: 'staging' } }],
    unordered: true,
  },
];
