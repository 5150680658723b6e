/**
 * What is reviewed first, by the definitions in generator/diff/security.ts:
 * each rule once with a change that must be caught and one that must not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffFleets } from '../../generator/diff/fleet-diff.ts';
import type { FleetDiff } from '../../generator/diff/model.ts';
import { podSecurityFlags } from '../../generator/diff/security.ts';
import type { K8sObject } from '../../generator/model/object.ts';
import { ALL, appOn, deployment, side } from './sides.ts';

function review(before: K8sObject[], after: K8sObject[], clusters = ALL): FleetDiff['review'] {
  return diffFleets(side(appOn('shop', clusters, () => before)), side(appOn('shop', clusters, () => after))).review;
}
const lines = (items: FleetDiff['review']) => items.map((r) => `${r.category} ${r.object ?? ''}: ${r.detail}${r.where ? ` — ${r.where.text}` : ''}`);

function policy(name: string, spec: Record<string, unknown>): K8sObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec };
}
const denyAll = policy('shop-default-deny', { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'shop' } }, policyTypes: ['Ingress', 'Egress'] });
const allowWeb = (ports: unknown[], from: unknown[] = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]) =>
  policy('shop-web', {
    podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/component': 'web' } },
    policyTypes: ['Ingress'],
    ingress: [{ from, ports }],
  });

describe('pod security', () => {
  it('has no findings for a restricted pod, and names each weakening', () => {
    assert.deepEqual(podSecurityFlags(deployment('shop')), []);
    const weak = deployment('shop', {
      pod: { hostNetwork: true, volumes: [{ name: 'sock', hostPath: { path: '/var/run' } }], automountServiceAccountToken: true, securityContext: {} },
      container: { securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] }, runAsUser: 0 }, ports: [{ containerPort: 80, hostPort: 80 }] },
    });
    assert.deepEqual(podSecurityFlags(weak), [
      'container web: capabilities not all dropped',
      'container web: capability NET_ADMIN',
      'container web: host port 80',
      'container web: privilege escalation allowed',
      'container web: privileged',
      'container web: runs as root',
      'container web: seccomp not set',
      'container web: writable root filesystem',
      'hostNetwork',
      'hostPath volume sock',
      'service account token mounted',
    ]);
  });

  it('reports what a change weakens, with where, and not what it strengthens', () => {
    const weaker = deployment('shop', {
      container: {
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
        },
      },
    });
    assert.deepEqual(lines(review([deployment('shop')], [weaker], ['prod-1', 'prod-2'])), [
      'pod-security Deployment shop/shop-web: container web: capability NET_BIND_SERVICE — prod: prod-1, prod-2',
    ]);
    assert.deepEqual(review([weaker], [deployment('shop')]), []);
  });

  it('does not report what an app already ran elsewhere when it comes to a new cluster', () => {
    const weak = deployment('shop', { container: { securityContext: { runAsUser: 0 } } });
    const before = side(appOn('shop', ['prod-1'], () => [weak]));
    const after = side(appOn('shop', ['prod-1', 'prod-2'], () => [weak]));
    assert.deepEqual(diffFleets(before, after).review, []);
    const brandNew = diffFleets(side(), after).review;
    assert.ok(
      lines(brandNew).includes('pod-security Deployment shop/shop-web: container web: runs as root — prod: prod-1, prod-2'),
      lines(brandNew).join('\n'),
    );
  });

  it('reads the pod security admission level of namespaces', () => {
    const ns = (level: string): K8sObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': level } },
    });
    assert.deepEqual(lines(review([ns('restricted')], [ns('baseline')], ['dev-1'])), [
      'pod-security Namespace shop: pod security admission baseline — dev: dev-1',
    ]);
  });
});

describe('network policy widening', () => {
  const web = allowWeb([{ port: 8080 }]);
  it('reports a new peer or port, and not a removed one', () => {
    assert.deepEqual(lines(review([denyAll, web], [denyAll, allowWeb([{ port: 8080 }, { port: 9090 }])], ['dev-1'])), [
      'network NetworkPolicy shop/shop-web: allows ingress from namespaces {kubernetes.io/metadata.name=ingress-nginx} on TCP/9090 — dev: dev-1',
    ]);
    assert.deepEqual(review([denyAll, allowWeb([{ port: 8080 }, { port: 9090 }])], [denyAll, web]), []);
  });

  it('reads a rule without peers or ports as anywhere and any port', () => {
    assert.deepEqual(lines(review([denyAll, web], [denyAll, allowWeb([{ port: 8080 }], [])], ['dev-1'])), [
      'network NetworkPolicy shop/shop-web: allows ingress from anywhere on TCP/8080 — dev: dev-1',
    ]);
  });

  it('reports a policy that stops isolating a direction or selects other pods', () => {
    const egressOnly = policy('shop-default-deny', { ...(denyAll.spec as object), policyTypes: ['Egress'] });
    assert.deepEqual(lines(review([denyAll], [egressOnly], ['dev-1'])), [
      'network NetworkPolicy shop/shop-default-deny: no longer isolates ingress — dev: dev-1',
    ]);
    const other = policy('shop-default-deny', { ...(denyAll.spec as object), podSelector: { matchLabels: { tier: 'x' } } });
    assert.deepEqual(lines(review([denyAll], [other], ['dev-1'])), [
      'network NetworkPolicy shop/shop-default-deny: now applies to pods {tier=x} (was {app.kubernetes.io/part-of=shop}) — dev: dev-1',
    ]);
  });

  it('reports removing a policy unless a remaining one isolates a superset of its pods', () => {
    assert.deepEqual(review([denyAll, web], [denyAll]), [], 'the default deny still isolates the web pods');
    assert.deepEqual(lines(review([denyAll, web], [web], ['dev-1'])), [
      'network NetworkPolicy shop/shop-default-deny: removed, and no remaining policy isolates its pods: they may accept traffic it did not allow — dev: dev-1',
    ]);
  });
});

describe('access and cluster-scoped objects', () => {
  const role: K8sObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'shop-reader' }, rules: [{ verbs: ['get'] }] };
  it('reports RBAC objects added, changed and removed, and new cluster-scoped objects', () => {
    assert.deepEqual(lines(review([], [role], ['dev-1'])), [
      'rbac ClusterRole shop-reader: added — dev: dev-1',
      'cluster-scoped ClusterRole shop-reader: added — dev: dev-1',
    ]);
    assert.deepEqual(lines(review([role], [{ ...role, rules: [{ verbs: ['get', 'list'] }] }], ['dev-1'])), [
      'rbac ClusterRole shop-reader: changes rules — dev: dev-1',
    ]);
    assert.deepEqual(lines(review([role], [], ['dev-1'])), ['rbac ClusterRole shop-reader: removed — dev: dev-1']);
  });

  it('reports AppProject changes and new config warnings without a where', () => {
    const project = (dest: string): K8sObject => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'shop', namespace: 'argocd' },
      spec: { destinations: [{ name: dest }] },
    });
    const warning = {
      file: 'apps/shop.yaml',
      line: 3,
      column: 5,
      path: 'x',
      message: 'security opt-out runAsRoot (binds port 80)',
      severity: 'warning' as const,
    };
    const diff = diffFleets({ applications: [], projects: [project('a')] }, { applications: [], projects: [project('b')], warnings: [warning] });
    assert.deepEqual(lines(diff.review), [
      'access AppProject shop: what the team may deploy where: the project changes destinations',
      'pod-security : apps/shop.yaml:3:5 x: security opt-out runAsRoot (binds port 80)',
    ]);
  });

  it('puts data at risk first (deleted, or replaced by a change Kubernetes cannot apply in place), then deleted Applications', () => {
    const pvc = (storageClassName: string): K8sObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'shop' },
      spec: { storageClassName, resources: { requests: { storage: '1Gi' } } },
    });
    const diff = diffFleets(
      side(appOn('shop', ['dev-1', 'dev-2', 'dev-3'], () => [pvc('standard')])),
      side(appOn('shop', ['dev-1', 'dev-3'], (c) => (c === 'dev-1' ? [] : [pvc('fast')]))),
    );
    assert.deepEqual(lines(diff.review), [
      'data-at-risk PersistentVolumeClaim shop/data: deleted: no longer generated; Argo CD prunes it, and a volume claim with it — dev: dev-1',
      'data-at-risk PersistentVolumeClaim shop/data: holds data: deleting the Application deletes it with its data — dev: dev-2',
      'data-at-risk PersistentVolumeClaim shop/data: replaced: the claim: storageClassName changes from standard to fast: Kubernetes cannot change this in place, so it would be deleted and re-created, with a new, empty volume — dev: dev-3',
      'application-deleted : Application no longer generated: what it deployed stays until it is deleted — dev: dev-2',
    ]);
  });
});
