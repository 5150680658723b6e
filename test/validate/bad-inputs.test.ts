/**
 * The bad-input corpus: each case is the minimal
 * valid fleet with one thing broken (test/fixtures/bad/<case>/, or generated
 * content for inputs too large to commit). For each, `flotilla generate` must
 * print exactly these lines, exit 1 and write nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { BAD_FIXTURES, type FleetChanges, MINIMAL_FLEET, makeFleet, removeFleet, runGenerate, snapshotTree } from './fleet-fixture.ts';

interface BadCase {
  /** A folder under test/fixtures/bad/; generated cases have none. */
  fixture?: string;
  name?: string;
  changes?: FleetChanges | (() => FleetChanges);
  /** Every line printed before the summary, in order. */
  expect: string[];
}

const APP_HEAD = 'team: web\nnamespace: shop\n';
const MINIMAL_FLEET_YAML = readFileSync(path.join(MINIMAL_FLEET, 'fleet.yaml'), 'utf8');
const APP_BODY = 'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports:\n          http: 8080\n';

/** An app file: the minimal app's team and namespace, then this text. */
const appFile = (yaml: string): FleetChanges => ({ files: { 'apps/shop.yaml': `${APP_HEAD}${yaml}` } });

const CASES: BadCase[] = [
  // YAML hazards: refused before any schema sees the data
  {
    fixture: 'duplicate-key',
    expect: [
      'apps/shop.yaml:11:5 components.web.replicas: duplicate key "replicas"; every key may appear only once in a mapping Remove one of the two entries (other tools would silently keep the second).',
    ],
  },
  {
    fixture: 'alias-bomb',
    expect: [
      'apps/shop.yaml:4:8 b[0]: YAML aliases (*name) are not accepted (73 in this file) Write the value out: aliases hide what a reviewer sees and allow alias bombs.',
    ],
  },
  {
    fixture: 'custom-tag',
    expect: ['apps/shop.yaml:3:14 description: custom tag !!python/object:os.system is not accepted Remove the tag: config files hold plain YAML values only.'],
  },
  {
    fixture: 'yaml-directive',
    expect: [
      'apps/shop.yaml:1:1 %YAML directives are not accepted Remove the directive: Flotilla reads YAML 1.2 only, so YAML 1.1 rules cannot be switched on.',
    ],
  },
  {
    fixture: 'multi-document',
    expect: ['apps/shop.yaml:10:1 found a second YAML document; expected exactly one Put each app or cluster in its own file and remove the `---` separator.'],
  },
  {
    fixture: 'syntax-error',
    expect: ['apps/shop.yaml:3:14 Nested mappings are not allowed in compact mappings A value containing ": " must be quoted, e.g. description: "a: b".'],
  },
  {
    fixture: 'yaml11-boolean',
    expect: [
      'apps/shop.yaml:5:13 components.web.spread: `no` is ambiguous: YAML 1.1 tools read it as a boolean, YAML 1.2 as a string Write true/false for a boolean, or quote it ("no") for a string.',
    ],
  },
  {
    fixture: 'env-value-on',
    expect: [
      'apps/shop.yaml:11:27 components.web.containers.web.env.FEATURE_SEARCH: `on` is ambiguous: YAML 1.1 tools read it as a boolean, YAML 1.2 as a string Write true/false for a boolean, or quote it ("on") for a string.',
    ],
  },
  {
    fixture: 'octal-mode',
    expect: [
      'apps/shop.yaml:11:18 components.web.containers.web.env.UMASK: `0755` is ambiguous: YAML 1.1 reads a leading zero as octal, YAML 1.2 as decimal Quote it ("0755") for a string, write 0o755 for octal, or drop the leading zero.',
    ],
  },
  {
    fixture: 'chart-version-number',
    expect: [
      'apps/shop.yaml:14:14 charts.redis.version: expected a chart version string such as "12.1.0", found the number 1.10 Quote it ("1.10"): unquoted, YAML reads it as the number 1.1.',
    ],
  },
  // Empty input is an error, never "zero apps"
  {
    fixture: 'empty-file',
    expect: [
      'apps/shop.yaml:1:1 file is empty (or only comments); expected a mapping Add the config, or delete the file: an empty file is never read as "no apps".',
    ],
  },
  {
    fixture: 'comments-only',
    expect: [
      'clusters/dev-1.yaml:1:1 file is empty (or only comments); expected a mapping Add the config, or delete the file: an empty file is never read as "no apps".',
    ],
  },
  {
    fixture: 'empty-apps-folder',
    changes: { remove: ['apps/shop.yaml'] },
    expect: [
      'apps/:1:1 no app files found in apps/ Add apps/<name>.yaml. An empty folder is an error, never "no apps", so a failed checkout cannot delete anything.',
    ],
  },
  { fixture: 'top-level-list', expect: ['clusters/dev-1.yaml:1:1 expected a mapping of keys to values at the top of the file, found a list'] },
  // Schema: unknown fields, types, ranges, required fields, one-of choices
  { fixture: 'unknown-field', expect: ['apps/shop.yaml:5:5 components.web.replcias: unknown field "replcias" Did you mean "replicas"?'] },
  {
    fixture: 'env-reference-typo',
    expect: ['apps/shop.yaml:11:32 components.web.containers.web.env.DATABASE_PASSWORD.secrt: unknown field "secrt" Did you mean "secret"?'],
  },
  {
    fixture: 'environment-override-error',
    expect: ['apps/shop.yaml:14:9 environments.prod.components.web.replcias: unknown field "replcias" Did you mean "replicas"?'],
  },
  { fixture: 'cluster-override-error', expect: ['clusters/prod-1.yaml:8:19 apps.shop.components.web.replicas: expected at least 0, found the number -1'] },
  { fixture: 'wrong-type', expect: ['apps/shop.yaml:5:15 components.web.replicas: expected a number, found the string "two"'] },
  {
    fixture: 'empty-value',
    expect: ['apps/shop.yaml:5:14 components.web.replicas: expected a number, found an empty value Write a value after the colon, or remove the key.'],
  },
  {
    fixture: 'unknown-kind',
    expect: [
      'apps/shop.yaml:5:11 components.web.kind: expected one of "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", found the string "Deploymnet" Did you mean "Deployment"?',
    ],
  },
  {
    fixture: 'missing-required-field',
    expect: ['apps/shop.yaml:1:1 namespace: required field is missing; expected a string Add namespace: at the top level.'],
  },
  {
    fixture: 'port-string',
    expect: [
      'apps/shop.yaml:9:17 components.web.containers.web.ports.http: expected a port number from 1 to 65535, found the string "8080" Remove the quotes: 8080.',
    ],
  },
  { fixture: 'port-zero', expect: ['apps/shop.yaml:9:17 components.web.containers.web.ports.http: expected a port from 1 to 65535, found the number 0'] },
  {
    fixture: 'port-too-large',
    expect: ['apps/shop.yaml:9:17 components.web.containers.web.ports.http: expected a port from 1 to 65535, found the number 70000'],
  },
  {
    fixture: 'probe-two-kinds',
    expect: [
      'apps/shop.yaml:13:13 components.web.containers.web.probes.readiness.tcp: expected exactly one of http, tcp, exec or grpc, found http and tcp Keep http and remove tcp, or the other way round.',
    ],
  },
  {
    fixture: 'secret-without-source',
    expect: [
      'apps/shop.yaml:12:5 secrets.shop-db: expected exactly one of externalSecret, sealed or existing (secret values never go to Git), found none of them Add one of: externalSecret, sealed, existing.',
    ],
  },
  {
    fixture: 'security-reason-too-short',
    expect: [
      'apps/shop.yaml:11:22 components.web.containers.web.securityOptOut.runAsRoot: expected a reason of at least 12 characters explaining why this is needed, found the string "needed"',
    ],
  },
  {
    fixture: 'route-path-relative',
    expect: ['apps/shop.yaml:14:7 routes.shop.paths.api: expected a path starting with "/", found the key "api" Write "/api".'],
  },
  // Names: DNS-1123, path-safe, unique
  {
    fixture: 'file-name-not-dns',
    expect: [
      'apps/My_App.yaml:1:1 file name "My_App" is not a valid app name: expected lower-case letters, digits and "-", at most 63 characters (the name is used in paths and Kubernetes names) Rename the file, e.g. to apps/my-app.yaml.',
    ],
  },
  {
    fixture: 'file-name-too-long',
    expect: [
      'apps/a-very-long-application-name-that-goes-on-and-on-past-sixty-three-chars.yaml:1:1 file name "a-very-long-application-name-that-goes-on-and-on-past-sixty-three-chars" is not a valid app name: expected lower-case letters, digits and "-", at most 63 characters (the name is used in paths and Kubernetes names) Rename the file, e.g. to apps/a-very-long-application-name-that-goes-on-and-on-past-sixty-thr.yaml.',
    ],
  },
  {
    fixture: 'name-too-long',
    expect: [
      'apps/shop.yaml:2:12 namespace: expected at most 63 characters (a DNS-1123 label), found 69 characters (the string "shop-namespace-with-a-name-that-is-much-longer-than-sixty...") Rename it, e.g. "shop-namespace-with-a-name-that-is-much-longer-than-sixty-three".',
    ],
  },
  {
    fixture: 'name-with-slash',
    expect: [
      'apps/shop.yaml:11:3 configMaps["../../etc"]: expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, found the key "../../etc" Rename it, e.g. "etc".',
    ],
  },
  {
    fixture: 'name-with-dotdot',
    expect: [
      'apps/shop.yaml:2:12 namespace: expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, found the string ".."',
    ],
  },
  {
    fixture: 'name-with-nul',
    expect: [
      'apps/shop.yaml:2:12 namespace: expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, found the string "shop\\u0000evil" Rename it, e.g. "shop-evil".',
    ],
  },
  {
    fixture: 'raw-name-with-slash',
    expect: [
      'apps/shop.yaml:14:13 resources[0].metadata.name: expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, found the string "../shop-web" Rename it, e.g. "shop-web".',
    ],
  },
  { fixture: 'empty-generated-name', expect: ['apps/shop.yaml:11:13 components.web.service.name: expected a non-empty name, found the string ""'] },
  {
    fixture: 'same-application-name',
    expect: [
      'clusters/1.yaml:1:14 environment: Argo CD Application name "shop-dev-1" is produced twice: by app shop on cluster dev-1 (clusters/dev-1.yaml:1:14) and by app shop-dev on cluster 1 (clusters/1.yaml:1:14) Rename one app or cluster.',
    ],
  },
  {
    fixture: 'schema-and-reference-errors-same-file',
    expect: [
      'apps/shop.yaml:5:5 components.web.replcias: unknown field "replcias" Did you mean "replicas"?',
      'apps/shop.yaml:6:36 components.web.terminationGracePeriodSeconds: expected at least 0, found the number -5',
      'apps/shop.yaml:13:34 components.web.containers.web.env.DB_PASSWORD.secret: secret "shop-db" does not exist No secret is declared in this app.',
      'apps/shop.yaml:17:17 routes.web.paths["/"]: component "wbe" does not exist Did you mean "web"?',
    ],
  },
  {
    fixture: 'chart-collides-with-app',
    expect: [
      'apps/shop.yaml:11:3 charts.cache: Argo CD Application names of chart cache of app shop collide with those of app shop-cache (apps/shop-cache.yaml): both are "shop-cache-<cluster>" Rename one app or chart.',
    ],
  },
  {
    fixture: 'chart-named-like-app',
    expect: [
      'apps/shop.yaml:11:3 charts.shop: Argo CD Application names of chart shop of app shop are the app\'s own ("shop-<cluster>"): a chart named like its app collides with it Rename the chart.',
    ],
  },
  {
    fixture: 'team-named-like-chart-set',
    expect: [
      'fleet.yaml:19:3 teams.web-charts: team "web-charts" has the name of team web\'s chart ApplicationSet (web is declared at fleet.yaml:17:3; app shop has charts): both would be argocd/applicationsets/web-charts.yaml Rename team web-charts.',
      'fleet.yaml:20:5 warning: teams.web-charts: team "web-charts" owns no app; its AppProject is still generated',
    ],
  },
  // Placement: environments, clusters, teams, namespaces, overrides
  { fixture: 'cluster-unknown-environment', expect: ['clusters/prod-1.yaml:1:14 environment: unknown environment "prdo" Did you mean "prod"?'] },
  { fixture: 'override-unknown-app', expect: ['clusters/prod-1.yaml:5:3 apps.shpo: override for unknown app "shpo" Did you mean "shop"?'] },
  { fixture: 'override-unknown-cluster', expect: ['apps/shop.yaml:11:3 clusters.prod-2: override for unknown cluster "prod-2" Did you mean "prod-1"?'] },
  {
    fixture: 'override-removes-nothing',
    expect: ['apps/shop.yaml:18:7 environments.dev.routes.admn: admn: null removes nothing: routes has no "admn" Did you mean "admin"?'],
  },
  {
    fixture: 'override-unknown-environment',
    expect: ['apps/shop.yaml:11:3 environments.production: override for unknown environment "production" Did you mean "prod"?'],
  },
  {
    fixture: 'unknown-team',
    expect: [
      'apps/shop.yaml:1:7 team: unknown team "wbe" Did you mean "web"?',
      'fleet.yaml:19:5 warning: teams.web: team "web" owns no app; its AppProject is still generated',
    ],
  },
  {
    fixture: 'namespace-two-teams',
    expect: [
      'apps/shop.yaml:2:12 namespace: namespace "shop" is already claimed by team "search" (app search) Each namespace belongs to one team, so AppProjects can confine teams; choose another namespace.',
    ],
  },
  // Argo CD must track resources by annotation
  {
    name: 'label resource tracking',
    changes: { files: { 'fleet.yaml': `${MINIMAL_FLEET_YAML}argocd:\n  resourceTracking: label\n` } },
    expect: [
      "fleet.yaml:21:21 argocd.resourceTracking: Flotilla needs annotation-based resource tracking: with label tracking Argo CD overwrites app.kubernetes.io/instance, by which the network policy of each chart selects the chart's pods Set application.resourceTrackingMethod: annotation in the argocd-cm ConfigMap (the default since Argo CD 3.0), and argocd.resourceTracking: annotation here.",
    ],
  },
  {
    name: 'an Argo CD release that tracks by label',
    changes: { files: { 'fleet.yaml': `${MINIMAL_FLEET_YAML}argocd:\n  version: "2.14"\n` } },
    expect: [
      'fleet.yaml:21:12 argocd.version: Argo CD 2.14 tracks resources by label unless configured otherwise; Flotilla needs annotation-based tracking (the default since 3.0) Upgrade to Argo CD 3.0 or later, or set application.resourceTrackingMethod: annotation in the argocd-cm ConfigMap and declare argocd.resourceTracking: annotation here.',
    ],
  },
  {
    name: 'an Argo CD version that is no release',
    changes: { files: { 'fleet.yaml': `${MINIMAL_FLEET_YAML}argocd:\n  version: latest\n` } },
    expect: ['fleet.yaml:21:12 argocd.version: expected an Argo CD release such as 3.5 or v3.5.1, found the string "latest"'],
  },
  // Namespaces are created by the platform project only: no team creates, adopts or relabels one
  {
    name: 'Namespace declared as a cluster-scoped kind',
    changes: { files: { 'apps/shop.yaml': `${APP_HEAD}clusterScoped:\n  - { group: "", kind: Namespace }\n${APP_BODY}` } },
    expect: [
      "apps/shop.yaml:4:5 clusterScoped[0]: a team may not create namespaces: Namespace is never allowed in a team AppProject Flotilla creates the app's namespace and its charts' (from the platform project); put the objects in one of those, or give a chart its own namespace.",
    ],
  },
  {
    name: 'Namespace among raw resources',
    changes: {
      files: { 'apps/shop.yaml': `${APP_HEAD}${APP_BODY}resources:\n  - apiVersion: v1\n    kind: Namespace\n    metadata:\n      name: shop-extra\n` },
    },
    expect: [
      "apps/shop.yaml:12:11 resources[0].kind: a team may not create namespaces: Namespace is never allowed in a team AppProject Flotilla creates the app's namespace and its charts' (from the platform project); put the objects in one of those, or give a chart its own namespace.",
    ],
  },
  {
    name: 'app in a kube-* namespace',
    changes: { files: { 'apps/shop.yaml': `team: web\nnamespace: kube-system\n${APP_BODY}` } },
    expect: [
      'apps/shop.yaml:2:12 namespace: namespace "kube-system" is reserved for Kubernetes (kube-*) Flotilla creates and labels the namespaces of apps (Pod Security, team); choose a namespace of your own.',
    ],
  },
  {
    name: "app in Argo CD's namespace",
    changes: { files: { 'apps/shop.yaml': `team: web\nnamespace: argocd\n${APP_BODY}` } },
    expect: [
      'apps/shop.yaml:2:12 namespace: namespace "argocd" is where Argo CD runs (fleet.yaml argocd.namespace) Flotilla creates and labels the namespaces of apps (Pod Security, team); choose a namespace of your own.',
    ],
  },
  {
    name: "app named like Flotilla's own Applications",
    changes: { files: { 'apps/flotilla-tools.yaml': `team: web\nnamespace: tools\n${APP_BODY}` } },
    expect: [
      'apps/flotilla-tools.yaml:1:1 app names starting with "flotilla-" are Flotilla\'s own (its Applications flotilla-root and flotilla-namespaces-<cluster>) Rename the app.',
    ],
  },
  {
    fixture: 'capacity-exceeded',
    expect: [
      'apps/shop.yaml:5:15 components.web.replicas: asks for 3 replicas on cluster dev-1, whose capacity.maxReplicas is 2 Lower it there (an override under apps.shop in the cluster file), or raise capacity.maxReplicas.',
    ],
  },
  {
    fixture: 'production-issuer-outside-prod',
    expect: [
      'fleet.yaml:11:13 environments[0].issuer: environment "dev" is not production but uses the production issuer "letsencrypt-prod" Use a staging issuer (e.g. letsencrypt-staging) so test environments never hit Let\'s Encrypt rate limits, or mark the environment production: true.',
    ],
  },
  // References, with the nearest name suggested
  { fixture: 'missing-component', expect: ['apps/shop.yaml:14:10 routes.shop.paths["/"]: component "wbe" does not exist Did you mean "web"?'] },
  {
    fixture: 'missing-port',
    expect: ['apps/shop.yaml:11:54 components.web.containers.web.probes.readiness.http.port: port "htp" does not exist in container web Did you mean "http"?'],
  },
  {
    fixture: 'missing-configmap',
    expect: ['apps/shop.yaml:13:28 components.web.volumes.config.configMap: ConfigMap "nginx-conf" does not exist Did you mean "nginx-config"?'],
  },
  {
    fixture: 'missing-secret',
    expect: ['apps/shop.yaml:11:40 components.web.containers.web.env.DATABASE_PASSWORD.secret: secret "shop-database" does not exist Declared: shop-db.'],
  },
  {
    fixture: 'missing-pvc',
    expect: ['apps/shop.yaml:13:21 components.web.volumes.media.pvc: PVC "synapse-media" does not exist Did you mean "synapse-media-repository"?'],
  },
  { fixture: 'missing-app', expect: ['apps/shop.yaml:11:16 components.web.talksTo[0].app: app "shpo" does not exist Did you mean "shop"?'] },
  {
    fixture: 'missing-service-account',
    expect: ['apps/shop.yaml:5:21 components.web.serviceAccount: service account "shop-web" does not exist Did you mean "shop"?'],
  },
  {
    fixture: 'missing-claim-template',
    expect: ['apps/shop.yaml:14:13 components.db.volumes.data: claim template "data" does not exist Did you mean "pgdata"?'],
  },
  {
    fixture: 'cronjob-without-schedule',
    expect: ['apps/shop.yaml:11:11 components.report.kind: a CronJob needs a schedule Add schedule: "*/5 * * * *" (cron syntax).'],
  },
  {
    fixture: 'claim-templates-on-deployment',
    expect: [
      'apps/shop.yaml:14:5 components.web.claimTemplates: claimTemplates applies only to kind StatefulSet, not Deployment Use pvcs: for a shared claim, or set kind: StatefulSet.',
    ],
  },
  // Secrets never reach Git
  {
    fixture: 'plaintext-secret-env',
    expect: [
      'apps/shop.yaml:11:30 components.web.containers.web.env.DATABASE_PASSWORD: DATABASE_PASSWORD looks like a secret, but its value is written in plain text (it would be committed to Git) Declare the secret under secrets: (externalSecret, sealed or existing) and write { secret: <name>, key: <key> }.',
    ],
  },
  {
    fixture: 'placeholder-value',
    expect: [
      'apps/shop.yaml:11:22 components.web.containers.web.env.SMTP_HOST: placeholder "CHANGEME" where a value is expected Reference a secret instead: { secret: <name>, key: <key> } with the secret declared as externalSecret, sealed or existing.',
    ],
  },
  {
    fixture: 'plain-secret-resource',
    expect: [
      'apps/shop.yaml:12:11 resources[0].kind: a plain Secret would put its values in Git Declare it under secrets: as externalSecret (External Secrets Operator), sealed (SealedSecret) or existing.',
    ],
  },
  {
    fixture: 'chart-values-password',
    expect: [
      'apps/shop.yaml:18:19 charts.postgresql.values.auth.password: "password" holds a secret value in plain text Use the chart\'s existingSecret option with a secret declared under secrets:.',
    ],
  },
  // Nothing outside the repository or the namespace
  {
    fixture: 'config-file-escapes',
    expect: [
      'apps/shop.yaml:13:23 configMaps.nginx.data.passwd.file: expected a relative path inside apps/ (no "..", not absolute), found the string "../../etc/passwd"',
    ],
  },
  {
    fixture: 'config-file-symlink-escapes',
    changes: { symlinks: { 'apps/shop/passwd': '/etc/passwd' } },
    expect: [
      'apps/shop.yaml:13:23 configMaps.nginx.data.passwd.file: apps/shop/passwd is a link to a file outside apps/ Copy the file into apps/ instead of linking to it.',
    ],
  },
  {
    fixture: 'config-file-missing',
    expect: [
      'apps/shop.yaml:13:29 configMaps.nginx.data["default.conf"].file: apps/shop/default.conf not found The path is relative to apps/; create the file or correct the path.',
    ],
  },
  {
    fixture: 'cluster-scoped-undeclared',
    expect: [
      'apps/shop.yaml:12:11 resources[0].kind: ClusterRole is cluster-scoped and not declared under clusterScoped Add { group: "rbac.authorization.k8s.io", kind: ClusterRole } to clusterScoped in apps/shop.yaml (its team\'s AppProject then allows it), or use a namespaced kind.',
    ],
  },
  // No wildcard or chosen project can widen what a team may deploy (RELIABILITY: project default, sourceRepos '*', destination '*')
  {
    fixture: 'project-field',
    expect: [
      'apps/shop.yaml:3:1 project: unknown field "project" Flotilla puts each app in its team\'s AppProject (from team:); an app cannot choose a project such as "default".',
    ],
  },
  {
    fixture: 'team-source-repos-wildcard',
    expect: [
      'fleet.yaml:19:18 teams.web.chartRepos[0]: expected an exact chart repository, without wildcards (Argo CD would read them as a pattern matching any repository), found the string "*"',
    ],
  },
  {
    fixture: 'chart-repo-wildcard',
    expect: [
      'apps/shop.yaml:12:11 charts.redis.repo: expected an exact URL such as https://charts.example.com or oci://registry.example.com/charts, without wildcards (Argo CD would read them as a pattern matching any repository or cluster), found the string "https://*"',
    ],
  },
  {
    fixture: 'cluster-server-wildcard',
    expect: [
      'clusters/prod-1.yaml:2:9 server: expected an exact URL such as https://kubernetes.default.svc, without wildcards (Argo CD would read them as a pattern matching any repository or cluster), found the string "https://*"',
    ],
  },
  // Reporting: every error of a run, sorted, each once
  {
    fixture: 'several-errors',
    expect: [
      'apps/shop.yaml:5:5 components.web.replcias: unknown field "replcias" Did you mean "replicas"?',
      'apps/shop.yaml:10:17 components.web.containers.web.ports.http: expected a port from 1 to 65535, found the number 70000',
      'clusters/dev-1.yaml:2:9 server: expected a URL such as https://kubernetes.default.svc, found the string "http://dev-1.k8s.example.com"',
    ],
  },
  // Checked on the rendered objects: an HTTPRoute needs a Gateway from the platform settings.
  {
    fixture: 'httproute-without-gateway',
    expect: [
      'apps/shop.yaml:12:5 routes.web: HTTPRoute shop/shop-web: has no parent Gateway, so no traffic reaches it Set gateway: { name, namespace } on the environment in fleet.yaml, or under settings: in the cluster file.',
    ],
  },
  // A schema error in one file does not hide rule errors in the others.
  {
    fixture: 'schema-and-rule-errors',
    expect: [
      'apps/cart.yaml:9:17 components.cart.containers.cart.mounts.data: volume "data" does not exist No volume is declared in this app.',
      'apps/shop.yaml:9:17 components.web.containers.web.ports.http: expected a port number from 1 to 65535, found the string "8080" Remove the quotes: 8080.',
      'clusters/dev-1.yaml:1:14 environment: unknown environment "dve" Did you mean "dev"?',
    ],
  },
  {
    fixture: 'base-error-once',
    expect: ['apps/shop.yaml:11:18 components.web.containers.web.mounts.cache: volume "cache" does not exist No volume is declared in this app.'],
  },
  // Would break at runtime, or lose data: caught before anything is written
  {
    fixture: 'talks-to-self',
    expect: [
      'apps/shop.yaml:11:11 components.web.talksTo[0].app: talksTo names this app itself without a component, which would allow nothing Name the components it talks to: web (or { component: web }).',
    ],
  },
  {
    fixture: 'component-in-other-app',
    expect: [
      'apps/shop.yaml:11:34 components.web.containers.web.env.REDIS_HOST.service: component "redis" does not exist in this app; app cache has one For another app\'s component, name the app: { service: redis, app: cache }.',
    ],
  },
  {
    fixture: 'other-app-component-suggestion',
    expect: [
      'apps/shop.yaml:11:33 components.web.containers.web.env.MEDIA_URL.service: component "media" does not exist in app synapse Did you mean "media-repository"?',
    ],
  },
  {
    fixture: 'route-port-missing',
    expect: [
      'apps/shop.yaml:14:34 routes.shop.paths["/"].port: Service port 9090 does not exist on component web Its Service has http (8080); name one of them.',
    ],
  },
  {
    fixture: 'base-port-from-override',
    expect: [
      'apps/shop.yaml:11:42 components.web.containers.web.env.API_URL.port: Service port "http" does not exist on component api No Service port is declared on component api.',
    ],
  },
  {
    fixture: 'base-route-from-override',
    expect: [
      'apps/shop.yaml:12:10 routes.shop.paths["/"]: component "web" has no Service to route to Give its containers a named port, or remove service: false.',
    ],
  },
  {
    fixture: 'override-unknown-container',
    expect: [
      'apps/shop.yaml:15:11 environments.prod.components.web.containers.wbe: container "wbe" does not exist in the app, so this override would add a new, incomplete one Did you mean "web"? To add a container in this override, write it whole with $new: true.',
    ],
  },
  {
    fixture: 'override-unknown-component',
    expect: [
      'clusters/prod-1.yaml:7:7 apps.shop.components.website: component "website" does not exist in the app, so this override would add a new, incomplete one Did you mean "web"? To add a component in this override, write it whole with $new: true.',
    ],
  },
  {
    fixture: 'override-new-incomplete',
    expect: [
      'apps/shop.yaml:14:9 environments.dev.components.debug.containers: required field is missing; expected a mapping Add containers: under components.debug.',
    ],
  },
  {
    fixture: 'override-new-exists',
    expect: [
      'apps/shop.yaml:14:9 environments.dev.components.web["$new"]: component "web" already exists; $new: true marks only an entry this override adds Remove $new: true to change the existing component.',
    ],
  },
  {
    fixture: 'placeholders-embedded',
    expect: [
      'apps/shop.yaml:10:28 components.web.containers.web.args[1]: placeholder "TODO" in "https://TODO.example.com" Write the real value before deploying.',
      'apps/shop.yaml:12:20 components.web.containers.web.env.API_URL: placeholder "CHANGEME" in "http://CHANGEME:8080/api" Write the real value; for a Service of the fleet, { service: <component>, app: <app> } builds the host.',
      'apps/shop.yaml:17:17 configMaps.site.data["app.conf"]: placeholder "replace-me" on line 3 of apps/shop/app.conf Put real configuration here; secret values belong in secrets:.',
      'apps/shop.yaml:23:26 secrets.shop-db.externalSecret.data.password.key: placeholder "xxx" in "shop/xxx" Write the key the secret has in your secret store.',
      'apps/shop.yaml:33:42 resources[0].spec.bootstrap.initdb.owner: placeholder "<your-user>" where a value is expected Write the real value; a secret belongs in a Secret the object references.',
    ],
  },
  {
    fixture: 'configmap-secret-key',
    expect: [
      'apps/shop.yaml:16:22 configMaps.settings.data.SMTP_PASSWORD: SMTP_PASSWORD looks like a secret, but ConfigMap values are stored and shown in plain text (and committed to Git) Declare it under secrets: (externalSecret, sealed or existing) and read it with { secret: <name>, key: <key> }.',
    ],
  },
  {
    fixture: 'metrics-without-service',
    expect: [
      'apps/shop.yaml:12:5 components.web.metrics: metrics needs a Service to scrape, but component web has service: false Remove service: false, or remove metrics.',
    ],
  },
  {
    fixture: 'metrics-port-not-on-service',
    expect: [
      'apps/shop.yaml:14:22 components.web.metrics.port: the ServiceMonitor scrapes Service ports, and the Service of component web has no port "metrics" (it has http) Add metrics under service.ports.',
    ],
  },
  {
    fixture: 'service-protocol-mismatch',
    expect: [
      'apps/shop.yaml:12:53 components.dns.service.ports.dns.protocol: Service port dns is UDP, but it forwards to container port dns of container dns, which is TCP Use the same protocol on both sides (protocol: TCP), or point targetPort at a UDP port.',
    ],
  },
  {
    fixture: 'pod-security-shared-namespace',
    expect: [
      'apps/legacy.yaml:11:22 warning: components.legacy.containers.legacy.securityOptOut.runAsRoot: security opt-out runAsRoot (The stock httpd image binds port 80 as root before dropping privileges.)',
      'apps/shop.yaml:2:12 namespace: namespace "shop" is shared with app legacy, which gets Pod Security level baseline; this app gets restricted, and both Applications would set the namespace label Give one of the apps its own namespace: a namespace has one Pod Security level.',
    ],
  },
  {
    fixture: 'pdb-unsatisfiable',
    expect: [
      'apps/shop.yaml:12:21 components.web.disruptionBudget.minAvailable: with 1 replica in environment dev, minAvailable 2 lets no pod be evicted, so every node drain blocks Run at least 2 replicas there, or set disruptionBudget: false for environment dev.',
    ],
  },
  {
    fixture: 'rwo-claim-replicas',
    expect: [
      'apps/shop.yaml:15:23 components.web.volumes.uploads.pvc: PVC uploads is ReadWriteOnce, but component web autoscales above one replica in environments dev, prod: only pods on one node can mount it, so the others never start Use accessMode: ReadWriteMany (with a storage class that supports it), run one replica, or make it a StatefulSet with claimTemplates (a claim per pod).',
    ],
  },
  {
    fixture: 'names-over-limits',
    expect: [
      'apps/customer-relationship-management-portal.yaml:5:5 components.notification-dispatcher-worker: Service name "customer-relationship-management-portal-notification-dispatcher-worker" is 70 characters, more than 63: a Service name is a DNS-1035 label (at most 63 characters, starting with a letter) Shorten the app or component name, or set service.name.',
      'apps/customer-relationship-management-portal.yaml:11:5 components.search-index-replica-set: StatefulSet name "customer-relationship-management-portal-search-index-replica-set" is 64 characters, more than 52: its pods carry the label controller-revision-hash: <name>-<10 characters>, and a label value holds at most 63 characters Shorten the app or component name.',
      'apps/customer-relationship-management-portal.yaml:18:5 charts.postgresql-high-availability: Helm release name "customer-relationship-management-portal-postgresql-high-availability" is 68 characters; Helm allows at most 53 Shorten the app or chart name (the release is <app>-<chart>, or just the chart name when it equals the app name).',
    ],
  },
  {
    fixture: 'same-object-two-apps',
    expect: [
      "apps/shop.yaml:15:14 pvcs.shop-data: app shop generates PersistentVolumeClaim shop/shop-data, which app reports also generates in environments dev, prod: their Argo CD Applications would overwrite each other's object Rename it in one of the apps, or move one app to its own namespace.",
    ],
  },
  {
    fixture: 'service-host-without-edge',
    expect: [
      'apps/shop.yaml:11:24 components.web.containers.web.env.BILLING_URL: env BILLING_URL reaches the Service billing-api (app billing, component api), but component web has no network edge to it in environments dev, prod: the default-deny policy blocks the connection Add { app: billing, component: api } to talksTo of web, or write the value as { service: api, app: billing } (which opens the path itself).',
      'apps/shop.yaml:12:24 warning: components.web.containers.web.env.S3_ENDPOINT: env S3_ENDPOINT names the Service billing-minio by its short name, which resolves only inside its own namespace (billing), not from namespace shop Write billing-minio.billing.svc.cluster.local, or use { service: <component>, app: <app> }.',
    ],
  },
  {
    fixture: 'service-host-in-config-file',
    expect: [
      'apps/shop.yaml:23:21 configMaps.nginx.data["default.conf"]: ConfigMap nginx reaches the Service shop-api (component api), but component web has no network edge to it in environments dev, prod: the default-deny policy blocks the connection Add api to talksTo of web.',
    ],
  },
  {
    fixture: 'capacity-several-clusters',
    expect: [
      'apps/shop.yaml:5:15 components.web.replicas: asks for 3 replicas on clusters dev-1, prod-1, whose capacity.maxReplicas is 2 Lower it there (an override under apps.shop in the cluster file), or raise capacity.maxReplicas.',
      'apps/shop.yaml:12:33 components.api.autoscaling.max: asks for 10 replicas on clusters dev-1, prod-1, whose capacity.maxReplicas is 2 Lower it there (an override under apps.shop in the cluster file), or raise capacity.maxReplicas.',
    ],
  },
  // Fleet-wide external services, ExternalName Services, Gateway API route kinds, pod-level resources, container order
  {
    fixture: 'fleet-external-typo',
    expect: ['apps/shop.yaml:10:27 components.web.talksTo[0].external: external service "smpt" does not exist Did you mean "smtp"?'],
  },
  {
    fixture: 'fleet-external-port-number',
    expect: [
      'apps/shop.yaml:10:39 components.web.talksTo[0].port: port 25 is not a port of external service smtp, which declares submission (587) Name one of its ports, or declare 25 under its ports.',
    ],
  },
  {
    fixture: 'fleet-external-pods-on-host',
    expect: [
      'fleet.yaml:23:5 externalServices.smtp.pods: pods applies to a Service in the cluster, and host smtp.mailrelay.example.com is a name outside it Remove it; cidr narrows the egress to its addresses (or write the Service name alone as host).',
      'fleet.yaml:28:5 externalServices.ledger-db.cidr: cidr applies to a host outside the cluster, and ledger-rw is a Service name: egress goes to the pods behind it Remove cidr; pods narrows the egress to the pods behind the Service.',
    ],
  },
  {
    fixture: 'fleet-external-declared-twice',
    expect: [
      'apps/shop.yaml:12:3 externalServices.smtp: external service "smtp" is also declared in fleet.yaml (line 20); a name is declared once Remove it here: every app reaches the one in fleet.yaml (or give this one another name).',
    ],
  },
  {
    fixture: 'fleet-external-without-namespace',
    expect: ['fleet.yaml:21:5 externalServices.ledger-db: missing field "namespace": a Service name needs the namespace it lives in Add namespace: <name>.'],
  },
  {
    fixture: 'fleet-external-is-fleet-service',
    expect: [
      'fleet.yaml:21:11 externalServices.shop-web.host: Service shop/shop-web is generated by Flotilla (component web of app shop), so it is not an external service Reach it with talksTo: [{ app: shop, component: web }] or { service: web, app: shop }: the policies of both apps then let the traffic through.',
    ],
  },
  {
    fixture: 'fleet-external-component-ambiguous',
    expect: [
      'apps/shop.yaml:11:33 components.web.containers.web.env.MAIL_HOST.service: "smtp" is both a component of this app and an external service of the fleet, so { service: smtp } is ambiguous Rename the component, or the external service in fleet.yaml.',
    ],
  },
  {
    fixture: 'external-name-service-clash',
    expect: [
      'apps/shop.yaml:14:18 externalServices.legacy.serviceName: Service name "shop-web" is already the Service of component web Choose another serviceName.',
    ],
  },
  {
    fixture: 'external-name-to-address',
    expect: [
      'apps/shop.yaml:14:18 externalServices.legacy.serviceName: an ExternalName Service is a DNS alias (a CNAME), and host 10.20.0.5 is an address, not a name Remove serviceName and reach the address through the external service (its cidr), or give the host a DNS name.',
    ],
  },
  {
    fixture: 'udproute-tcp-port',
    expect: [
      'apps/shop.yaml:14:39 routes.media.backend.port: a UDPRoute carries UDP, but Service port turn-tcp of component turn is TCP Route to a UDP port: { component: turn, port: turn-udp }.',
    ],
  },
  {
    fixture: 'tcproute-with-host',
    expect: [
      'apps/shop.yaml:11:3 routes.events: a TCPRoute sends its traffic to one backend, so it needs backend Add backend: { component: <name>, port: <port> }.',
      "apps/shop.yaml:13:5 routes.events.host: a TCPRoute matches no host name (only the gateway listener's port) Remove host, or pick the listener with listener: <name>.",
      'apps/shop.yaml:14:5 routes.events.paths: a TCPRoute has no paths: it sends its traffic to one backend Write backend: { component: <name>, port: <port> } instead.',
    ],
  },
  {
    fixture: 'grpcroute-without-host',
    expect: [
      'apps/shop.yaml:11:3 routes.calls: GRPCRoute routes by host name, so it needs host Add host: <label> (prefixed to the base domain) or a full host name.',
    ],
  },
  {
    fixture: 'route-listener-on-ingress',
    expect: [
      'apps/shop.yaml:14:5 routes.shop.listener: listener applies to Gateway API routes, not Ingress Remove it (the ingress controller has no listeners to pick), or use kind: HTTPRoute.',
    ],
  },
  {
    fixture: 'route-listener-default-ingress',
    expect: [
      'apps/shop.yaml:13:5 routes.shop.listener: listener applies to Gateway API routes, and routes in environments dev, prod are Ingress (the ingressKind there) Set kind: HTTPRoute on the route, or remove listener.',
    ],
  },
  {
    fixture: 'route-tls-false-on-gateway-kind',
    expect: [
      "apps/shop.yaml:14:5 routes.shop.tls: tls: false has no effect on a route of kind HTTPRoute: a Gateway API route is served on its Gateway's listeners, and they decide TLS Pick a plain-HTTP listener of the gateway with listener: <name>, and remove tls.",
    ],
  },
  {
    fixture: 'udproute-without-gateway',
    expect: [
      'apps/shop.yaml:12:5 routes.media: UDPRoute shop/shop-media: has no parent Gateway, so no traffic reaches it Set gateway: { name, namespace } on the environment in fleet.yaml, or under settings: in the cluster file.',
    ],
  },
  {
    fixture: 'pod-resources-below-containers',
    expect: [
      'apps/shop.yaml:6:24 components.web.podResources.requests.cpu: pod cpu request 500m is below what its containers request together (web 400m + exporter 200m) Raise the pod request to at least that, or lower the container requests: the API server refuses the pod otherwise.',
    ],
  },
  {
    fixture: 'pod-resources-below-sidecars',
    expect: [
      'apps/shop.yaml:6:24 components.web.podResources.requests.cpu: pod cpu request 500m is below what its containers request together (web 400m + sidecar proxy 200m (its limit)) Raise the pod request to at least that, or lower the container requests: the API server refuses the pod otherwise.',
      'apps/shop.yaml:6:38 components.web.podResources.requests.memory: pod memory request 512Mi is below what its containers request together (web 256Mi + sidecar proxy 1Gi (its limit)) Raise the pod request to at least that, or lower the container requests: the API server refuses the pod otherwise.',
      'apps/shop.yaml:13:40 components.web.initContainers.proxy.resources.limits.memory: init container proxy memory limit 1Gi is above the pod limit 512Mi Lower it to the pod limit at most, or raise podResources.limits.',
    ],
  },
  {
    fixture: 'pod-resources-below-init',
    expect: [
      'apps/shop.yaml:6:24 components.web.podResources.requests.cpu: pod cpu request 500m is below what init container migrate requests with the sidecars started before it (migrate 1 + sidecar proxy 100m) Raise the pod request to at least that, or lower the container requests: the API server refuses the pod otherwise.',
    ],
  },
  {
    fixture: 'pod-resources-old-cluster',
    expect: [
      "apps/shop.yaml:5:5 components.web.podResources: pod-level resources need Kubernetes 1.34 or later, but cluster prod-1 (1.33) runs an older version, whose API server drops the field Upgrade it, set container resources instead, or drop podResources there (podResources: null in the cluster's override of this app).",
    ],
  },
  {
    fixture: 'termination-message-path-relative',
    expect: [
      'apps/shop.yaml:10:33 components.web.containers.web.terminationMessagePath: expected an absolute path in the container, found the string "tmp/termination-log" Write "/tmp/termination-log".',
    ],
  },
  {
    fixture: 'depends-on-cycle',
    expect: [
      'apps/shop.yaml:8:21 components.web.initContainers.migrate.dependsOn[0]: dependsOn makes a cycle: migrate \u2192 wait-for-db \u2192 migrate, so no container could come first Remove wait-for-db from dependsOn of migrate, or the dependency back to migrate.',
    ],
  },
  {
    fixture: 'depends-on-unknown',
    expect: [
      'apps/shop.yaml:10:21 components.web.initContainers.migrate.dependsOn[0]: dependsOn names container "wait-for-bd", which does not exist in initContainers of component web Did you mean "wait-for-db"?',
    ],
  },
  {
    fixture: 'load-balancer-ip-on-cluster-ip',
    expect: [
      'apps/shop.yaml:11:7 components.web.service.loadBalancerIP: loadBalancerIP applies to LoadBalancer Services, not ClusterIP Set type: LoadBalancer, or remove it.',
    ],
  },
  {
    fixture: 'external-ips-not-address',
    expect: [
      'apps/shop.yaml:11:21 components.web.service.externalIPs[0]: expected an IP address such as 198.51.100.7, found the string "office-router.example.com"',
    ],
  },
  // Generated: too large or too many to commit
  {
    name: '50 MB file',
    changes: () => ({ files: { 'apps/shop.yaml': Buffer.alloc(50 * 1024 * 1024, 'a: 1\n') } }),
    expect: ['apps/shop.yaml:1:1 file is 52428800 bytes; config files are limited to 1048576 bytes Split it into several app or cluster files.'],
  },
  {
    name: '10k documents',
    changes: () => ({ files: { 'apps/shop.yaml': Array.from({ length: 10_000 }, (_, i) => `${APP_HEAD}description: document ${i}\n`).join('---\n') } }),
    expect: ['apps/shop.yaml:4:1 found a second YAML document; expected exactly one Put each app or cluster in its own file and remove the `---` separator.'],
  },
  {
    name: 'flow collections nested 100k deep',
    changes: () => ({ files: { 'apps/shop.yaml': `${APP_HEAD}description: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` } }),
    expect: ['apps/shop.yaml:3:78 collections are nested more than 64 levels deep Flatten the structure; no Flotilla config needs this depth.'],
  },
  {
    name: 'block sequences nested 880 deep',
    changes: () => ({ files: { 'apps/shop.yaml': `${APP_HEAD}description:\n${'- '.repeat(880)}x\n` } }),
    expect: ['apps/shop.yaml:4:131 collections are nested more than 64 levels deep Flatten the structure; no Flotilla config needs this depth.'],
  },
  {
    name: 'block sequences nested 3000 deep in a second document',
    changes: () => ({ files: { 'apps/shop.yaml': `${APP_HEAD}---\n${'- '.repeat(3000)}x\n` } }),
    expect: ['apps/shop.yaml:4:131 collections are nested more than 64 levels deep Flatten the structure; no Flotilla config needs this depth.'],
  },
  // Nothing a user writes becomes a template in an ApplicationSet
  {
    fixture: 'revision-template',
    expect: [
      'fleet.yaml:3:13 repo.revision: expected a branch, tag or commit such as main, v1.4.0 or a commit SHA (git ref rules; no spaces, { } or ~^:?*[\\), found the string "{{ .cluster.name }}"',
    ],
  },
  {
    fixture: 'region-not-label',
    expect: ['clusters/prod-1.yaml:3:9 region: expected a label value (letters, digits, "-", "_", "."; at most 63), found the string "{{ .region }}"'],
  },
  {
    fixture: 'chart-name-template',
    expect: [
      'apps/shop.yaml:13:12 charts.cache.chart: expected a chart name such as redis (letters, digits, ".", "_", "-"; "/" between path segments), found the string "{{ .chart.app }}"',
    ],
  },
  // Bytes and numbers: kept exactly or refused, never rewritten
  {
    name: 'invalid UTF-8 (a Latin-1 é)',
    changes: () => ({ files: { 'apps/shop.yaml': Buffer.concat([Buffer.from(`${APP_HEAD}description: caf`), Buffer.from([0xe9]), Buffer.from('\n')]) } }),
    expect: [
      'apps/shop.yaml:3:17 invalid UTF-8: byte 0xE9 at byte offset 42 is not part of a valid character Save the file as UTF-8. Flotilla does not guess encodings: the text would be written back with other bytes.',
    ],
  },
  {
    name: 'invalid UTF-8 in a comment',
    changes: () => ({ files: { 'apps/shop.yaml': Buffer.concat([Buffer.from('# caf'), Buffer.from([0xc3, 0x28]), Buffer.from(`\n${APP_HEAD}`)]) } }),
    expect: [
      'apps/shop.yaml:1:6 invalid UTF-8: byte 0xC3 at byte offset 5 is not part of a valid character Save the file as UTF-8. Flotilla does not guess encodings: the text would be written back with other bytes.',
    ],
  },
  {
    name: 'column on line 1 after a byte order mark',
    changes: () => ({ files: { 'apps/shop.yaml': `\uFEFFteam: Web_Shop\nnamespace: shop\n` } }),
    expect: [
      'apps/shop.yaml:1:7 team: expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, found the string "Web_Shop" Rename it, e.g. "web-shop".',
    ],
  },
  {
    fixture: 'chart-values-big-integer',
    expect: [
      'apps/shop.yaml:17:20 charts.redis.values.metrics.sessionId: `12345678901234567890` is too large to keep exactly: integers beyond ±9007199254740991 lose digits (it would become 12345678901234567000) Quote it ("12345678901234567890") if it is a string, e.g. a large ID.',
    ],
  },
  {
    fixture: 'raw-resource-infinity',
    expect: [
      'apps/shop.yaml:16:14 resources[0].spec.limit: `1e400` is not a finite number (YAML reads it as infinity, which JSON cannot hold) Quote it ("1e400") if it is a string.',
    ],
  },
  {
    fixture: 'lone-surrogate-escape',
    expect: [
      'apps/shop.yaml:3:14 description: the string holds half of a UTF-16 surrogate pair (a \\uD800-\\uDFFF escape), which is no character and has no UTF-8 form Write the character itself, or the escapes of both halves of the pair.',
    ],
  },
  {
    fixture: 'raw-resource-schema-error',
    expect: [
      'apps/shop.yaml:23:7 resources[1].spec.selectr: PodDisruptionBudget shop/shop-web-extra: schema: unknown field (not in the schema) Did you mean "selector"?',
    ],
  },
  {
    fixture: 'file-mode-decimal',
    expect: [
      'apps/shop.yaml:29:30 resources[0].spec.template.spec.volumes[0].secret.defaultMode: Job shop/shop-seed: schema: must be a file mode from 0 to 0777 (decimal 511), got 644; 644 is read as decimal: for the octal mode write 0o644 (= 420)',
    ],
  },
  // Workload kinds, pod controls, ports, rollout order, RBAC, peers, overrides of resources, platform variables, patches
  {
    name: 'affinity schema',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    affinity:\n      nodeAffinity:\n        requiredDuringSchedulingIgnoredDuringExecution:\n          nodeSelectorTerms:\n            - matchExpressions:\n                - { key: zone, operator: In, values: eu-west-1a }\n    containers:\n      web: { image: nginx:1.27 }\n',
      },
    },
    expect: [
      'apps/shop.yaml:10:54 components.web.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Deployment shop/shop-web: schema: must be array (got "eu-west-1a") Write it as a list: [eu-west-1a].',
    ],
  },
  {
    name: 'claim retention delete',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  db:\n    kind: StatefulSet\n    persistentVolumeClaimRetentionPolicy: { whenDeleted: Delete }\n    containers:\n      db:\n        image: postgres:17.2\n        mounts: { data: /var/lib/postgresql }\n    volumes:\n      data: { claimTemplate: true }\n    claimTemplates:\n      data: { size: 10Gi }\n',
      },
    },
    expect: [
      "apps/shop.yaml:6:58 components.db.persistentVolumeClaimRetentionPolicy.whenDeleted: whenDeleted: Delete removes the claims of the StatefulSet's pods with the StatefulSet, and their data with them, in an app whose data is protected Keep Retain, or set protected: false on the app when its data may be lost.",
    ],
  },
  {
    name: 'cluster role undeclared',
    changes: {
      files: {
        'apps/shop.yaml':
          "team: web\nnamespace: shop\ncomponents:\n  web:\n    serviceAccount: web\n    containers:\n      web: { image: nginx:1.27 }\nserviceAccounts:\n  web: {}\nroles:\n  nodes:\n    clusterWide: true\n    rules: [{ apiGroups: [''], resources: [nodes], verbs: [get] }]\n    serviceAccounts: [web]\n",
      },
    },
    expect: [
      "apps/shop.yaml:12:18 roles.nodes.clusterWide: a cluster-wide role creates ClusterRole and ClusterRoleBinding, which are cluster-scoped; ClusterRole and ClusterRoleBinding are not declared under clusterScoped Add { group: rbac.authorization.k8s.io, kind: ClusterRole } and { group: rbac.authorization.k8s.io, kind: ClusterRoleBinding } to clusterScoped in apps/shop.yaml (its team's AppProject then allows them), or drop clusterWide for a Role in the app namespace.",
    ],
  },
  {
    name: 'daemonset replicas',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  agent:\n    kind: DaemonSet\n    replicas: 3\n    containers:\n      agent: { image: fluent/fluent-bit:3.2 }\n',
      },
    },
    expect: [
      'apps/shop.yaml:6:5 components.agent.replicas: replicas applies only to kinds Deployment, StatefulSet, not DaemonSet Set kind: Deployment, or remove the field.',
    ],
  },
  {
    name: 'dns none without config',
    changes: {
      files: {
        'apps/shop.yaml': 'team: web\nnamespace: shop\ncomponents:\n  web:\n    dnsPolicy: None\n    containers:\n      web: { image: nginx:1.27 }\n',
      },
    },
    expect: ['apps/shop.yaml:5:16 components.web.dnsPolicy: dnsPolicy None needs dnsConfig with the nameservers Add dnsConfig: { nameservers: [<address>] }.'],
  },
  {
    name: 'external port typo',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        env:\n          DB_URL: { service: db, port: postgress }\nexternalServices:\n  db:\n    host: shop-db-rw\n    ports: { postgres: 5432 }\n',
      },
    },
    expect: [
      'apps/shop.yaml:9:40 components.web.containers.web.env.DB_URL.port: port "postgress" does not exist of external service db Did you mean "postgres"?',
    ],
  },
  {
    name: 'external service typo',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        env:\n          DB_HOST: { service: databse }\n    talksTo: [{ external: db }]\nexternalServices:\n  database:\n    host: shop-db-rw\n    ports: { postgres: 5432 }\n',
      },
    },
    expect: [
      'apps/shop.yaml:9:31 components.web.containers.web.env.DB_HOST.service: component or external service "databse" does not exist Did you mean "database"?',
      'apps/shop.yaml:10:27 components.web.talksTo[0].external: external service "db" does not exist Declared: database.',
    ],
  },
  {
    name: 'hook on deployment',
    changes: {
      files: {
        'apps/shop.yaml': 'team: web\nnamespace: shop\ncomponents:\n  web:\n    hook: PreSync\n    containers:\n      web: { image: nginx:1.27 }\n',
      },
    },
    expect: ['apps/shop.yaml:5:5 components.web.hook: hook applies only to kind Job, not Deployment Set kind: Job, or remove the field.'],
  },
  {
    name: 'host network short reason',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  turn:\n    podSecurityOptOut: { hostNetwork: needed }\n    containers:\n      turn: { image: coturn/coturn:4.6.3 }\n',
      },
    },
    expect: [
      'apps/shop.yaml:5:39 components.turn.podSecurityOptOut.hostNetwork: expected a reason of at least 12 characters explaining why this is needed, found the string "needed"',
    ],
  },
  {
    name: 'host users with host network',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  turn:\n    hostUsers: false\n    podSecurityOptOut: { hostNetwork: relays media on many UDP ports }\n    containers:\n      turn: { image: coturn/coturn:4.6.3 }\n',
      },
    },
    expect: [
      "apps/shop.yaml:5:16 components.turn.hostUsers: a pod in its own user namespace cannot share the node's namespaces (hostNetwork) Remove hostUsers: false, or the host namespace opt-out.",
      'apps/shop.yaml:6:39 warning: components.turn.podSecurityOptOut.hostNetwork: pod security opt-out hostNetwork (relays media on many UDP ports)',
    ],
  },
  {
    name: 'hostpath without opt out',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  agent:\n    kind: DaemonSet\n    containers:\n      agent:\n        image: fluent/fluent-bit:3.2\n        mounts: { logs: /var/log }\n    volumes:\n      logs: { hostPath: { path: /var/log } }\n',
      },
    },
    expect: [
      'apps/shop.yaml:11:25 components.agent.volumes.logs.hostPath: a hostPath volume exposes the node\'s files to the pod, which Pod Security refuses below the privileged level Add podSecurityOptOut: { hostPath: "<why the pods need the node\'s files>" } to the component, or use another volume.',
    ],
  },
  {
    name: 'ingress from cidr bad',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\ningressFrom:\n  - { cidr: 203.0.113.0 }\n',
      },
    },
    expect: ['apps/shop.yaml:10:13 ingressFrom[0].cidr: expected a CIDR such as 10.0.0.0/8, found the string "203.0.113.0"'],
  },
  {
    name: 'patch path missing',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\npatches:\n  port:\n    target: { kind: Deployment, name: shop-web }\n    json:\n      - { op: replace, path: /spec/template/spec/containers/1/image, value: nginx:1.28 }\n',
      },
    },
    expect: [
      'apps/shop.yaml:11:9 patches.port.json[0]: replace /spec/template/spec/containers/1/image: /spec/template/spec/containers/1 does not exist Look at the rendered object with `flotilla preview --manifests`; the path counts list items from 0.',
    ],
  },
  {
    name: 'patch target missing',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\npatches:\n  hostname:\n    target: { kind: Deployment, name: shop-wbe }\n    merge: { spec: { minReadySeconds: 5 } }\n',
      },
    },
    expect: [
      'apps/shop.yaml:9:39 patches.hostname.target.name: patch hostname: no Deployment named "shop-wbe" is rendered for this app Did you mean "shop-web"?',
    ],
  },
  {
    name: 'presync hook configmap',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  migrate:\n    kind: Job\n    hook: PreSync\n    containers:\n      migrate:\n        image: shop:1.2.0\n        envFrom: [{ configMap: settings }]\nconfigMaps:\n  settings:\n    data: { LOG_LEVEL: info }\n',
      },
    },
    expect: [
      'apps/shop.yaml:6:11 components.migrate.hook: a PreSync hook runs before anything of the sync is applied, but this Job uses ConfigMap settings of the app, which the same sync creates (a ConfigMap gets a new name with every change) Use hook: Sync with syncWave: -1: it runs after the ConfigMaps, secrets, claims and service accounts, and the workloads (wave 0) wait for it.',
    ],
  },
  {
    name: 'recording rule name',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\n    recordingRules:\n      http requests: { expr: "sum(rate(http_requests_total[5m]))" }\n',
      },
    },
    expect: [
      'apps/shop.yaml:8:7 components.web.recordingRules["http requests"]: expected a metric name such as job:http_requests:rate5m, found the key "http requests"',
    ],
  },
  {
    name: 'resource override typo',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nresources:\n  - apiVersion: postgresql.cnpg.io/v1\n    kind: Cluster\n    metadata: { name: shop-db }\n    spec: { instances: 3 }\nenvironments:\n  dev:\n    resources:\n      Cluster/shop-bd: { spec: { instances: 1 } }\n',
      },
    },
    expect: [
      'apps/shop.yaml:15:7 environments.dev.resources["Cluster/shop-bd"]: resource "Cluster/shop-bd" does not exist in the app, so this override would add a new, incomplete one Did you mean "Cluster/shop-db"? To add a resource in this override, write it whole with $new: true.',
    ],
  },
  {
    name: 'role unknown account',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    serviceAccount: web\n    containers:\n      web: { image: nginx:1.27 }\nserviceAccounts:\n  web: {}\nroles:\n  leases:\n    rules: [{ apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get] }]\n    serviceAccounts: [wbe]\n',
      },
    },
    expect: ['apps/shop.yaml:13:23 roles.leases.serviceAccounts[0]: service account "wbe" does not exist Did you mean "web"?'],
  },
  {
    name: 'route annotation number',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nroutes:\n  web:\n    host: shop\n    paths: { /: web }\n    annotations:\n      nginx.ingress.kubernetes.io/proxy-body-size: 50\n',
      },
    },
    expect: [
      'apps/shop.yaml:14:52 routes.web.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]: expected a string, found the number 50 Quote it ("50"): unquoted, YAML reads it as the number 50.',
    ],
  },
  {
    name: 'service target number',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    service:\n      ports:\n        http: { port: 80, targetPort: 8081 }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
      },
    },
    expect: [
      'apps/shop.yaml:7:39 components.web.service.ports.http.targetPort: Service port http forwards to port 8081, which no container of component web declares Declare the port under the container ports, and target it by name.',
    ],
  },
  {
    name: 'source ranges cluster ip',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    service: { loadBalancerSourceRanges: [203.0.113.0/24] }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
      },
    },
    expect: [
      'apps/shop.yaml:5:16 components.web.service.loadBalancerSourceRanges: loadBalancerSourceRanges applies to LoadBalancer Services, not ClusterIP Set type: LoadBalancer, or remove it.',
    ],
  },
  {
    name: 'strategy on statefulset',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  db:\n    kind: StatefulSet\n    strategy: Recreate\n    containers:\n      db: { image: postgres:17.2 }\n',
      },
    },
    expect: ['apps/shop.yaml:6:5 components.db.strategy: strategy applies only to kind Deployment, not StatefulSet Set kind: Deployment, or remove the field.'],
  },
  {
    name: 'toleration schema',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    tolerations:\n      - { key: dedicated, operator: Equal, value: web, effekt: NoSchedule }\n    containers:\n      web: { image: nginx:1.27 }\n',
      },
    },
    expect: [
      'apps/shop.yaml:6:56 components.web.tolerations[0].effekt: Deployment shop/shop-web: schema: unknown field (not in the schema) Did you mean "effect"?',
    ],
  },
  {
    name: 'udp service on tcp',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  dns:\n    service:\n      ports:\n        dns: { port: 53, protocol: UDP }\n    containers:\n      dns:\n        image: coredns/coredns:1.12.0\n        ports: { dns: 5353 }\n',
      },
    },
    expect: [
      'apps/shop.yaml:7:36 components.dns.service.ports.dns.protocol: Service port dns is UDP, but it forwards to container port dns of container dns, which is TCP Use the same protocol on both sides (protocol: TCP), or point targetPort at a UDP port.',
    ],
  },
  {
    name: 'update strategy bad',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  agent:\n    kind: DaemonSet\n    updateStrategy: { maxUnavailable: ten }\n    containers:\n      agent: { image: fluent/fluent-bit:3.2 }\n',
      },
    },
    expect: ['apps/shop.yaml:6:39 components.agent.updateStrategy.maxUnavailable: expected a pod count or a percentage such as "25%", found the string "ten"'],
  },
  {
    name: 'variable typo',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nconfigMaps:\n  settings:\n    data:\n      PUBLIC_URL: https://shop.${flotilla.baseDomian}\n',
      },
    },
    expect: ['apps/shop.yaml:10:32 configMaps.settings.data.PUBLIC_URL: unknown platform variable ${flotilla.baseDomian} Did you mean "baseDomain"?'],
  },
  {
    name: 'variable typo in file',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nconfigMaps:\n  settings:\n    data:\n      app.ini: { file: shop/app.ini }\n',
        'apps/shop/app.ini': '[server]\nname = shop\nurl = https://\\${flotilla.domain}/\n',
      },
    },
    expect: [
      'apps/shop/app.ini:3:16 unknown platform variable ${flotilla.domain} Known: app, namespace, environment, cluster, region, baseDomain, storageClass, issuer, ingressClass.',
    ],
  },
  {
    name: 'sidecar in containers',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\n      shipper: { image: fluent/fluent-bit:3.2, restartPolicy: Always }\n',
      },
    },
    expect: [
      'apps/shop.yaml:7:48 components.web.containers.shipper.restartPolicy: restartPolicy: Always makes an init container a sidecar; a container of the pod already runs as long as the pod Move it under initContainers, or remove restartPolicy.',
    ],
  },
  {
    name: 'daemonset shared claim',
    changes: {
      files: {
        'apps/shop.yaml':
          'team: web\nnamespace: shop\ncomponents:\n  agent:\n    kind: DaemonSet\n    containers:\n      agent:\n        image: fluent/fluent-bit:3.2\n        mounts: { buffer: /buffer }\n    volumes:\n      buffer: { pvc: buffer }\npvcs:\n  buffer: { size: 1Gi }\n',
      },
    },
    expect: [
      'apps/shop.yaml:11:22 components.agent.volumes.buffer.pvc: PVC buffer is ReadWriteOnce, but component agent runs a pod on every node in environments dev, prod: only pods on one node can mount it, so the others never start Use accessMode: ReadWriteMany (with a storage class that supports it), or keep node-local data in an emptyDir or hostPath volume.',
    ],
  },
  {
    name: 'app file that is a symbolic link',
    changes: { symlinks: { 'apps/passwd.yaml': '/etc/passwd' } },
    expect: [
      'apps/passwd.yaml:1:1 apps/passwd.yaml is a symbolic link, not a regular file Config files must be plain files in the repository; a link could read any file of the machine.',
    ],
  },
  {
    name: 'missing clusters folder',
    changes: { remove: ['clusters/dev-1.yaml', 'clusters/prod-1.yaml'] },
    expect: [
      'clusters/:1:1 no cluster files found in clusters/ Add clusters/<name>.yaml. An empty folder is an error, never "no clusters", so a failed checkout cannot delete anything.',
    ],
  },
  {
    name: 'missing fleet.yaml',
    changes: { remove: ['fleet.yaml'] },
    expect: ['fleet.yaml:1:1 fleet.yaml not found Run flotilla in the fleet repository root, or pass --root.'],
  },
];

/** Every field of the production-controls language: one bad value each (or a few), and the message it gets. */
const FIELD_CASES: BadCase[] = [
  // Workload kinds and controls
  {
    name: 'DaemonSet kind in lower case',
    changes: appFile('components:\n  agent:\n    kind: daemonset\n    containers:\n      agent: { image: fluent/fluent-bit:3.2 }\n'),
    expect: [
      'apps/shop.yaml:5:11 components.agent.kind: expected one of "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", found the string "daemonset" Did you mean "DaemonSet"?',
    ],
  },
  {
    name: 'DaemonSet with autoscaling',
    changes: appFile(
      'components:\n  agent:\n    kind: DaemonSet\n    autoscaling: { min: 1, max: 3 }\n    containers:\n      agent: { image: fluent/fluent-bit:3.2 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:5 components.agent.autoscaling: autoscaling applies only to kinds Deployment, StatefulSet, not DaemonSet Set kind: Deployment, or remove the field.',
    ],
  },
  {
    name: 'strategy in lower case',
    changes: appFile('components:\n  web:\n    strategy: recreate\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n'),
    expect: ['apps/shop.yaml:5:15 components.web.strategy: expected "Recreate", found the string "recreate" Did you mean "Recreate"?'],
  },
  {
    name: 'strategy bound misspelt',
    changes: appFile(
      'components:\n  web:\n    strategy: { maxSurge: 1, maxUnavailble: 0 }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: ['apps/shop.yaml:5:30 components.web.strategy.maxUnavailble: unknown field "maxUnavailble" Did you mean "maxUnavailable"?'],
  },
  {
    name: 'updateStrategy on a Deployment',
    changes: appFile(
      'components:\n  web:\n    updateStrategy: OnDelete\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:5 components.web.updateStrategy: updateStrategy applies only to kinds StatefulSet, DaemonSet, not Deployment Set kind: StatefulSet, or remove the field.',
    ],
  },
  {
    name: 'updateStrategy partition on a DaemonSet',
    changes: appFile(
      'components:\n  agent:\n    kind: DaemonSet\n    updateStrategy: { partition: 2 }\n    containers:\n      agent: { image: fluent/fluent-bit:3.2 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:23 components.agent.updateStrategy.partition: updateStrategy.partition applies only to a StatefulSet, not a DaemonSet Remove partition: a DaemonSet updates node by node, bounded by maxUnavailable and maxSurge.',
    ],
  },
  {
    name: 'updateStrategy maxSurge on a StatefulSet',
    changes: appFile('components:\n  db:\n    kind: StatefulSet\n    updateStrategy: { maxSurge: 1 }\n    containers:\n      db: { image: postgres:17.2 }\n'),
    expect: [
      'apps/shop.yaml:6:23 components.db.updateStrategy.maxSurge: updateStrategy.maxSurge applies only to a DaemonSet, not a StatefulSet Remove maxSurge: a StatefulSet never runs two pods of one ordinal; bound the update with maxUnavailable.',
    ],
  },
  {
    name: 'podManagementPolicy in lower case',
    changes: appFile('components:\n  db:\n    kind: StatefulSet\n    podManagementPolicy: parallel\n    containers:\n      db: { image: postgres:17.2 }\n'),
    expect: [
      'apps/shop.yaml:6:26 components.db.podManagementPolicy: expected one of "OrderedReady", "Parallel", found the string "parallel" Did you mean "Parallel"?',
    ],
  },
  {
    name: 'podManagementPolicy on a Deployment',
    changes: appFile(
      'components:\n  web:\n    podManagementPolicy: Parallel\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:5 components.web.podManagementPolicy: podManagementPolicy applies only to kind StatefulSet, not Deployment Set kind: StatefulSet, or remove the field.',
    ],
  },
  {
    name: 'claim retention in lower case',
    changes: appFile(
      'components:\n  db:\n    kind: StatefulSet\n    persistentVolumeClaimRetentionPolicy: { whenScaled: delete }\n    containers:\n      db: { image: postgres:17.2 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:57 components.db.persistentVolumeClaimRetentionPolicy.whenScaled: expected one of "Retain", "Delete", found the string "delete" Did you mean "Delete"?',
    ],
  },
  {
    name: 'claim retention on a Deployment',
    changes: appFile(
      'components:\n  web:\n    persistentVolumeClaimRetentionPolicy: { whenDeleted: Retain }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:5 components.web.persistentVolumeClaimRetentionPolicy: persistentVolumeClaimRetentionPolicy applies only to kind StatefulSet, not Deployment Set kind: StatefulSet, or remove the field.',
    ],
  },
  {
    name: 'claim retention whenScaled Delete in a protected app',
    changes: appFile(
      'components:\n  db:\n    kind: StatefulSet\n    persistentVolumeClaimRetentionPolicy: { whenScaled: Delete }\n    claimTemplates:\n      data: { size: 10Gi }\n    containers:\n      db: { image: postgres:17.2 }\n',
    ),
    expect: [
      "apps/shop.yaml:6:57 components.db.persistentVolumeClaimRetentionPolicy.whenScaled: whenScaled: Delete removes the claims of the StatefulSet's pods when it scales down, and their data with them, in an app whose data is protected Keep Retain, or set protected: false on the app when its data may be lost.",
    ],
  },
  {
    name: "antiAffinity in another chart's words",
    changes: appFile('components:\n  web:\n    antiAffinity: hard\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n'),
    expect: [
      'apps/shop.yaml:5:19 components.web.antiAffinity: expected one of "required", "preferred", found the string "hard" Did you mean "required"? (Flotilla\'s word for hard)',
    ],
  },
  {
    name: 'affinity field misspelt',
    changes: appFile(
      'components:\n  web:\n    affinity:\n      nodeAfinity: {}\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:7 components.web.affinity.nodeAfinity: Deployment shop/shop-web: schema: unknown field (not in the schema) Did you mean "nodeAffinity"?',
    ],
  },
  {
    name: 'nodeSelector value a list',
    changes: appFile(
      'components:\n  web:\n    nodeSelector: { kubernetes.io/arch: [arm64] }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: ['apps/shop.yaml:5:41 components.web.nodeSelector["kubernetes.io/arch"]: expected a string, found a list'],
  },
  {
    name: 'nodeSelector value a number',
    changes: appFile(
      'components:\n  web:\n    nodeSelector: { gpu-count: 2 }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:32 components.web.nodeSelector.gpu-count: expected a string, found the number 2 Quote it ("2"): unquoted, YAML reads it as the number 2.',
    ],
  },
  {
    name: 'tolerations as a mapping',
    changes: appFile(
      'components:\n  web:\n    tolerations: { key: dedicated, effect: NoSchedule }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:18 components.web.tolerations: expected a list, found a mapping Write it as a list: start each entry with "- " on its own line, or wrap it in [ ].',
    ],
  },
  {
    name: 'toleration effect misspelt',
    changes: appFile(
      'components:\n  web:\n    tolerations:\n      - { key: dedicated, operator: Exists, effect: NoScedule }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:53 components.web.tolerations[0].effect: Deployment shop/shop-web: schema: must be one of "NoExecute", "NoSchedule", "PreferNoSchedule" (got "NoScedule") Did you mean "NoSchedule"?',
    ],
  },
  {
    name: 'priorityClassName not an object name',
    changes: appFile(
      'components:\n  web:\n    priorityClassName: High_Priority\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:24 components.web.priorityClassName: expected a PriorityClass name: lower-case letters, digits, "-" and ".", as the cluster object is named, found the string "High_Priority"',
    ],
  },
  {
    name: 'runtimeClassName with capitals',
    changes: appFile(
      'components:\n  web:\n    runtimeClassName: gVisor\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:23 components.web.runtimeClassName: expected a RuntimeClass name: lower-case letters, digits, "-" and ".", as the cluster object is named, found the string "gVisor"',
    ],
  },
  {
    name: 'hostNetwork as a pod field',
    changes: appFile('components:\n  web:\n    hostNetwork: true\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n'),
    expect: [
      'apps/shop.yaml:5:5 components.web.hostNetwork: unknown field "hostNetwork" Write podSecurityOptOut: { hostNetwork: "<why the pods need the node network>" }: sharing a node namespace is a Pod Security opt-out, with its reason.',
    ],
  },
  {
    name: 'dnsPolicy misspelt',
    changes: appFile(
      'components:\n  web:\n    dnsPolicy: ClusterFirstWithHostNetwork\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:16 components.web.dnsPolicy: expected one of "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None", found the string "ClusterFirstWithHostNetwork" Did you mean "ClusterFirstWithHostNet"?',
    ],
  },
  {
    name: 'terminationGracePeriodSeconds as a duration',
    changes: appFile(
      'components:\n  web:\n    terminationGracePeriodSeconds: 30s\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: ['apps/shop.yaml:5:36 components.web.terminationGracePeriodSeconds: expected a number, found the string "30s" The field counts seconds: write 30.'],
  },
  {
    name: 'dnsConfig nameservers a string',
    changes: appFile(
      'components:\n  web:\n    dnsConfig: { nameservers: 1.1.1.1 }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:31 components.web.dnsConfig.nameservers: Deployment shop/shop-web: schema: must be array (got "1.1.1.1") Write it as a list: [1.1.1.1].',
    ],
  },
  {
    name: 'dnsConfig field misspelt',
    changes: appFile(
      'components:\n  web:\n    dnsConfig: { nameserver: [1.1.1.1] }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:18 components.web.dnsConfig.nameserver: Deployment shop/shop-web: schema: unknown field (not in the schema) Did you mean "nameservers"?',
    ],
  },
  {
    name: 'hostAliases entry without ip',
    changes: appFile(
      'components:\n  web:\n    hostAliases:\n      - { hostnames: [legacy.internal] }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: ['apps/shop.yaml:6:9 components.web.hostAliases[0].ip: Deployment shop/shop-web: schema: is required Add ip.'],
  },
  {
    name: 'topologySpreadConstraints without whenUnsatisfiable',
    changes: appFile(
      'components:\n  web:\n    topologySpreadConstraints:\n      - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:9 components.web.topologySpreadConstraints[0].whenUnsatisfiable: Deployment shop/shop-web: schema: is required Add whenUnsatisfiable.',
    ],
  },
  {
    name: 'topologySpreadConstraints beside spread',
    changes: appFile(
      'components:\n  web:\n    spread: true\n    topologySpreadConstraints:\n      - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:5 components.web.spread: spread has no effect when topologySpreadConstraints are written Remove spread: the constraints replace it.',
    ],
  },
  // Ports, Services and ingress
  {
    name: 'container port protocol in lower case',
    changes: appFile('components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { dns: { port: 53, protocol: udp } }\n'),
    expect: [
      'apps/shop.yaml:8:45 components.web.containers.web.ports.dns.protocol: expected one of "TCP", "UDP", "SCTP", found the string "udp" Did you mean "UDP"?',
    ],
  },
  {
    name: 'container port without its number',
    changes: appFile('components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { dns: { protocol: UDP } }\n'),
    expect: [
      'apps/shop.yaml:8:23 components.web.containers.web.ports.dns.port: required field is missing; expected a port number from 1 to 65535 Add port: under components.web.containers.web.ports.dns.',
    ],
  },
  {
    name: 'Service type misspelt',
    changes: appFile(
      'components:\n  web:\n    service: { type: Loadbalancer }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:22 components.web.service.type: expected one of "ClusterIP", "NodePort", "LoadBalancer", found the string "Loadbalancer" Did you mean "LoadBalancer"?',
    ],
  },
  {
    name: 'externalTrafficPolicy on a ClusterIP Service',
    changes: appFile(
      'components:\n  web:\n    service: { externalTrafficPolicy: Local }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:16 components.web.service.externalTrafficPolicy: externalTrafficPolicy applies to NodePort and LoadBalancer Services, not ClusterIP Set type: LoadBalancer, or remove it.',
    ],
  },
  {
    name: 'loadBalancerSourceRanges not a list',
    changes: appFile(
      'components:\n  web:\n    service: { type: LoadBalancer, loadBalancerSourceRanges: 203.0.113.0/24 }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:62 components.web.service.loadBalancerSourceRanges: expected a list, found the string "203.0.113.0/24" Write it as a list: [203.0.113.0/24].',
    ],
  },
  {
    name: 'loadBalancerSourceRanges without prefix length',
    changes: appFile(
      'components:\n  web:\n    service: { type: LoadBalancer, loadBalancerSourceRanges: [203.0.113.0] }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: ['apps/shop.yaml:5:63 components.web.service.loadBalancerSourceRanges[0]: expected a CIDR such as 203.0.113.0/24, found the string "203.0.113.0"'],
  },
  {
    name: 'nodePort on a ClusterIP Service',
    changes: appFile(
      'components:\n  web:\n    service:\n      ports:\n        http: { port: 80, targetPort: http, nodePort: 30080 }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:7:45 components.web.service.ports.http.nodePort: nodePort applies to NodePort and LoadBalancer Services, not ClusterIP Set type: NodePort (or LoadBalancer) on the Service, or remove nodePort.',
    ],
  },
  {
    name: 'nodePort outside the node port range',
    changes: appFile(
      'components:\n  web:\n    service:\n      type: NodePort\n      ports:\n        http: { port: 80, targetPort: http, nodePort: 80 }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:8:55 components.web.service.ports.http.nodePort: expected a node port from 30000 to 32767 (the Kubernetes default node port range), found the number 80',
    ],
  },
  {
    name: 'headless LoadBalancer Service',
    changes: appFile(
      'components:\n  web:\n    service: { type: LoadBalancer, headless: true }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:36 components.web.service.headless: a headless Service has no address, so it cannot be of type LoadBalancer Remove headless: true, or type (a headless Service is for peer discovery inside the cluster).',
    ],
  },
  {
    name: 'ingressFrom cidr and namespace',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\ningressFrom:\n  - { cidr: 203.0.113.0/24, namespace: monitoring }\n',
    ),
    expect: [
      'apps/shop.yaml:10:7 ingressFrom[0].cidr: expected exactly one of namespace/pods or cidr, found namespace and cidr Keep namespace and remove cidr, or the other way round.',
    ],
  },
  {
    name: 'ingressFrom port misspelt',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\ningressFrom:\n  - { cidr: 203.0.113.0/24, port: htp }\n',
    ),
    expect: ['apps/shop.yaml:10:35 ingressFrom[0].port: port "htp" does not exist in any component Did you mean "http"?'],
  },
  {
    name: 'route annotation number in an environment',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nroutes:\n  web:\n    host: shop\n    paths: { /: web }\nenvironments:\n  prod:\n    routes:\n      web:\n        annotations: { nginx.ingress.kubernetes.io/whitelist-source-range: 10 }\n',
    ),
    expect: [
      'apps/shop.yaml:17:76 environments.prod.routes.web.annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]: expected a string, found the number 10 Quote it ("10"): unquoted, YAML reads it as the number 10.',
    ],
  },
  // Rollout order: hooks and sync waves
  {
    name: 'hook in lower case',
    changes: appFile('components:\n  migrate:\n    kind: Job\n    hook: presync\n    containers:\n      migrate: { image: shop:1.2.0 }\n'),
    expect: [
      'apps/shop.yaml:6:11 components.migrate.hook: expected one of "PreSync", "Sync", "PostSync", "SyncFail", found the string "presync" Did you mean "PreSync"?',
    ],
  },
  {
    name: 'hook deletePolicy misspelt',
    changes: appFile(
      'components:\n  migrate:\n    kind: Job\n    hook: { phase: PreSync, deletePolicy: [HookSucceded] }\n    containers:\n      migrate: { image: shop:1.2.0 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:44 components.migrate.hook.deletePolicy[0]: expected one of "BeforeHookCreation", "HookSucceeded", "HookFailed", found the string "HookSucceded" Did you mean "HookSucceeded"?',
    ],
  },
  {
    name: 'hook deletePolicy not a list',
    changes: appFile(
      'components:\n  migrate:\n    kind: Job\n    hook: { phase: PreSync, deletePolicy: HookSucceeded }\n    containers:\n      migrate: { image: shop:1.2.0 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:43 components.migrate.hook.deletePolicy: expected a list, found the string "HookSucceeded" Write it as a list: [HookSucceeded].',
    ],
  },
  {
    name: 'hook without phase',
    changes: appFile(
      'components:\n  migrate:\n    kind: Job\n    hook: { deletePolicy: [HookSucceeded] }\n    containers:\n      migrate: { image: shop:1.2.0 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:11 components.migrate.hook.phase: required field is missing; expected one of "PreSync", "Sync", "PostSync", "SyncFail" Add phase: under components.migrate.hook.',
    ],
  },
  {
    name: 'syncWave out of range',
    changes: appFile('components:\n  migrate:\n    kind: Job\n    syncWave: 1000\n    containers:\n      migrate: { image: shop:1.2.0 }\n'),
    expect: ['apps/shop.yaml:6:15 components.migrate.syncWave: expected at most 100, found the number 1000'],
  },
  {
    name: 'syncWave quoted',
    changes: appFile('components:\n  migrate:\n    kind: Job\n    syncWave: "-1"\n    containers:\n      migrate: { image: shop:1.2.0 }\n'),
    expect: ['apps/shop.yaml:6:15 components.migrate.syncWave: expected a number, found the string "-1" Remove the quotes: -1.'],
  },
  // RBAC and recording rules
  {
    name: 'role with rules and clusterRole',
    changes: appFile(
      "components:\n  web:\n    serviceAccount: web\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nserviceAccounts:\n  web: {}\nroles:\n  view:\n    clusterRole: view\n    rules: [{ apiGroups: [''], resources: [pods], verbs: [get] }]\n    serviceAccounts: [web]\n",
    ),
    expect: [
      'apps/shop.yaml:14:5 roles.view.clusterRole: expected exactly one of rules or clusterRole, found rules and clusterRole Keep rules and remove clusterRole, or the other way round.',
    ],
  },
  {
    name: 'role rule without verbs',
    changes: appFile(
      'components:\n  web:\n    serviceAccount: web\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nserviceAccounts:\n  web: {}\nroles:\n  leases:\n    rules: [{ apiGroups: [coordination.k8s.io], resources: [leases] }]\n    serviceAccounts: [web]\n',
    ),
    expect: ['apps/shop.yaml:14:13 roles.leases.rules[0].verbs: required field is missing; expected a list Add verbs: under roles.leases.rules[0].'],
  },
  {
    name: 'role granting nonResourceURLs in a namespace',
    changes: appFile(
      'components:\n  web:\n    serviceAccount: web\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nserviceAccounts:\n  web: {}\nroles:\n  health:\n    rules: [{ nonResourceURLs: [/healthz], verbs: [get] }]\n    serviceAccounts: [web]\n',
    ),
    expect: [
      'apps/shop.yaml:14:15 roles.health.rules[0].nonResourceURLs: nonResourceURLs are not namespaced, so a Role cannot grant them (the API server refuses it) Set clusterWide: true on the role (a ClusterRole), or remove nonResourceURLs.',
    ],
  },
  {
    name: 'role rule on resources without apiGroups',
    changes: appFile(
      'components:\n  web:\n    serviceAccount: web\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nserviceAccounts:\n  web: {}\nroles:\n  leases:\n    rules: [{ resources: [leases], verbs: [get] }]\n    serviceAccounts: [web]\n',
    ),
    expect: [
      'apps/shop.yaml:14:15 roles.leases.rules[0].resources: a rule on resources needs their API groups (the API server refuses it without) Add apiGroups: [""] for core resources such as pods and configmaps, or the group of the resource (apps, coordination.k8s.io).',
    ],
  },
  {
    name: 'recording rule without expr',
    changes: appFile(
      'components:\n  web:\n    recordingRules:\n      "job:http:rate5m": { labels: { team: web } }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:26 components.web.recordingRules["job:http:rate5m"].expr: required field is missing; expected a string Add expr: under components.web.recordingRules["job:http:rate5m"].',
    ],
  },
  {
    name: 'recording rule label a number',
    changes: appFile(
      'components:\n  web:\n    recordingRules:\n      "job:http:rate5m": { expr: "sum(rate(x[5m]))", labels: { tier: 1 } }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:70 components.web.recordingRules["job:http:rate5m"].labels.tier: expected a string, found the number 1 Quote it ("1"): unquoted, YAML reads it as the number 1.',
    ],
  },
  // Peers outside the fleet: external services, labelled pods, chart talksTo
  {
    name: 'external service host written as a URL',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nexternalServices:\n  db:\n    host: https://db.example.com\n    ports: { postgres: 5432 }\n',
    ),
    expect: [
      'apps/shop.yaml:11:11 externalServices.db.host: expected a Service name or a host name, found the string "https://db.example.com" Write the host alone: db.example.com.',
    ],
  },
  {
    name: 'external Service name with cidr',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nexternalServices:\n  db:\n    host: shop-db-rw\n    ports: { postgres: 5432 }\n    cidr: [10.0.0.0/8]\n',
    ),
    expect: [
      'apps/shop.yaml:13:5 externalServices.db.cidr: cidr applies to a host outside the cluster, and shop-db-rw is a Service name: egress goes to the pods behind it Remove cidr; pods narrows the egress to the pods behind the Service.',
    ],
  },
  {
    name: 'external host name with pods',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nexternalServices:\n  smtp:\n    host: smtp.example.com\n    ports: { smtp: 587 }\n    pods: { app: smtp }\n',
    ),
    expect: [
      'apps/shop.yaml:13:5 externalServices.smtp.pods: pods applies to a Service in the cluster, and host smtp.example.com is a name outside it Remove it; cidr narrows the egress to its addresses (or write the Service name alone as host).',
    ],
  },
  {
    name: 'talksTo pods and component',
    changes: appFile(
      'components:\n  web:\n    talksTo: [{ pods: { cnpg.io/cluster: db }, component: web }]\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:5:17 components.web.talksTo[0].pods: expected exactly one of component/app, cidr, chart, pods or external, found component and pods Keep component and remove pods, or the other way round.',
    ],
  },
  {
    name: 'talksTo pods label key with a space',
    changes: appFile(
      'components:\n  web:\n    talksTo: [{ pods: { "cnpg io/cluster": db } }]\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: ['apps/shop.yaml:5:25 components.web.talksTo[0].pods["cnpg io/cluster"]: expected a label key, found the key "cnpg io/cluster"'],
  },
  {
    name: 'talksTo chart misspelt',
    changes: appFile(
      'components:\n  web:\n    talksTo: [{ chart: cahce }]\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\ncharts:\n  cache:\n    repo: https://charts.example.com\n    chart: redis\n    version: "20.1.0"\n',
    ),
    expect: ['apps/shop.yaml:5:24 components.web.talksTo[0].chart: chart "cahce" does not exist Did you mean "cache"?'],
  },
  {
    name: 'chart talksTo unknown external service',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\ncharts:\n  cache:\n    repo: https://charts.example.com\n    chart: redis\n    version: "20.1.0"\n    talksTo: [{ external: smtp }]\n',
    ),
    expect: ['apps/shop.yaml:14:27 charts.cache.talksTo[0].external: external service "smtp" does not exist No external service is declared in this app.'],
  },
  {
    name: 'chart talksTo component misspelt',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\ncharts:\n  cache:\n    repo: https://charts.example.com\n    chart: redis\n    version: "20.1.0"\n    talksTo: [wbe]\n',
    ),
    expect: ['apps/shop.yaml:14:15 charts.cache.talksTo[0]: component "wbe" does not exist Did you mean "web"?'],
  },
  // resources: merged by kind and name
  {
    name: 'resources override key without kind',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nresources:\n  - apiVersion: postgresql.cnpg.io/v1\n    kind: Cluster\n    metadata: { name: shop-db }\n    spec: { instances: 3 }\nenvironments:\n  dev:\n    resources:\n      shop-db: { spec: { instances: 1 } }\n',
    ),
    expect: [
      'apps/shop.yaml:17:7 environments.dev.resources.shop-db: resource "shop-db" does not exist in the app, so this override would add a new, incomplete one An override names a resource Kind/name: did you mean "Cluster/shop-db"? To add a resource in this override, write it whole with $new: true.',
    ],
  },
  {
    name: 'resources removal misspelt',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nresources:\n  - apiVersion: postgresql.cnpg.io/v1\n    kind: Cluster\n    metadata: { name: shop-db }\n    spec: { instances: 3 }\nenvironments:\n  dev:\n    resources:\n      Cluster/shop-bd: null\n',
    ),
    expect: [
      'apps/shop.yaml:17:7 environments.dev.resources["Cluster/shop-bd"]: Cluster/shop-bd: null removes nothing: resources has no "Cluster/shop-bd" Did you mean "Cluster/shop-db"?',
    ],
  },
  {
    name: 'resources with one kind and name twice',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nresources:\n  - apiVersion: postgresql.cnpg.io/v1\n    kind: Cluster\n    metadata: { name: shop-db }\n    spec: { instances: 3 }\n  - apiVersion: postgresql.cnpg.io/v1\n    kind: Cluster\n    metadata: { name: shop-db }\n    spec: { instances: 1 }\n',
    ),
    expect: [
      'apps/shop.yaml:16:23 resources[1].metadata.name: resources[0] is also Cluster/shop-db: both would be one object, and overrides name resources by kind and name Rename one of them, or merge the two entries.',
    ],
  },
  {
    name: 'resources override that changes the kind',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nresources:\n  - apiVersion: postgresql.cnpg.io/v1\n    kind: Cluster\n    metadata: { name: shop-db }\n    spec: { instances: 3 }\nenvironments:\n  dev:\n    resources:\n      Cluster/shop-db: { kind: Database }\n',
    ),
    expect: [
      'apps/shop.yaml:17:32 environments.dev.resources["Cluster/shop-db"].kind: resource "Cluster/shop-db" is found by its kind and name, so an override cannot change its kind To replace it, remove it (Cluster/shop-db: null) and add the other one whole with $new: true under its own Kind/name.',
    ],
  },
  // Platform variables
  {
    name: 'variable without closing brace',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nconfigMaps:\n  settings:\n    data:\n      URL: https://${flotilla.baseDomain\n',
    ),
    expect: [
      'apps/shop.yaml:12:20 configMaps.settings.data.URL: `${flotilla.` is not followed by a variable name and a closing }, so nothing is replaced Write ${flotilla.<name>} on one line, without spaces; known: app, namespace, environment, cluster, region, baseDomain, storageClass, issuer, ingressClass.',
    ],
  },
  {
    name: 'variable without a name',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nconfigMaps:\n  settings:\n    data:\n      URL: https://${flotilla.}/x\n',
    ),
    expect: [
      'apps/shop.yaml:12:20 configMaps.settings.data.URL: unknown platform variable ${flotilla.} Known: app, namespace, environment, cluster, region, baseDomain, storageClass, issuer, ingressClass.',
    ],
  },
  {
    name: 'variable in an env value',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n        env: { URL: "https://${flotilla.baseDomain}" }\n',
    ),
    expect: [
      'apps/shop.yaml:9:30 components.web.containers.web.env.URL: platform variables are replaced in ConfigMap data and resources only; here ${flotilla.baseDomain} would reach the container as literal text Put the value in a ConfigMap (configMaps: <name>: data:) and read it with { configMap: <name>, key: <key> }.',
    ],
  },
  // Platform variables: an unknown one is reported at its own ${, whatever the scalar style
  {
    name: 'second variable of a plain value',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nconfigMaps:\n  settings:\n    data:\n      URL: https://shop.${flotilla.baseDomain}/x/${flotilla.baseDomian}\n',
    ),
    expect: ['apps/shop.yaml:10:50 configMaps.settings.data.URL: unknown platform variable ${flotilla.baseDomian} Did you mean "baseDomain"?'],
  },
  {
    name: 'variable after escapes in a double-quoted value',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nconfigMaps:\n  settings:\n    data:\n      URL: "\\t\\u00e9 ${flotilla.baseDomian}"\n',
    ),
    expect: ['apps/shop.yaml:10:22 configMaps.settings.data.URL: unknown platform variable ${flotilla.baseDomian} Did you mean "baseDomain"?'],
  },
  {
    name: 'variable after a doubled quote in a single-quoted value',
    changes: appFile(
      "components:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nconfigMaps:\n  settings:\n    data:\n      URL: 'it''s ${flotilla.enviroment}'\n",
    ),
    expect: ['apps/shop.yaml:10:19 configMaps.settings.data.URL: unknown platform variable ${flotilla.enviroment} Did you mean "environment"?'],
  },
  {
    name: 'variable on the third line of a literal block',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nconfigMaps:\n  settings:\n    data:\n      app.ini: |\n        [server]\n        url = https://${flotilla.baseDomain}\n          name = ${flotilla.clusterName}\n',
    ),
    expect: ['apps/shop.yaml:13:18 configMaps.settings.data["app.ini"]: unknown platform variable ${flotilla.clusterName} Did you mean "cluster"?'],
  },
  {
    name: 'variable on a folded line',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nconfigMaps:\n  settings:\n    data:\n      motd: >\n        Welcome to\n        ${flotilla.env} of shop\n',
    ),
    expect: [
      'apps/shop.yaml:12:9 configMaps.settings.data.motd: unknown platform variable ${flotilla.env} Known: app, namespace, environment, cluster, region, baseDomain, storageClass, issuer, ingressClass.',
    ],
  },
  {
    name: 'variable on the second line of a plain value',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nconfigMaps:\n  settings:\n    data:\n      URL: a b\n        c ${flotilla.regoin}\n',
    ),
    expect: ['apps/shop.yaml:11:11 configMaps.settings.data.URL: unknown platform variable ${flotilla.regoin} Did you mean "region"?'],
  },
  {
    name: 'variable written with an escape: at the value',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nconfigMaps:\n  settings:\n    data:\n      URL: "https://\\x24{flotilla.baseDomian}/"\n',
    ),
    expect: ['apps/shop.yaml:10:12 configMaps.settings.data.URL: unknown platform variable ${flotilla.baseDomian} Did you mean "baseDomain"?'],
  },
  {
    name: 'variable inside a raw resource',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\nresources:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: extra }\n    data: { url: "https://x.${flotilla.baseDomian}" }\n',
    ),
    expect: ['apps/shop.yaml:11:29 resources[0].data.url: unknown platform variable ${flotilla.baseDomian} Did you mean "baseDomain"?'],
  },
  // patches
  {
    name: 'patch with json and merge',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    merge: { spec: { minReadySeconds: 5 } }\n    json: [{ op: remove, path: /spec/minReadySeconds }]\n',
    ),
    expect: [
      'apps/shop.yaml:12:5 patches.p.merge: expected exactly one of json or merge, found json and merge Keep json and remove merge, or the other way round.',
    ],
  },
  {
    name: 'patch path not a pointer',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    json: [{ op: add, path: spec/minReadySeconds, value: 5 }]\n',
    ),
    expect: [
      'apps/shop.yaml:12:29 patches.p.json[0].path: expected a JSON pointer such as /spec/template/spec/hostname, found the string "spec/minReadySeconds"',
    ],
  },
  {
    name: 'patch op misspelt',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    json: [{ op: replce, path: /spec/minReadySeconds, value: 5 }]\n',
    ),
    expect: [
      'apps/shop.yaml:12:18 patches.p.json[0].op: expected one of "add", "remove", "replace", "move", "copy", "test", found the string "replce" Did you mean "replace"?',
    ],
  },
  {
    name: 'patch add without value',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    json: [{ op: add, path: /spec/minReadySeconds }]\n',
    ),
    expect: [
      'apps/shop.yaml:12:12 patches.p.json[0]: missing field "value": add, replace and test need a value Add value: <the value> (null for an empty one), or use op: remove.',
    ],
  },
  {
    name: 'patch move without from',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    json: [{ op: move, path: /spec/minReadySeconds }]\n',
    ),
    expect: [
      'apps/shop.yaml:12:12 patches.p.json[0]: missing field "from": move and copy need the pointer to take the value from Add from: /<pointer into the object>, e.g. from: /metadata/labels/tier.',
    ],
  },
  {
    name: 'patch move into itself',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    json: [{ op: move, from: /spec, path: /spec/x }]\n',
    ),
    expect: [
      'apps/shop.yaml:12:12 patches.p.json[0]: move /spec/x: cannot move /spec into itself Look at the rendered object with `flotilla preview --manifests`; the path counts list items from 0.',
    ],
  },
  {
    name: 'patch test that fails',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    json: [{ op: test, path: /spec/replicas, value: 3 }]\n',
    ),
    expect: [
      'apps/shop.yaml:12:12 patches.p.json[0]: test /spec/replicas: test failed: /spec/replicas is 1 Look at the rendered object with `flotilla preview --manifests`; the path counts list items from 0.',
    ],
  },
  {
    name: 'patch target kind misspelt',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deploymnet, name: shop-web }\n    merge: { spec: { minReadySeconds: 5 } }\n',
    ),
    expect: ['apps/shop.yaml:11:21 patches.p.target.kind: patch p: the app renders no Deploymnet Did you mean "Deployment"?'],
  },
  {
    name: 'patch that moves the object to another namespace',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    merge: { metadata: { namespace: kube-system } }\n',
    ),
    expect: [
      "apps/shop.yaml:12:12 patches.p.merge: patch p changes the namespace of Deployment shop-web: an object's identity is how Flotilla, its references and Argo CD know it Objects of the app live in its namespace; deploy to another namespace from an app there.",
    ],
  },
  {
    name: 'patch removal misspelt in an override',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\nenvironments:\n  dev:\n    patches:\n      hostnme: null\n',
    ),
    expect: [
      'apps/shop.yaml:12:7 environments.dev.patches.hostnme: hostnme: null removes nothing: patches has no "hostnme" Remove the line, or correct the key.',
    ],
  },
  {
    name: 'patch that breaks the schema: at the merge patch field',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    merge: { spec: { replicas: many } }\n',
    ),
    expect: ['apps/shop.yaml:12:32 patches.p.merge.spec.replicas: Deployment shop/shop-web: schema: spec.replicas: must be integer (got "many")'],
  },
  {
    name: 'patch field misspelt: at the merge patch key',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    merge: { spec: { minReadySecond: 5 } }\n',
    ),
    expect: [
      'apps/shop.yaml:12:22 patches.p.merge.spec.minReadySecond: Deployment shop/shop-web: schema: spec.minReadySecond: unknown field (not in the schema) Did you mean "minReadySeconds"?',
    ],
  },
  {
    name: 'patch value that breaks the schema: inside the JSON operation value',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-web }\n    json:\n      - op: add\n        path: /spec/template/spec/securityContext/sysctls\n        value: [{ name: net.core.somaxconn, valu: "1024" }]\n',
    ),
    expect: [
      'apps/shop.yaml:15:17 patches.p.json[0].value[0]: Deployment shop/shop-web: schema: spec.template.spec.securityContext.sysctls[0].value: is required Add value.',
      'apps/shop.yaml:15:45 patches.p.json[0].value[0].valu: Deployment shop/shop-web: schema: spec.template.spec.securityContext.sysctls[0].valu: unknown field (not in the schema) Did you mean "value"?',
    ],
  },
  // patches: every variant a patch breaks, in one run
  {
    name: 'patch target missing in the body and one cluster',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  budget:\n    target: { kind: PodDisruptionBudget, name: shop-web }\n    merge: { spec: { maxUnavailable: 2 } }\nenvironments:\n  dev:\n    components:\n      web: { replicas: 2 }\n  prod:\n    components:\n      web: { replicas: 2 }\nclusters:\n  prod-1:\n    components:\n      web: { replicas: 1 }\n',
    ),
    expect: [
      'apps/shop.yaml:11:21 patches.budget.target.kind: patch budget: the app renders no PodDisruptionBudget (in the app body and cluster prod-1) It renders Deployment, NetworkPolicy, Service; `flotilla preview --manifests` shows them.',
    ],
  },
  {
    name: 'patch failing differently per environment',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\npatches:\n  port:\n    target: { kind: Deployment, name: shop-web }\n    json: [{ op: add, path: /spec/template/spec/containers/0/ports/3, value: { name: extra, containerPort: 9000 } }]\nenvironments:\n  prod:\n    components:\n      web:\n        containers:\n          web:\n            ports: { http: 8080, metrics: 9090 }\n',
    ),
    expect: [
      'apps/shop.yaml:12:12 patches.port.json[0]: add /spec/template/spec/containers/0/ports/3: list index 3 is out of range (1 item) (in the app body and environment dev) Look at the rendered object with `flotilla preview --manifests`; the path counts list items from 0.',
      'apps/shop.yaml:12:12 patches.port.json[0]: add /spec/template/spec/containers/0/ports/3: list index 3 is out of range (2 items) (in environment prod) Look at the rendered object with `flotilla preview --manifests`; the path counts list items from 0.',
    ],
  },
  {
    name: 'patch targets missing in two apps',
    changes: {
      files: {
        'apps/shop.yaml': `${APP_HEAD}components:\n  web:\n    containers:\n      web: { image: nginx:1.27 }\npatches:\n  p:\n    target: { kind: Deployment, name: shop-wbe }\n    merge: { spec: { minReadySeconds: 5 } }\n`,
        'apps/cart.yaml':
          'team: web\nnamespace: cart\ncomponents:\n  cart:\n    containers:\n      cart: { image: nginx:1.27 }\npatches:\n  p:\n    target: { kind: Deployment, name: cart-x }\n    merge: { spec: { minReadySeconds: 5 } }\n',
      },
    },
    expect: [
      'apps/cart.yaml:9:39 patches.p.target.name: patch p: no Deployment named "cart-x" is rendered for this app Did you mean "cart"?',
      'apps/shop.yaml:9:39 patches.p.target.name: patch p: no Deployment named "shop-wbe" is rendered for this app Did you mean "shop-web"?',
    ],
  },
  // Container extras
  {
    name: 'grpc probe port misspelt',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n        probes:\n          readiness: { grpc: { port: htp } }\n',
    ),
    expect: ['apps/shop.yaml:10:38 components.web.containers.web.probes.readiness.grpc.port: port "htp" does not exist in container web Did you mean "http"?'],
  },
  {
    name: 'grpc probe without port',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n        probes:\n          readiness: { grpc: { service: shop } }\n',
    ),
    expect: [
      'apps/shop.yaml:10:30 components.web.containers.web.probes.readiness.grpc.port: required field is missing; expected a string or a number Add port: under components.web.containers.web.probes.readiness.grpc.',
    ],
  },
  {
    name: 'sidecar restartPolicy Never',
    changes: appFile(
      'components:\n  web:\n    initContainers:\n      shipper: { image: fluent/fluent-bit:3.2, restartPolicy: Never }\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n',
    ),
    expect: [
      'apps/shop.yaml:6:63 components.web.initContainers.shipper.restartPolicy: expected "Always" (it makes an init container a sidecar; without restartPolicy, one that runs to completion), found the string "Never"',
    ],
  },
  {
    name: 'imagePullPolicy in lower case',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n        imagePullPolicy: always\n',
    ),
    expect: [
      'apps/shop.yaml:9:26 components.web.containers.web.imagePullPolicy: expected one of "Always", "IfNotPresent", "Never", found the string "always" Did you mean "Always"?',
    ],
  },
  {
    name: 'stdin a string',
    changes: appFile('components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n        stdin: "yes"\n'),
    expect: ['apps/shop.yaml:9:16 components.web.containers.web.stdin: expected true or false, found the string "yes" Write true or false, without quotes.'],
  },
  {
    name: 'terminationMessagePolicy misspelt',
    changes: appFile(
      'components:\n  web:\n    containers:\n      web:\n        image: nginx:1.27\n        ports: { http: 8080 }\n        terminationMessagePolicy: FallbackToLogs\n',
    ),
    expect: [
      'apps/shop.yaml:9:35 components.web.containers.web.terminationMessagePolicy: expected one of "File", "FallbackToLogsOnError", found the string "FallbackToLogs" Did you mean "FallbackToLogsOnError"?',
    ],
  },
];

const roots: string[] = [];
after(async () => {
  await Promise.all(roots.map(removeFleet));
});

describe('bad inputs: exact message, exit 1, nothing written', () => {
  test('the minimal fleet they all start from is valid', async () => {
    const root = await makeFleet();
    roots.push(root);
    const run = await runGenerate(root, ['--quiet']);
    assert.deepEqual(run.err, []);
    assert.equal(run.code, 0);
  });

  test('every fixture folder is a case, and the corpus covers at least 35 inputs', async () => {
    const folders = (await readdir(BAD_FIXTURES)).sort();
    const used = CASES.flatMap((c) => (c.fixture ? [c.fixture] : [])).sort();
    assert.deepEqual(used, folders);
    assert.ok(CASES.length >= 35, `${CASES.length} cases`);
  });

  for (const c of [...CASES, ...FIELD_CASES]) {
    test(c.name ?? c.fixture!, async () => {
      const changes = typeof c.changes === 'function' ? c.changes() : c.changes;
      const root = await makeFleet({ ...changes, fixture: c.fixture });
      roots.push(root);
      const before = await snapshotTree(root);
      const run = await runGenerate(root);

      const errors = c.expect.filter((line) => !/^\S+ warning:/.test(line)).length;
      assert.deepEqual(run.err, [...c.expect, '', `${errors} error${errors === 1 ? '' : 's'} in the fleet config; nothing was written.`]);
      assert.equal(run.code, 1);
      assert.deepEqual(run.out, []);
      assert.deepEqual(await snapshotTree(root), before, 'the fleet tree changed');
      await removeFleet(root);
    });
  }
});

test('a --root that does not exist is named as such, exit 1, and nothing is created', async (t) => {
  const parent = await mkdtemp(path.join(tmpdir(), 'flotilla-no-root-'));
  t.after(() => rm(parent, { recursive: true, force: true }));
  const root = path.join(parent, 'fleet');
  const run = await runGenerate(root);
  assert.deepEqual(run.err, [
    `error: the fleet root ${root} does not exist; pass the folder that holds fleet.yaml, apps/ and clusters/ with --root (default: the current directory)`,
  ]);
  assert.equal(run.code, 1);
  assert.deepEqual(await readdir(parent), []);
});
