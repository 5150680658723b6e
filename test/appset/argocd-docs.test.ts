/**
 * Examples from Argo CD's ApplicationSet documentation
 * (docs/operator-manual/applicationset/*.md in argoproj/argo-cd): generator
 * inputs → the Applications the controller generates. Where a page leaves
 * the template out ("# (...)"), the template of the page's first example is
 * used; where a page writes repository paths with a leading "/", the
 * controller's value (path.Dir of a repository-relative path) is expected.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryRepository } from '../../generator/appset/generators/git.ts';
import type { ClusterSecret } from '../../generator/appset/generators/types.ts';
import { RESOURCES_FINALIZER } from '../../generator/appset/render-template.ts';
import { evaluate, summary } from './support.ts';

const GUESTBOOK_SPEC = {
  project: 'my-project',
  source: { repoURL: 'https://github.com/argoproj/argocd-example-apps/', targetRevision: 'HEAD', path: 'guestbook' },
  destination: { server: '{{.server}}', namespace: 'guestbook' },
};

describe('Generators-List.md', () => {
  it('list generator with fasttemplate parameters', () => {
    const result = evaluate({
      generators: [{ list: { elements: [{ cluster: 'engineering-dev', url: 'https://kubernetes.default.svc' }] } }],
      template: {
        metadata: { name: '{{cluster}}-guestbook' },
        spec: {
          project: 'my-project',
          source: {
            repoURL: 'https://github.com/argoproj/argo-cd.git',
            targetRevision: 'HEAD',
            path: 'applicationset/examples/list-generator/guestbook/{{cluster}}',
          },
          destination: { server: '{{url}}', namespace: 'guestbook' },
        },
      },
    });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.applications, [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        // No preserveResourcesOnDeletion: the controller adds the resources finalizer.
        metadata: { name: 'engineering-dev-guestbook', namespace: 'argocd', finalizers: [RESOURCES_FINALIZER] },
        spec: {
          project: 'my-project',
          source: {
            repoURL: 'https://github.com/argoproj/argo-cd.git',
            targetRevision: 'HEAD',
            path: 'applicationset/examples/list-generator/guestbook/engineering-dev',
          },
          destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
        },
      },
    ]);
  });

  it('elementsYaml from a git file in a matrix (Go template, toJson)', () => {
    const git = memoryRepository({
      'applicationset/examples/list-generator/list-elementsYaml-example.yaml':
        'key:\n  components:\n    - name: component1\n      chart: podinfo\n      version: "6.3.2"\n      releaseName: component1\n      repoUrl: "https://stefanprodan.github.io/podinfo"\n      namespace: component1\n    - name: component2\n      chart: podinfo\n      version: "6.3.3"\n      releaseName: component2\n      repoUrl: "ghcr.io/stefanprodan/charts"\n      namespace: component2\n',
    });
    const result = evaluate(
      {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [
          {
            matrix: {
              generators: [
                {
                  git: {
                    repoURL: 'https://github.com/argoproj/argo-cd.git',
                    revision: 'HEAD',
                    files: [{ path: 'applicationset/examples/list-generator/list-elementsYaml-example.yaml' }],
                  },
                },
                { list: { elements: [], elementsYaml: '{{ .key.components | toJson }}' } },
              ],
            },
          },
        ],
        template: {
          metadata: { name: '{{.name}}' },
          spec: {
            project: 'default',
            syncPolicy: { automated: { selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
            sources: [{ chart: '{{.chart}}', repoURL: '{{.repoUrl}}', targetRevision: '{{.version}}', helm: { releaseName: '{{.releaseName}}' } }],
            destination: { server: 'https://kubernetes.default.svc', namespace: '{{.namespace}}' },
          },
        },
      },
      { git },
    );
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      summary(result, (s) => [s.sources[0].chart, s.sources[0].repoURL, s.sources[0].targetRevision, s.destination.namespace]),
      [
        ['component1', ['podinfo', 'https://stefanprodan.github.io/podinfo', '6.3.2', 'component1']],
        ['component2', ['podinfo', 'ghcr.io/stefanprodan/charts', '6.3.3', 'component2']],
      ],
    );
  });
});

describe('GoTemplate.md', () => {
  const elements = [
    { cluster: 'engineering-dev', url: 'https://1.2.3.4' },
    { cluster: 'engineering-prod', url: 'https://2.4.6.8' },
    { cluster: 'finance-preprod', url: 'https://9.8.7.6' },
  ];
  const spec = {
    project: 'my-project',
    source: { repoURL: 'https://github.com/infra-team/cluster-deployments.git', targetRevision: 'HEAD', path: 'guestbook/{{.cluster}}' },
    destination: { server: '{{.url}}', namespace: 'guestbook' },
  };

  it('basic Go template usage', () => {
    const result = evaluate({
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements } }],
      template: { metadata: { name: '{{.cluster}}-guestbook' }, spec },
    });
    assert.deepEqual(
      summary(result, (s) => [s.source.path, s.destination.server]),
      [
        ['engineering-dev-guestbook', ['guestbook/engineering-dev', 'https://1.2.3.4']],
        ['engineering-prod-guestbook', ['guestbook/engineering-prod', 'https://2.4.6.8']],
        ['finance-preprod-guestbook', ['guestbook/finance-preprod', 'https://9.8.7.6']],
      ],
    );
  });

  const suffixSpec = {
    project: 'default',
    source: {
      repoURL: 'https://github.com/argoproj/argo-cd.git',
      targetRevision: 'HEAD',
      path: 'applicationset/examples/list-generator/guestbook/{{.cluster}}',
    },
    destination: { server: '{{.url}}', namespace: 'guestbook' },
  };
  const withSuffix = [
    { cluster: 'engineering-dev', url: 'https://kubernetes.default.svc' },
    { cluster: 'engineering-prod', url: 'https://kubernetes.default.svc', nameSuffix: '-my-name-suffix' },
  ];

  it('fallbacks for unset parameters with dig: engineering-dev and engineering-prod-my-name-suffix', () => {
    const result = evaluate({
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements: withSuffix } }],
      template: { metadata: { name: '{{.cluster}}{{dig "nameSuffix" "" .}}' }, spec: suffixSpec },
    });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.applications.map((a) => a.metadata.name),
      ['engineering-dev', 'engineering-prod-my-name-suffix'],
    );
  });

  it('missingkey=error: an unset parameter is an error, not an empty string', () => {
    const result = evaluate({
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements: withSuffix } }],
      template: { metadata: { name: '{{.cluster}}{{.nameSuffix}}' }, spec: suffixSpec },
    });
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0], /failed to execute go template \{\{\.cluster\}\}\{\{\.nameSuffix\}\}: template: .*map has no entry for key "nameSuffix"/);
  });

  it('without missingkey=error the unset parameter renders as "<no value>"', () => {
    const result = evaluate({
      goTemplate: true,
      generators: [{ list: { elements: withSuffix } }],
      template: { metadata: { name: '{{.cluster}}{{.nameSuffix}}' }, spec: suffixSpec },
    });
    // "<no value>" is not a valid Kubernetes name: the controller would fail to create it.
    assert.match(result.errors.join('\n'), /"engineering-dev<no value>" is not a valid Kubernetes name/);
    assert.deepEqual(
      result.applications.map((a) => a.metadata.name),
      ['engineering-prod-my-name-suffix'],
    );
  });

  it('git directories with Go templates (the migration guide example), with an exclude rule (Generators-Git.md)', () => {
    const git = memoryRepository({
      'applicationset/examples/git-generator-directory/cluster-addons/argo-workflows/kustomization.yaml': '',
      'applicationset/examples/git-generator-directory/cluster-addons/prometheus-operator/Chart.yaml': '',
      'applicationset/examples/git-generator-directory/cluster-addons/exclude-helm-guestbook/Chart.yaml': '',
      'applicationset/examples/git-generator-directory/.hidden/x.yaml': '',
    });
    const result = evaluate(
      {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [
          {
            git: {
              repoURL: 'https://github.com/argoproj/argo-cd.git',
              revision: 'HEAD',
              directories: [
                { path: 'applicationset/examples/git-generator-directory/cluster-addons/*' },
                { path: 'applicationset/examples/git-generator-directory/cluster-addons/exclude-helm-guestbook', exclude: true },
              ],
            },
          },
        ],
        template: {
          metadata: { name: '{{.path.basename}}' },
          spec: {
            project: 'default',
            source: { repoURL: 'https://github.com/argoproj/argo-cd.git', targetRevision: 'HEAD', path: '{{.path.path}}' },
            destination: { server: 'https://kubernetes.default.svc', namespace: '{{.path.basename}}' },
          },
        },
      },
      { git },
    );
    assert.deepEqual(
      summary(result, (s) => [s.source.path, s.destination.namespace]),
      [
        ['argo-workflows', ['applicationset/examples/git-generator-directory/cluster-addons/argo-workflows', 'argo-workflows']],
        ['prometheus-operator', ['applicationset/examples/git-generator-directory/cluster-addons/prometheus-operator', 'prometheus-operator']],
      ],
    );
  });
});

describe('Generators-Cluster.md', () => {
  const secrets: ClusterSecret[] = [
    {
      name: 'staging-1',
      server: 'https://staging-1.example.com',
      labels: { staging: 'true', type: 'staging' },
      annotations: { 'my-custom-annotation': 'release-42' },
    },
    { name: 'prod_1', server: 'https://prod-1.example.com', labels: { type: 'production' } },
  ];
  const template = { metadata: { name: '{{.name}}-guestbook' }, spec: GUESTBOOK_SPEC };

  it('clusters: {} targets every cluster Argo CD knows, the local one included', () => {
    const result = evaluate(
      {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ clusters: {} }],
        template: { metadata: { name: '{{.nameNormalized}}-guestbook' }, spec: GUESTBOOK_SPEC },
      },
      { clusterSecrets: secrets },
    );
    assert.deepEqual(
      summary(result, (s) => s.destination.server),
      [
        ['in-cluster-guestbook', 'https://kubernetes.default.svc'],
        // nameNormalized: "prod_1" is not a valid name, "prod-1" is.
        ['prod-1-guestbook', 'https://prod-1.example.com'],
        ['staging-1-guestbook', 'https://staging-1.example.com'],
      ],
    );
  });

  it('a label selector picks matching cluster Secrets and leaves out the local cluster', () => {
    const result = evaluate(
      { goTemplate: true, goTemplateOptions: ['missingkey=error'], generators: [{ clusters: { selector: { matchLabels: { staging: 'true' } } } }], template },
      { clusterSecrets: secrets },
    );
    assert.deepEqual(
      result.applications.map((a) => a.metadata.name),
      ['staging-1-guestbook'],
    );
  });

  it('matchExpressions (set-based) select the same way', () => {
    const result = evaluate(
      { goTemplate: true, generators: [{ clusters: { selector: { matchExpressions: [{ key: 'type', operator: 'In', values: ['production'] }] } } }], template },
      { clusterSecrets: secrets },
    );
    // {{.name}} keeps the underscore: Kubernetes refuses the name, so the controller reports it.
    assert.deepEqual(result.applications, []);
    assert.deepEqual(result.errors, ['Application name "prod_1-guestbook" is not a valid Kubernetes name']);
  });

  it('values, templated with the cluster parameters, become .values', () => {
    const result = evaluate(
      {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [
          {
            clusters: {
              selector: { matchLabels: { type: 'staging' } },
              values: { revision: '{{index .metadata.annotations "my-custom-annotation"}}', clusterName: '{{.name}}' },
            },
          },
          { clusters: { selector: { matchLabels: { type: 'production' } }, values: { revision: 'stable', clusterName: '{{.name}}' } } },
        ],
        template: {
          metadata: { name: '{{.nameNormalized}}-guestbook' },
          spec: {
            project: 'my-project',
            source: { repoURL: 'https://github.com/argoproj/argocd-example-apps/', targetRevision: '{{.values.revision}}', path: 'guestbook' },
            destination: { server: '{{.values.clusterName}}', namespace: 'guestbook' },
          },
        },
      },
      { clusterSecrets: secrets },
    );
    assert.deepEqual(
      summary(result, (s) => [s.source.targetRevision, s.destination.server]),
      [
        ['prod-1-guestbook', ['stable', 'prod_1']],
        ['staging-1-guestbook', ['release-42', 'staging-1']],
      ],
    );
  });

  it('flatList: one Application over every cluster', () => {
    const result = evaluate(
      {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ clusters: { selector: { matchLabels: { 'argocd.argoproj.io/secret-type': 'cluster' } }, flatList: true } }],
        template: {
          metadata: { name: 'flat-list-guestbook' },
          spec: {
            project: 'my-project',
            source: {
              repoURL: 'https://github.com/argoproj/argocd-example-apps/',
              targetRevision: 'HEAD',
              path: 'helm-guestbook',
              helm: { values: 'clusters:\n{{- range .clusters }}\n  - name: {{ .name }}\n{{- end }}\n' },
            },
            destination: { server: 'my-cluster', namespace: 'guestbook' },
          },
        },
      },
      { clusterSecrets: secrets },
    );
    assert.equal(result.applications.length, 1);
    assert.equal((result.applications[0].spec as any).source.helm.values, 'clusters:\n  - name: staging-1\n  - name: prod_1\n');
  });
});

describe('Generators-Matrix.md', () => {
  const clusters = [
    { name: 'staging', server: 'https://1.2.3.4', labels: { environment: 'staging' } },
    { name: 'production', server: 'https://2.4.6.8', labels: { environment: 'production' } },
  ];

  it('git directories × clusters: every combination', () => {
    const git = memoryRepository({
      'applicationset/examples/matrix/cluster-addons/argo-workflows/kustomization.yaml': '',
      'applicationset/examples/matrix/cluster-addons/prometheus-operator/Chart.yaml': '',
    });
    const result = evaluate(
      {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [
          {
            matrix: {
              generators: [
                {
                  git: {
                    repoURL: 'https://github.com/argoproj/argo-cd.git',
                    revision: 'HEAD',
                    directories: [{ path: 'applicationset/examples/matrix/cluster-addons/*' }],
                  },
                },
                { clusters: { selector: { matchLabels: { 'argocd.argoproj.io/secret-type': 'cluster' } } } },
              ],
            },
          },
        ],
        template: {
          metadata: { name: '{{.path.basename}}-{{.name}}' },
          spec: {
            project: '{{index .metadata.labels "environment"}}',
            source: { repoURL: 'https://github.com/argoproj/argo-cd.git', targetRevision: 'HEAD', path: '{{.path.path}}' },
            destination: { server: '{{.server}}', namespace: '{{.path.basename}}' },
          },
        },
      },
      { git, clusterSecrets: clusters },
    );
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      summary(result, (s) => [s.project, s.destination.server, s.source.path]),
      [
        ['argo-workflows-production', ['production', 'https://2.4.6.8', 'applicationset/examples/matrix/cluster-addons/argo-workflows']],
        ['argo-workflows-staging', ['staging', 'https://1.2.3.4', 'applicationset/examples/matrix/cluster-addons/argo-workflows']],
        ['prometheus-operator-production', ['production', 'https://2.4.6.8', 'applicationset/examples/matrix/cluster-addons/prometheus-operator']],
        ['prometheus-operator-staging', ['staging', 'https://1.2.3.4', 'applicationset/examples/matrix/cluster-addons/prometheus-operator']],
      ],
    );
  });

  it('parameters of the first child interpolated into the second (cluster selector from .path.basename)', () => {
    const git = memoryRepository({
      'examples/git-generator-files-discovery/cluster-config/engineering/dev/config.json': '{"aws_account": "123456"}',
      'examples/git-generator-files-discovery/cluster-config/engineering/prod/config.json': '{"aws_account": "654321"}',
      'examples/git-generator-files-discovery/apps/guestbook/kustomization.yaml': '',
    });
    const engineering = [
      { name: 'engineering-dev', server: 'https://1.2.3.4', labels: { 'kubernetes.io/environment': 'dev' } },
      { name: 'engineering-prod', server: 'https://2.4.6.8', labels: { 'kubernetes.io/environment': 'prod' } },
    ];
    const result = evaluate(
      {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [
          {
            matrix: {
              generators: [
                {
                  git: {
                    repoURL: 'https://github.com/argoproj/applicationset.git',
                    revision: 'HEAD',
                    files: [{ path: 'examples/git-generator-files-discovery/cluster-config/**/config.json' }],
                  },
                },
                { clusters: { selector: { matchLabels: { 'argocd.argoproj.io/secret-type': 'cluster', 'kubernetes.io/environment': '{{.path.basename}}' } } } },
              ],
            },
          },
        ],
        template: {
          metadata: { name: '{{.name}}-guestbook', annotations: { account: '{{.aws_account}}' } },
          spec: {
            project: 'default',
            source: {
              repoURL: 'https://github.com/argoproj/applicationset.git',
              targetRevision: 'HEAD',
              path: 'examples/git-generator-files-discovery/apps/guestbook',
            },
            destination: { server: '{{.server}}', namespace: 'guestbook' },
          },
        },
      },
      { git, clusterSecrets: engineering },
    );
    assert.deepEqual(
      summary(result, (s, a) => [s.destination.server, a.metadata.annotations?.account]),
      [
        ['engineering-dev-guestbook', ['https://1.2.3.4', '123456']],
        ['engineering-prod-guestbook', ['https://2.4.6.8', '654321']],
      ],
    );
  });

  it('overriding parameters: the first child wins, the second fills what is missing (mergo semantics)', () => {
    const git = memoryRepository({
      'test/stage.values.yaml': 'stageName: test\ncpuRequest: 100m\ndebugEnabled: true\n',
      'staging/stage.values.yaml': 'stageName: staging\n',
      'production/stage.values.yaml': 'stageName: production\nmemoryLimit: 512Mi\ndebugEnabled: false\n',
      'global.values.yaml': 'cpuRequest: 200m\nmemoryLimit: 256Mi\ndebugEnabled: true\n',
    });
    const result = evaluate(
      {
        goTemplate: true,
        generators: [
          {
            matrix: {
              generators: [
                { git: { repoURL: 'https://github.com/example/values.git', revision: 'HEAD', files: [{ path: '**/stage.values.yaml' }] } },
                { git: { repoURL: 'https://github.com/example/values.git', revision: 'HEAD', files: [{ path: 'global.values.yaml' }] } },
              ],
            },
          },
        ],
        // The page's template names every Application "example" (a duplicate); the stage name is used instead.
        template: {
          metadata: { name: '{{.stageName}}', annotations: { values: '{{.cpuRequest}} {{.memoryLimit}} {{.debugEnabled}}' } },
          spec: {
            project: 'default',
            source: { repoURL: 'https://github.com/example/example-app.git', targetRevision: 'HEAD', path: '.' },
            destination: { server: 'in-cluster', namespace: 'default' },
          },
        },
      },
      { git },
    );
    assert.deepEqual(
      summary(result, (_s, a) => a.metadata.annotations?.values),
      [
        // The page lists debugEnabled: false for production. The controller merges with mergo without
        // override, which treats false as empty and fills it from the second child: true.
        ['production', '200m 512Mi true'],
        ['staging', '200m 256Mi true'],
        ['test', '100m 256Mi true'],
      ],
    );
  });

  it('two git files generators with pathParamPrefix', () => {
    const git = memoryRepository({
      'apps/app-one.json': '{ "appName": "app-one" }',
      'apps/app-two.json': '{ "appName": "app-two" }',
      'targets/app-one/east-cluster-one.json': '{ "region": "east", "clusterName": "cluster-one" }',
      'targets/app-one/east-cluster-two.json': '{ "region": "east", "clusterName": "cluster-two" }',
      'targets/app-two/east-cluster-one.json': '{ "region": "east", "clusterName": "cluster-one" }',
      'targets/app-two/west-cluster-three.json': '{ "region": "west", "clusterName": "cluster-three" }',
    });
    const result = evaluate(
      {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [
          {
            matrix: {
              generators: [
                { git: { repoURL: 'https://github.com/some-org/some-repo.git', revision: 'HEAD', files: [{ path: 'apps/*.json' }], pathParamPrefix: 'app' } },
                {
                  git: {
                    repoURL: 'https://github.com/some-org/some-repo.git',
                    revision: 'HEAD',
                    files: [{ path: 'targets/{{.appName}}/*.json' }],
                    pathParamPrefix: 'target',
                  },
                },
              ],
            },
          },
        ],
        template: {
          metadata: {
            name: '{{.appName}}-{{.clusterName}}',
            annotations: { params: '{{.region}} {{.app.path.path}} {{.app.path.filename}} {{.target.path.path}} {{.target.path.filename}}' },
          },
          spec: {
            project: 'default',
            source: { repoURL: 'https://github.com/some-org/some-repo.git', targetRevision: 'HEAD', path: '.' },
            destination: { server: 'https://kubernetes.default.svc', namespace: 'default' },
          },
        },
      },
      { git },
    );
    assert.deepEqual(
      summary(result, (_s, a) => a.metadata.annotations?.params),
      [
        ['app-one-cluster-one', 'east apps app-one.json targets/app-one east-cluster-one.json'],
        ['app-one-cluster-two', 'east apps app-one.json targets/app-one east-cluster-two.json'],
        ['app-two-cluster-one', 'east apps app-two.json targets/app-two east-cluster-one.json'],
        ['app-two-cluster-three', 'west apps app-two.json targets/app-two west-cluster-three.json'],
      ],
    );
  });

  it('restrictions: only two children; combinations nest once', () => {
    const list = { list: { elements: [{ a: 'x' }] } };
    const three = evaluate({ goTemplate: true, generators: [{ matrix: { generators: [list, list, list] } }], template: { metadata: { name: 'x' }, spec: {} } });
    assert.match(three.errors.join('\n'), /found more than two generators, Matrix support only two/);
    const deep = evaluate({
      goTemplate: true,
      generators: [{ matrix: { generators: [list, { matrix: { generators: [list, { matrix: { generators: [list, list] } }] } }] } }],
      template: { metadata: { name: 'x' }, spec: {} },
    });
    assert.match(deep.errors.join('\n'), /can only be nested once/);
  });
});

describe('Generators-Git.md (files, fasttemplate)', () => {
  it('JSON fields flattened into key/value parameters', () => {
    const config = (name: string, address: string) =>
      JSON.stringify({ aws_account: '123456', asset_id: '11223344', cluster: { owner: 'cluster-admin@company.com', name, address } });
    const git = memoryRepository({
      'applicationset/examples/git-generator-files-discovery/cluster-config/engineering/dev/config.json': config('engineering-dev', 'https://1.2.3.4'),
      'applicationset/examples/git-generator-files-discovery/cluster-config/engineering/prod/config.json': config('engineering-prod', 'https://2.4.6.8'),
    });
    const result = evaluate(
      {
        generators: [
          {
            git: {
              repoURL: 'https://github.com/argoproj/argo-cd.git',
              revision: 'HEAD',
              files: [{ path: 'applicationset/examples/git-generator-files-discovery/cluster-config/**/config.json' }],
            },
          },
        ],
        template: {
          metadata: { name: '{{cluster.name}}-guestbook', annotations: { where: '{{path.basename}} {{path[3]}} {{path.filename}} {{no.such.param}}' } },
          spec: {
            project: 'default',
            source: {
              repoURL: 'https://github.com/argoproj/argo-cd.git',
              targetRevision: 'HEAD',
              path: 'applicationset/examples/git-generator-files-discovery/apps/guestbook',
            },
            destination: { server: '{{cluster.address}}', namespace: 'guestbook' },
          },
        },
      },
      { git },
    );
    assert.deepEqual(
      summary(result, (s, a) => [s.destination.server, a.metadata.annotations?.where]),
      [
        // fasttemplate leaves unknown tags as written.
        ['engineering-dev-guestbook', ['https://1.2.3.4', 'dev cluster-config config.json {{no.such.param}}']],
        ['engineering-prod-guestbook', ['https://2.4.6.8', 'prod cluster-config config.json {{no.such.param}}']],
      ],
    );
  });
});
