/**
 * Examples from Argo CD's ApplicationSet documentation
 * (docs/operator-manual/applicationset/*.md at the release the evaluator
 * implements), ported as cases: the ApplicationSet as the page writes it, the
 * repository, clusters or elements it describes, and what the page says the
 * controller generates. Where a page elides the template ("# (...)"), the
 * template of the page's first example is used, and the case says so; where a
 * page writes repository paths with a leading "/", the controller's value (a
 * repository-relative path) is expected.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { generateApplications } from '../../../generator/appset/generate-applications.ts';
import { memoryRepository } from '../../../generator/appset/generators/git.ts';
import type { ClusterSecret, GeneratorEnv } from '../../../generator/appset/generators/types.ts';
import type { K8sObject } from '../../../generator/model/object.ts';
import { ARGOCD_RELEASE, plain, transformParams } from './port.ts';

const D = 'docs/operator-manual/applicationset';

interface DocCase {
  source: string;
  note?: string;
  /** The ApplicationSet (or its spec) as the page writes it. */
  yaml: string;
  env?: GeneratorEnv;
  /** Application name → the values at `fields`, for every Application generated. */
  fields?: string[];
  applications?: Record<string, unknown[]>;
  /** The parameter sets of the first generator, when the page lists those instead of Applications. */
  params?: unknown[];
  /** Errors the evaluation reports (Argo CD would apply nothing, or skip these Applications). */
  errors?: RegExp[];
}

function appSetOf(yaml: string): K8sObject {
  const doc = parse(yaml) as Record<string, any>;
  const spec = doc.spec ?? doc;
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: doc.metadata?.name ?? 'docs', namespace: 'argocd' }, spec };
}

function at(object: unknown, path: string): unknown {
  return path.split('.').reduce<any>((v, key) => (v == null ? undefined : v[key]), object);
}

const GUESTBOOK_CLUSTER_TEMPLATE = `
  template:
    metadata:
      name: '{{.name}}-guestbook'
    spec:
      project: "my-project"
      source:
        repoURL: https://github.com/argoproj/argocd-example-apps/
        targetRevision: HEAD
        path: guestbook
      destination:
        server: '{{.server}}'
        namespace: guestbook`;

const CLUSTERS: ClusterSecret[] = [
  {
    name: 'staging-1',
    server: 'https://staging-1.example.com',
    labels: { staging: 'true', type: 'staging' },
    annotations: { 'my-custom-annotation': 'release-42' },
  },
  { name: 'prod-1', server: 'https://prod-1.example.com', labels: { type: 'production' } },
];

const engineeringConfig = (name: string, address: string) =>
  JSON.stringify({ aws_account: '123456', asset_id: '11223344', cluster: { owner: 'cluster-admin@company.com', name, address } }, null, 2);
const FILES_REPO = memoryRepository({
  'applicationset/examples/git-generator-files-discovery/cluster-config/engineering/dev/config.json': engineeringConfig('engineering-dev', 'https://1.2.3.4'),
  'applicationset/examples/git-generator-files-discovery/cluster-config/engineering/prod/config.json': engineeringConfig('engineering-prod', 'https://2.4.6.8'),
  'applicationset/examples/git-generator-files-discovery/apps/guestbook/kustomization.yaml': '',
});
const ADDONS = (base: string) =>
  memoryRepository({
    [`${base}/argo-workflows/kustomization.yaml`]: '',
    [`${base}/argo-workflows/namespace-install.yaml`]: '',
    [`${base}/prometheus-operator/Chart.yaml`]: '',
    [`${base}/prometheus-operator/values.yaml`]: '',
    [`${base}/exclude-helm-guestbook/Chart.yaml`]: '',
  });

const CASES: DocCase[] = [
  {
    source: `${D}/Generators-List.md: the list generator example`,
    yaml: `
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: guestbook
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - list:
      elements:
      - cluster: engineering-dev
        url: https://kubernetes.default.svc
      # - cluster: engineering-prod
      #   url: https://kubernetes.default.svc
  template:
    metadata:
      name: '{{.cluster}}-guestbook'
    spec:
      project: "my-project"
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: applicationset/examples/list-generator/guestbook/{{.cluster}}
      destination:
        server: '{{.url}}'
        namespace: guestbook`,
    fields: ['spec.source.path', 'spec.destination.server', 'metadata.finalizers'],
    applications: {
      'engineering-dev-guestbook': [
        'applicationset/examples/list-generator/guestbook/engineering-dev',
        'https://kubernetes.default.svc',
        ['resources-finalizer.argocd.argoproj.io'],
      ],
    },
  },
  {
    source: `${D}/Generators-List.md: "Dynamically generated elements" (elementsYaml from a git file)`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - matrix:
      generators:
      - git:
          repoURL: https://github.com/argoproj/argo-cd.git
          revision: HEAD
          files:
          - path: applicationset/examples/list-generator/list-elementsYaml-example.yaml
      - list:
          elementsYaml: "{{ .key.components | toJson }}"
  template:
    metadata:
      name: '{{.name}}'
    spec:
      project: default
      syncPolicy:
        automated:
          selfHeal: true
        syncOptions:
        - CreateNamespace=true
      sources:
        - chart: '{{.chart}}'
          repoURL: '{{.repoUrl}}'
          targetRevision: '{{.version}}'
          helm:
            releaseName: '{{.releaseName}}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{.namespace}}'`,
    env: {
      git: memoryRepository({
        'applicationset/examples/list-generator/list-elementsYaml-example.yaml': `key:
  components:
    - name: component1
      chart: podinfo
      version: "6.3.2"
      releaseName: component1
      repoUrl: "https://stefanprodan.github.io/podinfo"
      namespace: component1
    - name: component2
      chart: podinfo
      version: "6.3.3"
      releaseName: component2
      repoUrl: "ghcr.io/stefanprodan/charts"
      namespace: component2
`,
      }),
    },
    fields: ['spec.sources.0.chart', 'spec.sources.0.repoURL', 'spec.sources.0.targetRevision', 'spec.destination.namespace'],
    applications: {
      component1: ['podinfo', 'https://stefanprodan.github.io/podinfo', '6.3.2', 'component1'],
      component2: ['podinfo', 'ghcr.io/stefanprodan/charts', '6.3.3', 'component2'],
    },
  },
  {
    source: `${D}/Generators-Post-Selector.md: the full example (matchLabels env: staging)`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - list:
      elements:
        - cluster: engineering-dev
          url: https://kubernetes.default.svc
          env: staging
        - cluster: engineering-prod
          url: https://kubernetes.default.svc
          env: prod
    selector:
      matchLabels:
        env: staging
  template:
    metadata:
      name: '{{.cluster}}-guestbook'
    spec:
      project: default
      source:
        repoURL: https://github.com/argoproj-labs/applicationset.git
        targetRevision: HEAD
        path: examples/list-generator/guestbook/{{.cluster}}
      destination:
        server: '{{.url}}'
        namespace: guestbook`,
    fields: ['spec.source.path'],
    applications: { 'engineering-dev-guestbook': ['examples/list-generator/guestbook/engineering-dev'] },
  },
  {
    source: `${D}/Generators-Post-Selector.md: the same selection with matchExpressions`,
    yaml: `
spec:
  generators:
  - list:
      elements:
        - cluster: engineering-dev
          url: https://kubernetes.default.svc
          env: staging
        - cluster: engineering-prod
          url: https://kubernetes.default.svc
          env: prod
    selector:
      matchExpressions:
        - key: env
          operator: In
          values:
            - staging`,
    params: [{ cluster: 'engineering-dev', url: 'https://kubernetes.default.svc', env: 'staging' }],
  },
  {
    source: `${D}/Generators-Cluster.md: "clusters: {}" uses every cluster, the local one included`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - clusters: {} # Automatically use all clusters defined within Argo CD
${GUESTBOOK_CLUSTER_TEMPLATE}`,
    env: { clusterSecrets: CLUSTERS },
    fields: ['spec.destination.server'],
    applications: {
      'in-cluster-guestbook': ['https://kubernetes.default.svc'],
      'prod-1-guestbook': ['https://prod-1.example.com'],
      'staging-1-guestbook': ['https://staging-1.example.com'],
    },
  },
  {
    source: `${D}/Generators-Cluster.md: "Label selector" (staging: "true")`,
    note: "the page elides the template; its first example's is used",
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - clusters:
      selector:
        matchLabels:
          staging: "true"
${GUESTBOOK_CLUSTER_TEMPLATE}`,
    env: { clusterSecrets: CLUSTERS },
    fields: ['spec.destination.server'],
    applications: { 'staging-1-guestbook': ['https://staging-1.example.com'] },
  },
  {
    source: `${D}/Generators-Cluster.md: "Deploying to the local cluster" (selecting on the secret-type label leaves it out)`,
    note: "the page elides the template; its first example's is used",
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - clusters:
      selector:
        matchLabels:
          argocd.argoproj.io/secret-type: cluster
${GUESTBOOK_CLUSTER_TEMPLATE}`,
    env: { clusterSecrets: CLUSTERS },
    fields: ['spec.destination.server'],
    applications: { 'prod-1-guestbook': ['https://prod-1.example.com'], 'staging-1-guestbook': ['https://staging-1.example.com'] },
  },
  {
    source: `${D}/Generators-Cluster.md: "Pass additional key-value pairs via values field" (revision HEAD or stable)`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - clusters:
      selector:
        matchLabels:
          type: 'staging'
      # A key-value map for arbitrary parameters
      values:
        revision: HEAD # staging clusters use HEAD branch
  - clusters:
      selector:
        matchLabels:
          type: 'production'
      values:
        # production uses a different revision value, for 'stable' branch
        revision: stable
  template:
    metadata:
      name: '{{.name}}-guestbook'
    spec:
      project: "my-project"
      source:
        repoURL: https://github.com/argoproj/argocd-example-apps/
        # The cluster values field for each generator will be substituted here:
        targetRevision: '{{.values.revision}}'
        path: guestbook
      destination:
        server: '{{.server}}'
        namespace: guestbook`,
    env: { clusterSecrets: CLUSTERS },
    fields: ['spec.source.targetRevision'],
    applications: { 'prod-1-guestbook': ['stable'], 'staging-1-guestbook': ['HEAD'] },
  },
  {
    source: `${D}/Generators-Cluster.md: values interpolating the cluster parameters (revision from an annotation, clusterName)`,
    note: "the page leaves the destination out; the first example's is used",
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - clusters:
      selector:
        matchLabels:
          type: 'staging'
      values:
        revision: '{{index .metadata.annotations "my-custom-annotation"}}'
        clusterName: '{{.name}}'
  - clusters:
      selector:
        matchLabels:
          type: 'production'
      values:
        revision: stable
        clusterName: '{{.name}}'
  template:
    metadata:
      name: '{{.name}}-guestbook'
      annotations:
        cluster: '{{.values.clusterName}}'
    spec:
      project: "my-project"
      source:
        repoURL: https://github.com/argoproj/argocd-example-apps/
        targetRevision: '{{.values.revision}}'
        path: guestbook
      destination:
        server: '{{.server}}'
        namespace: guestbook`,
    env: { clusterSecrets: CLUSTERS },
    fields: ['spec.source.targetRevision', 'metadata.annotations.cluster'],
    applications: { 'prod-1-guestbook': ['stable', 'prod-1'], 'staging-1-guestbook': ['release-42', 'staging-1'] },
  },
  {
    source: `${D}/Generators-Git.md: "Git Generator: Directories"`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - git:
      repoURL: https://github.com/argoproj/argo-cd.git
      revision: HEAD
      directories:
      - path: applicationset/examples/git-generator-directory/cluster-addons/*
  template:
    metadata:
      name: '{{.path.basename}}'
    spec:
      project: "my-project"
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: '{{.path.path}}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{.path.basename}}'
      syncPolicy:
        syncOptions:
        - CreateNamespace=true`,
    env: {
      git: memoryRepository({
        'applicationset/examples/git-generator-directory/cluster-addons/argo-workflows/kustomization.yaml': '',
        'applicationset/examples/git-generator-directory/cluster-addons/prometheus-operator/Chart.yaml': '',
      }),
    },
    fields: ['spec.source.path', 'spec.destination.namespace'],
    applications: {
      'argo-workflows': ['applicationset/examples/git-generator-directory/cluster-addons/argo-workflows', 'argo-workflows'],
      'prometheus-operator': ['applicationset/examples/git-generator-directory/cluster-addons/prometheus-operator', 'prometheus-operator'],
    },
  },
  {
    source: `${D}/Generators-Git.md: "Exclude directories"`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - git:
      repoURL: https://github.com/argoproj/argo-cd.git
      revision: HEAD
      directories:
      - path: applicationset/examples/git-generator-directory/excludes/cluster-addons/*
      - path: applicationset/examples/git-generator-directory/excludes/cluster-addons/exclude-helm-guestbook
        exclude: true
  template:
    metadata:
      name: '{{.path.basename}}'
    spec:
      project: "my-project"
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: '{{.path.path}}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{.path.basename}}'`,
    env: { git: ADDONS('applicationset/examples/git-generator-directory/excludes/cluster-addons') },
    fields: ['spec.destination.namespace'],
    applications: { 'argo-workflows': ['argo-workflows'], 'prometheus-operator': ['prometheus-operator'] },
  },
  {
    source: `${D}/Generators-Git.md: "Exclude rules have higher priority than include rules" (/d/* less /d/[fg])`,
    yaml: `
spec:
  goTemplate: true
  generators:
  - git:
      repoURL: https://github.com/example/example-repo.git
      directories:
      - path: d/*
      - path: d/[fg]
        exclude: true`,
    env: { git: memoryRepository({ 'd/e/x.yaml': '', 'd/f/x.yaml': '', 'd/g/x.yaml': '' }) },
    params: [{ path: { path: 'd/e', basename: 'e', basenameNormalized: 'e', segments: ['d', 'e'] } }],
  },
  {
    source: `${D}/Generators-Git.md: "Root Of Git Repo" ('*' less donotdeploy; hidden directories are never listed)`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - git:
      repoURL: https://github.com/example/example-repo.git
      revision: HEAD
      directories:
      - path: '*'
      - path: donotdeploy
        exclude: true
  template:
    metadata:
      name: '{{.path.basename}}'
    spec:
      project: "my-project"
      source:
        repoURL: https://github.com/example/example-repo.git
        targetRevision: HEAD
        path: '{{.path.path}}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{.path.basename}}'`,
    env: { git: memoryRepository({ 'guestbook/kustomization.yaml': '', 'donotdeploy/x.yaml': '', '.github/workflows/ci.yaml': '' }) },
    fields: ['spec.source.path'],
    applications: { guestbook: ['guestbook'] },
  },
  {
    source: `${D}/Generators-Git.md: directories with values interpolating the generator's own path`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - git:
      repoURL: https://github.com/example/example-repo.git
      revision: HEAD
      directories:
      - path: '*'
      values:
        cluster: '{{.path.basename}}'
  template:
    metadata:
      name: '{{.path.basename}}'
    spec:
      project: "my-project"
      source:
        repoURL: https://github.com/example/example-repo.git
        targetRevision: HEAD
        path: '{{.path.path}}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{.values.cluster}}'`,
    env: { git: memoryRepository({ 'cluster-a/x.yaml': '', 'cluster-b/x.yaml': '' }) },
    fields: ['spec.destination.namespace'],
    applications: { 'cluster-a': ['cluster-a'], 'cluster-b': ['cluster-b'] },
  },
  {
    source: `${D}/Generators-Git.md: "Git Generator: Files"`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - git:
      repoURL: https://github.com/argoproj/argo-cd.git
      revision: HEAD
      files:
      - path: "applicationset/examples/git-generator-files-discovery/cluster-config/**/config.json"
  template:
    metadata:
      name: '{{.cluster.name}}-guestbook'
    spec:
      project: default
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: "applicationset/examples/git-generator-files-discovery/apps/guestbook"
      destination:
        server: '{{.cluster.address}}'
        namespace: guestbook`,
    env: { git: FILES_REPO },
    fields: ['spec.destination.server'],
    applications: { 'engineering-dev-guestbook': ['https://1.2.3.4'], 'engineering-prod-guestbook': ['https://2.4.6.8'] },
  },
  {
    source: `${D}/Generators-Git.md: the flattened parameters of a config.json (fasttemplate)`,
    yaml: `
spec:
  generators:
  - git:
      repoURL: https://github.com/argoproj/argo-cd.git
      revision: HEAD
      files:
      - path: "applicationset/examples/git-generator-files-discovery/cluster-config/engineering/dev/config.json"`,
    env: { git: FILES_REPO },
    params: [
      {
        aws_account: '123456',
        asset_id: '11223344',
        'cluster.owner': 'cluster-admin@company.com',
        'cluster.name': 'engineering-dev',
        'cluster.address': 'https://1.2.3.4',
        path: 'applicationset/examples/git-generator-files-discovery/cluster-config/engineering/dev',
        'path.basename': 'dev',
        'path.basenameNormalized': 'dev',
        'path.filename': 'config.json',
        'path.filenameNormalized': 'config.json',
        'path[0]': 'applicationset',
        'path[1]': 'examples',
        'path[2]': 'git-generator-files-discovery',
        'path[3]': 'cluster-config',
        'path[4]': 'engineering',
        'path[5]': 'dev',
      },
    ],
  },
  {
    source: `${D}/Generators-Git.md: "Exclude files"`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - git:
        repoURL: https://github.com/argoproj/argo-cd.git
        revision: HEAD
        files:
          - path: "applicationset/examples/git-generator-files-discovery/cluster-config/**/config.json"
          - path: "applicationset/examples/git-generator-files-discovery/cluster-config/*/dev/config.json"
            exclude: true
  template:
    metadata:
      name: '{{.cluster.name}}-guestbook'
    spec:
      project: default
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: "applicationset/examples/git-generator-files-discovery/apps/guestbook"
      destination:
        server: https://kubernetes.default.svc
        namespace: guestbook`,
    env: { git: FILES_REPO },
    fields: ['spec.destination.server'],
    applications: { 'engineering-prod-guestbook': ['https://kubernetes.default.svc'] },
  },
  {
    source: `${D}/Generators-Git.md: files with values built from path segments`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - git:
      repoURL: https://github.com/argoproj/argo-cd.git
      revision: HEAD
      files:
      - path: "applicationset/examples/git-generator-files-discovery/cluster-config/**/config.json"
      values:
        base_dir: "{{index .path.segments 0}}/{{index .path.segments 1}}/{{index .path.segments 2}}"
  template:
    metadata:
      name: '{{.cluster.name}}-guestbook'
    spec:
      project: default
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: "{{.values.base_dir}}/apps/guestbook"
      destination:
        server: '{{.cluster.address}}'
        namespace: guestbook`,
    env: { git: FILES_REPO },
    fields: ['spec.source.path'],
    applications: {
      'engineering-dev-guestbook': ['applicationset/examples/git-generator-files-discovery/apps/guestbook'],
      'engineering-prod-guestbook': ['applicationset/examples/git-generator-files-discovery/apps/guestbook'],
    },
  },
  {
    source: `${D}/Generators-Git-File-Globbing.md: the default (greedy) globbing reaches a subchart's values.yaml`,
    yaml: `
spec:
  goTemplate: true
  generators:
  - git:
      repoURL: https://github.com/example/charts.git
      files:
      - path: cluster-charts/*/*/values.yaml`,
    env: {
      git: memoryRepository({
        'cluster-charts/cluster1/mychart/values.yaml': 'env: staging\n',
        'cluster-charts/cluster1/mychart/charts/mysubchart/values.yaml': 'env: testing\n',
        'cluster-charts/cluster1/myotherchart/values.yaml': 'env: prod\n',
      }),
    },
    params: [
      {
        env: 'testing',
        path: {
          path: 'cluster-charts/cluster1/mychart/charts/mysubchart',
          basename: 'mysubchart',
          basenameNormalized: 'mysubchart',
          filename: 'values.yaml',
          filenameNormalized: 'values.yaml',
          segments: ['cluster-charts', 'cluster1', 'mychart', 'charts', 'mysubchart'],
        },
      },
      {
        env: 'staging',
        path: {
          path: 'cluster-charts/cluster1/mychart',
          basename: 'mychart',
          basenameNormalized: 'mychart',
          filename: 'values.yaml',
          filenameNormalized: 'values.yaml',
          segments: ['cluster-charts', 'cluster1', 'mychart'],
        },
      },
      {
        env: 'prod',
        path: {
          path: 'cluster-charts/cluster1/myotherchart',
          basename: 'myotherchart',
          basenameNormalized: 'myotherchart',
          filename: 'values.yaml',
          filenameNormalized: 'values.yaml',
          segments: ['cluster-charts', 'cluster1', 'myotherchart'],
        },
      },
    ],
  },
  {
    source: `${D}/Generators-Matrix.md: "Git Directory generator + Cluster generator"`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - matrix:
        generators:
          - git:
              repoURL: https://github.com/argoproj/argo-cd.git
              revision: HEAD
              directories:
                - path: applicationset/examples/matrix/cluster-addons/*
          - clusters:
              selector:
                matchLabels:
                  argocd.argoproj.io/secret-type: cluster
  template:
    metadata:
      name: '{{.path.basename}}-{{.name}}'
    spec:
      project: '{{index .metadata.labels "environment"}}'
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: '{{.path.path}}'
      destination:
        server: '{{.server}}'
        namespace: '{{.path.basename}}'`,
    env: {
      git: memoryRepository({
        'applicationset/examples/matrix/cluster-addons/argo-workflows/kustomization.yaml': '',
        'applicationset/examples/matrix/cluster-addons/prometheus-operator/Chart.yaml': '',
      }),
      clusterSecrets: [
        { name: 'staging', server: 'https://1.2.3.4', labels: { environment: 'staging' } },
        { name: 'production', server: 'https://2.4.6.8', labels: { environment: 'production' } },
      ],
    },
    fields: ['spec.project', 'spec.destination.server'],
    applications: {
      'argo-workflows-production': ['production', 'https://2.4.6.8'],
      'argo-workflows-staging': ['staging', 'https://1.2.3.4'],
      'prometheus-operator-production': ['production', 'https://2.4.6.8'],
      'prometheus-operator-staging': ['staging', 'https://1.2.3.4'],
    },
  },
  {
    source: `${D}/Generators-Matrix.md: "Using Parameters from one child generator in another child generator"`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - matrix:
        generators:
          - git:
              repoURL: https://github.com/argoproj/applicationset.git
              revision: HEAD
              files:
                - path: "examples/git-generator-files-discovery/cluster-config/**/config.json"
          - clusters:
              selector:
                matchLabels:
                  argocd.argoproj.io/secret-type: cluster
                  kubernetes.io/environment: '{{.path.basename}}'
  template:
    metadata:
      name: '{{.name}}-guestbook'
    spec:
      project: default
      source:
        repoURL: https://github.com/argoproj/applicationset.git
        targetRevision: HEAD
        path: "examples/git-generator-files-discovery/apps/guestbook"
      destination:
        server: '{{.server}}'
        namespace: guestbook`,
    env: {
      git: memoryRepository({
        'examples/git-generator-files-discovery/cluster-config/engineering/dev/config.json': '{"aws_account": "123456"}',
        'examples/git-generator-files-discovery/cluster-config/engineering/prod/config.json': '{"aws_account": "654321"}',
      }),
      clusterSecrets: [
        { name: 'engineering-dev', server: 'https://1.2.3.4', labels: { 'kubernetes.io/environment': 'dev' } },
        { name: 'engineering-prod', server: 'https://2.4.6.8', labels: { 'kubernetes.io/environment': 'prod' } },
      ],
    },
    fields: ['spec.destination.server'],
    applications: { 'engineering-dev-guestbook': ['https://1.2.3.4'], 'engineering-prod-guestbook': ['https://2.4.6.8'] },
  },
  {
    source: `${D}/Generators-Matrix.md: "Overriding parameters from one child generator in another child generator"`,
    note: 'the page lists the matrix results: the first child wins, its false included',
    yaml: `
spec:
  generators:
    - matrix:
        generators:
          - git:
              repoURL: https://github.com/example/values.git
              revision: HEAD
              files:
                - path: "**/stage.values.yaml"
          - git:
               repoURL: https://github.com/example/values.git
               revision: HEAD
               files:
                  - path: "global.values.yaml"
  goTemplate: true`,
    env: {
      git: memoryRepository({
        'test/stage.values.yaml': 'stageName: test\ncpuRequest: 100m\ndebugEnabled: true\n',
        'staging/stage.values.yaml': 'stageName: staging\n',
        'production/stage.values.yaml': 'stageName: production\nmemoryLimit: 512Mi\ndebugEnabled: false\n',
        'global.values.yaml': 'cpuRequest: 200m\nmemoryLimit: 256Mi\ndebugEnabled: true\n',
      }),
    },
    fields: ['stageName', 'cpuRequest', 'memoryLimit', 'debugEnabled', 'path.path'],
    // The page lists the values only; the path parameters are the first child's too.
    params: [
      ['production', '200m', '512Mi', false, 'production'],
      ['staging', '200m', '256Mi', true, 'staging'],
      ['test', '100m', '256Mi', true, 'test'],
    ],
  },
  {
    source: `${D}/Generators-Matrix.md: "Two Git Generators Using pathParamPrefix"`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - matrix:
        generators:
          - git:
              repoURL: https://github.com/some-org/some-repo.git
              revision: HEAD
              files:
                - path: "apps/*.json"
              pathParamPrefix: app
          - git:
              repoURL: https://github.com/some-org/some-repo.git
              revision: HEAD
              files:
                - path: "targets/{{.appName}}/*.json"
              pathParamPrefix: target`,
    env: {
      git: memoryRepository({
        'apps/app-one.json': '{ "appName": "app-one" }',
        'apps/app-two.json': '{ "appName": "app-two" }',
        'targets/app-one/east-cluster-one.json': '{ "region": "east", "clusterName": "cluster-one" }',
        'targets/app-one/east-cluster-two.json': '{ "region": "east", "clusterName": "cluster-two" }',
        'targets/app-two/east-cluster-one.json': '{ "region": "east", "clusterName": "cluster-one" }',
        'targets/app-two/west-cluster-three.json': '{ "region": "west", "clusterName": "cluster-three" }',
      }),
    },
    fields: ['appName', 'app.path.path', 'app.path.filename', 'region', 'clusterName', 'target.path.path', 'target.path.filename'],
    params: [
      ['app-one', 'apps', 'app-one.json', 'east', 'cluster-one', 'targets/app-one', 'east-cluster-one.json'],
      ['app-one', 'apps', 'app-one.json', 'east', 'cluster-two', 'targets/app-one', 'east-cluster-two.json'],
      ['app-two', 'apps', 'app-two.json', 'east', 'cluster-one', 'targets/app-two', 'east-cluster-one.json'],
      ['app-two', 'apps', 'app-two.json', 'west', 'cluster-three', 'targets/app-two', 'west-cluster-three.json'],
    ],
  },
  {
    source: `${D}/Generators-Matrix.md: "Restrictions" 1 (only two child generators)`,
    yaml: `
spec:
  goTemplate: true
  generators:
  - matrix:
      generators:
      - list: {elements: [{a: x}]}
      - list: {elements: [{b: y}]}
      - list: {elements: [{c: z}]}
  template: {metadata: {name: x}, spec: {project: default, destination: {server: https://kubernetes.default.svc}}}`,
    errors: [/found more than two generators, Matrix support only two/],
  },
  {
    source: `${D}/Generators-Matrix.md: "Restrictions" 2 (one generator per array entry)`,
    yaml: `
spec:
  goTemplate: true
  generators:
  - matrix:
      generators:
      - list: {elements: [{a: x}]}
        clusters: {}
      - list: {elements: [{b: y}]}
  template: {metadata: {name: x}, spec: {project: default, destination: {server: https://kubernetes.default.svc}}}`,
    env: { clusterSecrets: [] },
    errors: [/found more than one generator in matrix.Generators/],
  },
  {
    source: `${D}/Generators-Matrix.md: "Restrictions" 4 (combinations nest once)`,
    yaml: `
spec:
  goTemplate: true
  generators:
  - matrix:
      generators:
      - list: {elements: [{a: x}]}
      - matrix:
          generators:
          - list: {elements: [{b: y}]}
          - matrix:
              generators:
              - list: {elements: [{c: z}]}
              - list: {elements: [{d: w}]}
  template: {metadata: {name: x}, spec: {project: default, destination: {server: https://kubernetes.default.svc}}}`,
    errors: [/can only be nested once/],
  },
  {
    source: `${D}/Generators-Matrix.md: "Restrictions" 5 (the consumer must come after the producer)`,
    note: 'with missingkey=error the cluster selector cannot be rendered without .path',
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - matrix:
      generators:
        - clusters:
            selector:
              matchLabels:
                argocd.argoproj.io/secret-type: cluster
                kubernetes.io/environment: '{{.path.basename}}'
        - git:
            repoURL: https://github.com/argoproj/applicationset.git
            revision: HEAD
            files:
              - path: "examples/git-generator-files-discovery/cluster-config/**/config.json"
  template: {metadata: {name: x}, spec: {project: default, destination: {server: https://kubernetes.default.svc}}}`,
    env: { clusterSecrets: CLUSTERS, git: FILES_REPO },
    errors: [/error converting label selector: values\[0\]\[kubernetes.io\/environment\]: Invalid value: "\{\{\.path\.basename\}\}"/],
  },
  {
    source: `${D}/GoTemplate.md: "Fallbacks for unset parameters" (dig with a default)`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - list:
      elements:
      - cluster: engineering-dev
        url: https://kubernetes.default.svc
      - cluster: engineering-prod
        url: https://kubernetes.default.svc
        nameSuffix: -my-name-suffix
  template:
    metadata:
      name: '{{.cluster}}{{dig "nameSuffix" "" .}}'
    spec:
      project: default
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: applicationset/examples/list-generator/guestbook/{{.cluster}}
      destination:
        server: '{{.url}}'
        namespace: guestbook`,
    fields: ['spec.source.path'],
    applications: {
      'engineering-dev': ['applicationset/examples/list-generator/guestbook/engineering-dev'],
      'engineering-prod-my-name-suffix': ['applicationset/examples/list-generator/guestbook/engineering-prod'],
    },
  },
  {
    source: `${D}/GoTemplate.md: missingkey=error makes an unset parameter an error (nothing is applied)`,
    yaml: `
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - list:
      elements:
      - cluster: engineering-dev
        url: https://kubernetes.default.svc
      - cluster: engineering-prod
        url: https://kubernetes.default.svc
        nameSuffix: -my-name-suffix
  template:
    metadata:
      name: '{{.cluster}}{{.nameSuffix}}'
    spec:
      project: default
      destination:
        server: '{{.url}}'
        namespace: guestbook`,
    errors: [
      /failed to execute go template \{\{\.cluster\}\}\{\{\.nameSuffix\}\}: template: base:1:14: executing "base" at <\.nameSuffix>: map has no entry for key "nameSuffix"/,
    ],
  },
  {
    source: `${D}/GoTemplate.md: the slugify usage example`,
    yaml: `
spec:
  goTemplate: true
  generators:
  - list:
      elements:
      - name: test
        branch: feat/a_really+long_pull_request_name_to_test_argo_slugification_and_branch_name_shortening_feature
  template:
    metadata:
      name: 'hellos3-{{.name}}-{{ cat .branch | slugify 23 }}'
      annotations:
        label-1: '{{ cat .branch | slugify }}'
        label-2: '{{ cat .branch | slugify 23 }}'
        label-3: '{{ cat .branch | slugify 50 false }}'
    spec:
      project: default
      destination:
        server: https://kubernetes.default.svc`,
    fields: ['metadata.annotations.label-1', 'metadata.annotations.label-2', 'metadata.annotations.label-3'],
    applications: {
      'hellos3-test-feat-a-really-long-pull': [
        'feat-a-really-long-pull-request-name-to-test-argo',
        'feat-a-really-long-pull',
        'feat-a-really-long-pull-request-name-to-test-argo',
      ],
    },
  },
  {
    source: `${D}/Template.md: "Generator templates" (the generator's template overrides spec.template)`,
    note: 'the page writes Go template tags in a fasttemplate ApplicationSet: Argo CD leaves them as written, so the name is invalid',
    yaml: `
spec:
  generators:
  - list:
      elements:
        - cluster: engineering-dev
          url: https://kubernetes.default.svc
      template:
        metadata: {}
        spec:
          project: "default"
          source:
            targetRevision: HEAD
            repoURL: https://github.com/argoproj/argo-cd.git
            path: 'applicationset/examples/template-override/{{ .nameNormalized }}-override'
          destination: {}
  template:
    metadata:
      name: '{{ .nameNormalized }}-guestbook'
    spec:
      project: "default"
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: applicationset/examples/template-override/default
      destination:
        server: '{{ .server }}'
        namespace: guestbook`,
    errors: [/Application name "\{\{ \.nameNormalized \}\}-guestbook" is not a valid Kubernetes name/],
  },
  {
    source: `${D}/Template.md: "Generator templates", with the tags the page means ({{cluster}}, {{url}})`,
    yaml: `
spec:
  generators:
  - list:
      elements:
        - cluster: engineering-dev
          url: https://kubernetes.default.svc
      template:
        metadata: {}
        spec:
          project: "default"
          source:
            targetRevision: HEAD
            repoURL: https://github.com/argoproj/argo-cd.git
            path: 'applicationset/examples/template-override/{{cluster}}-override'
          destination: {}
  template:
    metadata:
      name: '{{cluster}}-guestbook'
    spec:
      project: "default"
      source:
        repoURL: https://github.com/argoproj/argo-cd.git
        targetRevision: HEAD
        path: applicationset/examples/template-override/default
      destination:
        server: '{{url}}'
        namespace: guestbook`,
    fields: ['spec.source.path', 'spec.destination.server'],
    applications: { 'engineering-dev-guestbook': ['applicationset/examples/template-override/engineering-dev-override', 'https://kubernetes.default.svc'] },
  },
  {
    source: `${D}/Template.md: "Template Patch" (not supported: refused, nothing generated)`,
    yaml: `
spec:
  goTemplate: true
  generators:
  - list:
      elements:
        - cluster: engineering-dev
          url: https://kubernetes.default.svc
          autoSync: true
          prune: true
  template:
    metadata:
      name: '{{ .cluster }}-deployment'
    spec:
      project: "default"
      destination:
        server: '{{ .url }}'
        namespace: guestbook
  templatePatch: |
    spec:
    {{- if .autoSync }}
      syncPolicy:
        automated:
          prune: {{ .prune }}
    {{- end }}`,
    errors: [/spec\.templatePatch is not supported by Flotilla's ApplicationSet evaluator/],
  },
  {
    source: `${D}/Generators-Merge.md: the merge generator (not supported: refused, nothing generated)`,
    yaml: `
spec:
  goTemplate: true
  generators:
    - merge:
        mergeKeys:
          - server
        generators:
          - clusters:
              values:
                kafka: 'true'
                redis: 'false'
          - list:
              elements:
                - server: https://2.4.6.8
                  values.redis: 'true'
  template: {metadata: {name: '{{.name}}'}, spec: {project: default, destination: {server: '{{.server}}'}}}`,
    env: { clusterSecrets: CLUSTERS },
    errors: [/the merge generator is not supported/],
  },
  {
    source: `${D}/Generators-SCM-Provider.md and Generators-Pull-Request.md: generators that read a live system are refused`,
    yaml: `
spec:
  goTemplate: true
  generators:
  - scmProvider:
      github:
        organization: myorg
  - pullRequest:
      github:
        owner: myorg
        repo: myrepository
  template: {metadata: {name: x}, spec: {project: default, destination: {server: https://kubernetes.default.svc}}}`,
    errors: [/the scmProvider generator reads a live system/, /the pullRequest generator reads a live system/],
  },
];

describe(`Argo CD ${ARGOCD_RELEASE} ApplicationSet documentation examples`, () => {
  for (const c of CASES) {
    it(c.note ? `${c.source} (${c.note})` : c.source, () => {
      const set = appSetOf(c.yaml);
      if (c.params) {
        const params = plain(transformParams({ ...(set.spec as any), generator: (set.spec as any).generators[0], env: c.env })) as unknown[];
        const picked = c.fields ? params.map((p) => c.fields!.map((f) => (at(p, f) === undefined ? (p as any)[f] : at(p, f)))) : params;
        assert.deepEqual(picked, c.params);
        return;
      }
      const result = generateApplications(set, c.env ?? {});
      if (c.errors) {
        assert.equal(result.errors.length, c.errors.length, result.errors.join('\n'));
        c.errors.forEach((re, i) => {
          assert.match(result.errors[i], re);
        });
      } else assert.deepEqual(result.errors, []);
      const got = Object.fromEntries(result.applications.map((a) => [a.metadata.name, (c.fields ?? []).map((f) => at(a, f))]));
      assert.deepEqual(got, c.applications ?? {});
    });
  }
});
