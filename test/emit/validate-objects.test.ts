import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { isKnownKind, loadSchemas, type ObjectSchemaError, validateObjectSchema } from '../../generator/emit/validate-objects.ts';

before(() => loadSchemas());

type Obj = Record<string, any>;

function deployment(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'matomo', labels: { 'app.kubernetes.io/name': 'matomo' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'matomo:5.1.0',
              ports: [{ name: 'http', containerPort: 8080 }],
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
              readinessProbe: { httpGet: { path: '/', port: 'http' } },
            },
          ],
        },
      },
    },
  };
}

const messages = (errors: ObjectSchemaError[]) => errors.map((e) => e.message);

function assertFailsWith(obj: Obj, pattern: RegExp): void {
  const errors = validateObjectSchema(obj);
  assert.ok(
    errors.some((e) => pattern.test(e.message)),
    `expected an error matching ${pattern}, got ${JSON.stringify(messages(errors))}`,
  );
}

describe('core kinds', () => {
  test('a valid Deployment passes', () => {
    assert.deepEqual(validateObjectSchema(deployment()), []);
  });

  test('replicas: "two" fails naming spec.replicas', () => {
    const d = deployment();
    d.spec.replicas = 'two';
    assert.deepEqual(validateObjectSchema(d), [
      {
        ref: 'apps/v1 Deployment matomo/web',
        message: 'spec.replicas: must be integer (got "two")',
        path: ['spec', 'replicas'],
        text: 'must be integer (got "two")',
      },
    ]);
  });

  test('a container port of 70000 fails', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].ports[0].containerPort = 70000;
    assert.deepEqual(messages(validateObjectSchema(d)), [
      'spec.template.spec.containers[0].ports[0].containerPort: must be a port number between 1 and 65535 (got 70000)',
    ]);
  });

  test('missing required fields and bad enums are named by path', () => {
    const d = deployment();
    delete d.spec.selector;
    d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    assert.deepEqual(messages(validateObjectSchema(d)).sort(), [
      'spec.selector: is required',
      'spec.template.spec.containers[0].imagePullPolicy: must be one of "Always", "IfNotPresent", "Never" (got "Sometimes")',
    ]);
  });

  test('label keys with dots and slashes are bracketed in the path', () => {
    const d = deployment();
    d.metadata.labels['app.kubernetes.io/name'] = 3;
    assert.deepEqual(messages(validateObjectSchema(d)), ['metadata.labels["app.kubernetes.io/name"]: must be string (got 3)']);
  });

  test('the ref of a cluster-scoped object has no namespace', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'flotilla' }, rules: [{ verbs: 1 }] };
    assert.equal(validateObjectSchema(role)[0]?.ref, 'rbac.authorization.k8s.io/v1 ClusterRole flotilla');
  });
});

describe('unknown fields', () => {
  // validate() alone accepts these; the check in validate-objects.ts does not.
  test('a typo is reported', () => {
    const d = deployment();
    d.spec.replcias = 3;
    d.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    assert.deepEqual(messages(validateObjectSchema(d)).sort(), [
      'spec.replcias: unknown field (not in the schema)',
      'spec.template.spec.containers[0].imagePullPolicyy: unknown field (not in the schema)',
    ]);
  });

  test("a typo is reported both before and after the kind's shape is learned", () => {
    // ConfigMap is validated nowhere else in this file, so the first call
    // takes the traced path and the last one the learned-shape fast path.
    const configMap = (metadata: Obj) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { 'app.conf': 'x' } });
    const typo = () => configMap({ name: 'cfg', namespace: 'matomo', lables: { a: 'b' } });
    const expected = [
      {
        ref: 'v1 ConfigMap matomo/cfg',
        message: 'metadata.lables: unknown field (not in the schema)',
        path: ['metadata', 'lables'],
        text: 'unknown field (not in the schema)',
        atKey: true,
        hint: 'Did you mean "labels"?',
      },
    ];
    assert.deepEqual(validateObjectSchema(typo()), expected);
    assert.deepEqual(validateObjectSchema(configMap({ name: 'cfg', namespace: 'matomo', labels: { a: 'b' } })), []);
    assert.deepEqual(validateObjectSchema(typo()), expected);
  });

  test('a subtree first seen after the shape was learned is still checked', () => {
    validateObjectSchema(deployment());
    const d = deployment();
    d.spec.template.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpresions: [] }] } } };
    assert.deepEqual(messages(validateObjectSchema(d)), [
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpresions: unknown field (not in the schema)',
    ]);
  });

  test('maps and free-form fields (labels, Helm valuesObject) accept any key', () => {
    const app = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'matomo', namespace: 'argocd', labels: { anything: 'goes' } },
      spec: {
        project: 'fleet',
        destination: { server: 'https://kubernetes.default.svc', namespace: 'matomo' },
        source: {
          repoURL: 'https://charts.example.org',
          chart: 'matomo',
          targetRevision: '5.1.0',
          helm: { valuesObject: { whatever: { nested: [1, { x: 2 }] } } },
        },
      },
    };
    assert.deepEqual(validateObjectSchema(app), []);
  });

  test('fields the model generator stripped (description, x-kubernetes-*) are not reported', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.org' },
      spec: {
        group: 'example.org',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                description: 'A widget',
                properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
              },
            },
          },
        ],
      },
    };
    assert.deepEqual(validateObjectSchema(crd), []);
  });

  test('a file mode written in decimal (644 for 0644) is refused, with the octal spelling', () => {
    const d = deployment();
    d.spec.template.spec.volumes = [
      { name: 'a', configMap: { name: 'c', defaultMode: 644, items: [{ key: 'k', path: 'p', mode: 0o600 }] } },
      { name: 'b', secret: { secretName: 's', defaultMode: 0o644, items: [{ key: 'k', path: 'p', mode: 1000 }] } },
    ];
    d.spec.template.spec.containers[0].volumeMounts = [
      { name: 'a', mountPath: '/a' },
      { name: 'b', mountPath: '/b' },
    ];
    assert.deepEqual(messages(validateObjectSchema(d)), [
      'spec.template.spec.volumes[0].configMap.defaultMode: must be a file mode from 0 to 0777 (decimal 511), got 644; 644 is read as decimal: for the octal mode write 0o644 (= 420)',
      'spec.template.spec.volumes[1].secret.items[0].mode: must be a file mode from 0 to 0777 (decimal 511), got 1000',
    ]);
  });

  test('works on deeply frozen objects', () => {
    const freeze = (o: unknown): unknown => {
      if (o && typeof o === 'object') Object.values(Object.freeze(o)).forEach(freeze);
      return o;
    };
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    assert.deepEqual(messages(validateObjectSchema(freeze(d) as Obj)), [
      'spec.template.spec.containers[0].imagePullPolicyy: unknown field (not in the schema)',
    ]);
  });
});

test('an ApplicationSet with a matrix of two list generators passes', () => {
  const appSet = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'fleet', namespace: 'argocd' },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          matrix: {
            generators: [
              {
                list: {
                  elements: [
                    { cluster: 'prod', url: 'https://10.0.0.1' },
                    { cluster: 'staging', url: 'https://10.0.0.2' },
                  ],
                },
              },
              { list: { elements: [{ app: 'matomo' }, { app: 'wiki' }] } },
            ],
          },
        },
      ],
      template: {
        metadata: { name: '{{.app}}-{{.cluster}}' },
        spec: {
          project: 'fleet',
          source: { repoURL: 'https://git.example.org/fleet.git', targetRevision: 'main', path: 'overlays/{{.cluster}}/{{.app}}' },
          destination: { server: '{{.url}}', namespace: '{{.app}}' },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      },
    },
  };
  assert.deepEqual(validateObjectSchema(appSet), []);
});

/**
 * The ApplicationSet fields of the Argo CD release Flotilla evaluates (see
 * generator/appset/argocd-release.ts) validate; what that release's CRD
 * rejects (a wrong type, a value outside an enum, a field it does not have)
 * fails. Flotilla writes no templatePatch or ignoreApplicationDifferences, but
 * its schema check must not be what stands in the way of a fleet that does.
 */
describe('ApplicationSet fields of the named Argo CD release', () => {
  const appSet = (spec: Obj): Obj => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'fleet', namespace: 'argocd' },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements: [{ app: 'matomo', env: 'prod' }] } }],
      template: {
        metadata: { name: '{{.app}}', labels: { env: '{{.env}}' } },
        spec: {
          project: 'fleet',
          source: { repoURL: 'https://git.example.org/fleet.git', targetRevision: 'main', path: 'apps/{{.app}}' },
          destination: { server: 'https://kubernetes.default.svc', namespace: '{{.app}}' },
        },
      },
      ...spec,
    },
  });
  const rollingSync = {
    type: 'RollingSync',
    rollingSync: {
      steps: [
        { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] },
        { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }], maxUpdate: '25%' },
        { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev', 'prod'] }], maxUpdate: 0 },
      ],
    },
  };

  const valid: Array<[string, Obj]> = [
    ['strategy.rollingSync with percentage and integer maxUpdate', { strategy: rollingSync }],
    ['strategy.deletionOrder', { strategy: { ...rollingSync, deletionOrder: 'Reverse' } }],
    [
      'ignoreApplicationDifferences (jsonPointers, jqPathExpressions, name)',
      { ignoreApplicationDifferences: [{ jsonPointers: ['/spec/source/targetRevision'] }, { name: 'matomo', jqPathExpressions: ['.spec.syncPolicy'] }] },
    ],
    ['templatePatch (a string, rendered then applied as a patch)', { templatePatch: 'spec:\n  syncPolicy:\n    automated: {}\n' }],
    ['goTemplateOptions', { goTemplateOptions: ['missingkey=zero'] }],
    [
      'syncPolicy and preservedFields',
      { syncPolicy: { applicationsSync: 'create-update', preserveResourcesOnDeletion: true }, preservedFields: { labels: ['team'] } },
    ],
  ];
  for (const [name, spec] of valid) {
    test(`valid: ${name}`, () => assert.deepEqual(messages(validateObjectSchema(appSet(spec))), []));
  }

  const invalid: Array<[string, Obj, RegExp]> = [
    [
      'maxUpdate must be an integer or a string',
      { strategy: { type: 'RollingSync', rollingSync: { steps: [{ maxUpdate: true }] } } },
      /^spec\.strategy\.rollingSync\.steps\[0\]\.maxUpdate: /,
    ],
    [
      'rollingSync.steps must be a list',
      { strategy: { type: 'RollingSync', rollingSync: { steps: { env: 'dev' } } } },
      /^spec\.strategy\.rollingSync\.steps: must be array/,
    ],
    ['templatePatch must be a string', { templatePatch: { spec: { project: 'x' } } }, /^spec\.templatePatch: must be string/],
    ['goTemplateOptions must be a list', { goTemplateOptions: 'missingkey=error' }, /^spec\.goTemplateOptions: must be array/],
    [
      'applicationsSync is an enum',
      { syncPolicy: { applicationsSync: 'delete' } },
      /^spec\.syncPolicy\.applicationsSync: must be one of "create-only", "create-update", "create-delete", "sync"/,
    ],
    [
      'a misspelt ignoreApplicationDifferences field',
      { ignoreApplicationDifferences: [{ jsonPointer: ['/spec'] }] },
      /^spec\.ignoreApplicationDifferences\[0\]\.jsonPointer: unknown field/,
    ],
    [
      'a strategy field the release does not have',
      { strategy: { type: 'RollingUpdate', rollingUpdate: { steps: [] } } },
      /^spec\.strategy\.rollingUpdate: unknown field/,
    ],
  ];
  for (const [name, spec, error] of invalid) {
    test(`invalid: ${name}`, () => assertFailsWith(appSet(spec), error));
  }

  test('invalid: generators and template are required', () => {
    const o = appSet({});
    delete o.spec.generators;
    delete o.spec.template;
    assert.deepEqual(messages(validateObjectSchema(o)).sort(), ['spec.generators: is required', 'spec.template: is required']);
  });
});

// Each CRD kind: a valid object, how to break it, and the message expected.
const crdCases: Array<{ name: string; valid: Obj; breakIt: (o: Obj) => void; error: RegExp }> = [
  {
    name: 'Argo CD AppProject',
    valid: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'fleet', namespace: 'argocd' },
      spec: {
        description: 'All fleet apps',
        sourceRepos: ['https://git.example.org/*'],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: '*' }],
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        roles: [{ name: 'ci', policies: ['p, proj:fleet:ci, applications, sync, fleet/*, allow'] }],
      },
    },
    breakIt: (o) => delete o.spec.clusterResourceWhitelist[0].kind,
    error: /^spec\.clusterResourceWhitelist\[0\]\.kind: is required$/,
  },
  {
    name: 'cert-manager Certificate',
    valid: {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'web-tls', namespace: 'matomo' },
      spec: { secretName: 'web-tls', dnsNames: ['matomo.example.org'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } },
    },
    breakIt: (o) => delete o.spec.issuerRef,
    error: /^spec\.issuerRef: is required$/,
  },
  {
    name: 'Traefik IngressRoute',
    valid: {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      metadata: { name: 'web', namespace: 'matomo' },
      spec: {
        entryPoints: ['websecure'],
        routes: [{ kind: 'Rule', match: 'Host(`matomo.example.org`)', services: [{ name: 'web', port: 80 }] }],
        tls: { secretName: 'web-tls' },
      },
    },
    breakIt: (o) => delete o.spec.routes[0].match,
    error: /^spec\.routes\[0\]\.match: is required$/,
  },
  {
    name: 'ServiceMonitor',
    valid: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'web', namespace: 'matomo' },
      spec: { selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'http', interval: '30s' }] },
    },
    breakIt: (o) => delete o.spec.selector,
    error: /^spec\.selector: is required$/,
  },
  {
    name: 'PrometheusRule',
    valid: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'web', namespace: 'matomo' },
      spec: { groups: [{ name: 'web', rules: [{ alert: 'WebDown', expr: 'up == 0', for: '5m', labels: { severity: 'critical' } }] }] },
    },
    breakIt: (o) => delete o.spec.groups[0].rules[0].expr,
    error: /^spec\.groups\[0\]\.rules\[0\]\.expr: is required$/,
  },
  {
    name: 'ExternalSecret',
    valid: {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'db', namespace: 'matomo' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
        target: { name: 'db' },
        data: [{ secretKey: 'password', remoteRef: { key: 'matomo/db', property: 'password' } }],
      },
    },
    breakIt: (o) => delete o.spec.data[0].remoteRef,
    error: /^spec\.data\[0\]\.remoteRef: is required$/,
  },
  {
    name: 'SealedSecret',
    valid: {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'db', namespace: 'matomo' },
      spec: { encryptedData: { password: 'AgBy3i4OJSWK+PiTySYZZA9rO33HzxcpRaS' }, template: { type: 'Opaque', data: { url: 'x' } } },
    },
    breakIt: (o) => delete o.spec.encryptedData,
    error: /^spec\.encryptedData: is required$/,
  },
  {
    name: 'Gateway API HTTPRoute',
    valid: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web', namespace: 'matomo' },
      spec: {
        parentRefs: [{ name: 'public', namespace: 'gateway' }],
        hostnames: ['matomo.example.org'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }],
      },
    },
    breakIt: (o) => delete o.spec.parentRefs[0].name,
    error: /^spec\.parentRefs\[0\]\.name: is required$/,
  },
  {
    name: 'Gateway API GRPCRoute (v1)',
    valid: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GRPCRoute',
      metadata: { name: 'calls', namespace: 'voice' },
      spec: { parentRefs: [{ name: 'edge', namespace: 'gateway' }], hostnames: ['calls.example.org'], rules: [{ backendRefs: [{ name: 'api', port: 9090 }] }] },
    },
    breakIt: (o) => delete o.spec.rules[0].backendRefs[0].name,
    error: /^spec\.rules\[0\]\.backendRefs\[0\]\.name: is required$/,
  },
  {
    name: 'Gateway API TLSRoute (v1): hostnames are required',
    valid: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: { name: 'events', namespace: 'voice' },
      spec: {
        parentRefs: [{ name: 'edge', sectionName: 'tls' }],
        hostnames: ['events.example.org'],
        rules: [{ backendRefs: [{ name: 'broker', port: 8883 }] }],
      },
    },
    breakIt: (o) => delete o.spec.hostnames,
    error: /^spec\.hostnames: is required$/,
  },
  {
    name: 'Gateway API TCPRoute (v1alpha2)',
    valid: {
      apiVersion: 'gateway.networking.k8s.io/v1alpha2',
      kind: 'TCPRoute',
      metadata: { name: 'sip', namespace: 'voice' },
      spec: { parentRefs: [{ name: 'edge', sectionName: 'sip-tcp' }], rules: [{ backendRefs: [{ name: 'sip', port: 5061 }] }] },
    },
    breakIt: (o) => delete o.spec.rules,
    error: /^spec\.rules: is required$/,
  },
  {
    name: 'Gateway API UDPRoute (v1alpha2)',
    valid: {
      apiVersion: 'gateway.networking.k8s.io/v1alpha2',
      kind: 'UDPRoute',
      metadata: { name: 'rtp', namespace: 'voice' },
      spec: { parentRefs: [{ name: 'edge', sectionName: 'rtp' }], rules: [{ backendRefs: [{ name: 'media', port: 10000 }] }] },
    },
    breakIt: (o) => delete o.spec.rules[0].backendRefs,
    error: /^spec\.rules\[0\]\.backendRefs: is required$/,
  },
];

describe('cert-manager: current fields pass, unknown fields fail', () => {
  const clusterIssuer: Obj = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name: 'letsencrypt' },
    spec: {
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        privateKeySecretRef: { name: 'letsencrypt-account' },
        solvers: [{ http01: { ingress: { ingressClassName: 'traefik' } } }],
      },
    },
  };
  const certificate: Obj = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'web-tls', namespace: 'matomo' },
    spec: {
      secretName: 'web-tls',
      dnsNames: ['matomo.example.org'],
      issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      nameConstraints: { critical: true, permitted: { dnsDomains: ['example.org'] } },
      otherNames: [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'web@example.org' }],
      privateKey: { rotationPolicy: 'Always', algorithm: 'ECDSA', size: 256 },
    },
  };

  test('http01.ingress.ingressClassName (cert-manager 1.12) on a ClusterIssuer', () => assert.deepEqual(validateObjectSchema(clusterIssuer), []));
  test('Certificate nameConstraints and otherNames (cert-manager 1.14)', () => assert.deepEqual(validateObjectSchema(certificate), []));
  test('a misspelt Certificate field is reported', () => {
    const c = structuredClone(certificate);
    c.spec.dnsName = c.spec.dnsNames;
    assert.deepEqual(messages(validateObjectSchema(c)), ['spec.dnsName: unknown field (not in the schema)']);
  });
  test('a misspelt solver field is reported', () => {
    const i = structuredClone(clusterIssuer);
    i.spec.acme.solvers[0].http01.ingress.ingresClassName = 'traefik';
    assert.deepEqual(messages(validateObjectSchema(i)), ['spec.acme.solvers[0].http01.ingress.ingresClassName: unknown field (not in the schema)']);
  });
});

describe('SealedSecret', () => {
  test('spec.template.data is allowed, spec is required', () => {
    const sealed: Obj = {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'db', namespace: 'matomo' },
      spec: { encryptedData: { password: 'AgBy3i4OJSWK' }, template: { data: { url: 'postgres://db' } } },
    };
    assert.deepEqual(validateObjectSchema(sealed), []);
    delete sealed.spec;
    assert.deepEqual(messages(validateObjectSchema(sealed)), ['spec: is required']);
  });
});

describe('CRD kinds', () => {
  for (const { name, valid, breakIt, error } of crdCases) {
    test(`${name}: valid passes, missing required field fails`, () => {
      assert.deepEqual(validateObjectSchema(structuredClone(valid)), []);
      const broken = structuredClone(valid);
      breakIt(broken);
      assertFailsWith(broken, error);
    });
  }
});

describe('unknown kinds', () => {
  test('are reported as unknown to the schema set', () => {
    assert.deepEqual(validateObjectSchema({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'n' } }), [
      {
        ref: 'example.org/v1 Widget n/w',
        message: "example.org/v1 Widget is unknown to Flotilla's schema set, so it was not validated",
        path: [],
        text: "example.org/v1 Widget is unknown to Flotilla's schema set, so it was not validated",
      },
    ]);
  });

  test('isKnownKind tells known from unknown', () => {
    assert.equal(isKnownKind('apps/v1', 'Deployment'), true);
    assert.equal(isKnownKind('autoscaling/v2', 'HorizontalPodAutoscaler'), true);
    assert.equal(isKnownKind('traefik.io/v1alpha1', 'Middleware'), true);
    assert.equal(isKnownKind('traefik.containo.us/v1alpha1', 'IngressRoute'), false);
    assert.equal(isKnownKind('monitoring.coreos.com/v1', 'PodMonitor'), true);
    assert.equal(isKnownKind('apps/v1beta1', 'Deployment'), false);
    assert.equal(isKnownKind('example.org/v1', 'Widget'), false);
  });
});
