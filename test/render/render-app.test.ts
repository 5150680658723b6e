/**
 * What the renderer guarantees for every app, checked on the example fleet:
 * restricted pod security unless a reasoned opt-out, sync waves that create
 * dependencies first, implied disruption budgets, default-deny networking,
 * and the environment's issuer on every certificate.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { K8sObject } from '../../generator/model/object.ts';
import { type BuiltFleet, buildFleet } from '../../generator/pipeline.ts';
import { REPO_ROOT } from '../support/temp-fleet.ts';

let fleet: BuiltFleet;
const objectsAt = (path: string): K8sObject[] => {
  const objects = fleet.output.rendered.get(path);
  assert.ok(objects, `no rendered output for ${path}`);
  return objects;
};
const find = (objects: K8sObject[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind} ${name} not rendered`);
  return o as K8sObject & { spec: any };
};
const podSpec = (o: any) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);

before(async () => {
  fleet = await buildFleet(REPO_ROOT);
});

describe('pod security', () => {
  it('is restricted by default for every container without an opt-out', () => {
    const pod = podSpec(find(objectsAt('overlays/prod/wander'), 'Deployment', 'wander-api'));
    assert.deepEqual(pod.securityContext, { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    assert.deepEqual(pod.containers[0].securityContext, {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
    assert.equal(pod.automountServiceAccountToken, false);
    assert.ok(
      pod.volumes.some((v: any) => v.name === 'tmp' && v.emptyDir),
      'a read-only root gets a writable /tmp',
    );
  });

  it('applies only the opt-outs a container declares, and records their reasons', () => {
    const deployment = find(objectsAt('overlays/prod/matomo'), 'Deployment', 'matomo') as any;
    const container = deployment.spec.template.spec.containers[0];
    assert.equal(container.securityContext.runAsNonRoot, false);
    assert.equal(container.securityContext.readOnlyRootFilesystem, false);
    assert.equal(container.securityContext.allowPrivilegeEscalation, false, 'not opted out, so still forbidden');
    assert.deepEqual(container.securityContext.capabilities, { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SETGID', 'SETUID'] });
    assert.match(deployment.spec.template.metadata.annotations['flotilla.dev/security-opt-out'], /runAsRoot: The official Apache image/);
    const matomo = fleet.plan.apps.find((a) => a.name === 'matomo')!;
    assert.equal(matomo.needsBaselinePodSecurity, true);
    assert.equal(fleet.plan.apps.find((a) => a.name === 'wander')!.needsBaselinePodSecurity, false);
  });
});

describe('ordering and protection', () => {
  it('creates PVCs, ConfigMaps and secrets in an earlier sync wave than the workloads that use them', () => {
    const objects = objectsAt('overlays/prod/matomo');
    const wave = (kind: string, name: string) => Number(find(objects, kind, name).metadata.annotations!['argocd.argoproj.io/sync-wave']);
    assert.ok(wave('PersistentVolumeClaim', 'matomo-backup') < wave('CronJob', 'matomo-backup'), 'a PVC exists before the CronJob that mounts it');
    assert.ok(wave('ExternalSecret', 'matomo-db') < wave('StatefulSet', 'matomo-mariadb'));
    const kairo = objectsAt('overlays/prod/kairoflow');
    const cm = kairo.find((o) => o.kind === 'ConfigMap')!;
    assert.ok(
      Number(cm.metadata.annotations!['argocd.argoproj.io/sync-wave']) <
        Number(find(kairo, 'Deployment', 'kairoflow-web').metadata.annotations!['argocd.argoproj.io/sync-wave']),
    );
  });

  it('protects stateful objects of stateful apps from pruning and deletion without confirmation', () => {
    const objects = objectsAt('overlays/prod/matomo');
    assert.equal(
      find(objects, 'PersistentVolumeClaim', 'matomo-data').metadata.annotations!['argocd.argoproj.io/sync-options'],
      'Prune=confirm,Delete=confirm',
    );
    assert.equal(find(objects, 'StatefulSet', 'matomo-mariadb').metadata.annotations!['argocd.argoproj.io/sync-options'], 'Prune=confirm,Delete=confirm');
    assert.equal(find(objects, 'Deployment', 'matomo').metadata.annotations!['argocd.argoproj.io/sync-options'], undefined);
  });

  it('names ConfigMaps by content hash so pods roll when config changes', () => {
    const cm = objectsAt('overlays/prod/kairoflow').find((o) => o.kind === 'ConfigMap')!;
    assert.match(cm.metadata.name, /^nginx-[0-9a-f]{10}$/);
    const pod = podSpec(find(objectsAt('overlays/prod/kairoflow'), 'Deployment', 'kairoflow-web'));
    assert.ok(pod.volumes.some((v: any) => v.configMap?.name === cm.metadata.name));
  });
});

describe('availability', () => {
  it('implies a PodDisruptionBudget from two replicas, and drops it where an environment runs one', () => {
    assert.deepEqual(find(objectsAt('overlays/staging/wander'), 'PodDisruptionBudget', 'wander-api').spec.maxUnavailable, 1);
    assert.equal(
      objectsAt('overlays/dev/wander').some((o) => o.kind === 'PodDisruptionBudget'),
      false,
    );
  });

  it('lets the HPA own replicas in prod and spreads replicated pods across zones', () => {
    const objects = objectsAt('overlays/prod/wander');
    const deployment = find(objects, 'Deployment', 'wander-api');
    assert.equal(deployment.spec.replicas, undefined);
    assert.deepEqual(find(objects, 'HorizontalPodAutoscaler', 'wander-api').spec.maxReplicas, 20);
    assert.equal(find(objectsAt('overlays/prod-us/wander'), 'HorizontalPodAutoscaler', 'wander-api').spec.maxReplicas, 30, 'cluster override');
    assert.deepEqual(
      deployment.spec.template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey),
      ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'],
    );
  });
});

describe('network policy', () => {
  it('denies everything by default for each app, allowing DNS', () => {
    const deny = find(objectsAt('overlays/prod/matomo'), 'NetworkPolicy', 'matomo-default-deny');
    assert.deepEqual(deny.spec.policyTypes, ['Ingress', 'Egress']);
    assert.equal(deny.spec.ingress, undefined);
    assert.deepEqual(deny.spec.egress[0].ports, [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
  });

  it('derives allow rules from declared dependencies, routes and metrics', () => {
    const objects = objectsAt('overlays/prod/matomo');
    const db = find(objects, 'NetworkPolicy', 'matomo-mariadb');
    const from = db.spec.ingress.flatMap((r: any) => r.from.map((p: any) => p.podSelector.matchLabels['app.kubernetes.io/name']));
    assert.deepEqual(from.sort(), ['archive', 'backup', 'matomo']);
    assert.deepEqual(db.spec.ingress[0].ports, [{ protocol: 'TCP', port: 'mysql' }]);
    const web = find(objects, 'NetworkPolicy', 'matomo');
    assert.ok(
      web.spec.ingress.some((r: any) => r.from[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'ingress-nginx'),
      'the ingress controller reaches the routed component',
    );
    const api = find(objectsAt('overlays/prod/wander'), 'NetworkPolicy', 'wander-api');
    assert.ok(
      api.spec.ingress.some((r: any) => r.from[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'monitoring'),
      'Prometheus scrapes the metrics port',
    );
    assert.ok(
      api.spec.egress.some((r: any) => r.to[0].podSelector?.matchLabels['app.kubernetes.io/instance'] === 'wander-postgresql'),
      'egress to the chart release',
    );
    const chart = find(objectsAt('overlays/prod/wander'), 'NetworkPolicy', 'wander-postgresql-chart');
    assert.ok(chart.spec.ingress.some((r: any) => r.from[0].podSelector?.matchLabels['app.kubernetes.io/name'] === 'api'));
  });
});

describe('TLS and routes', () => {
  it('uses the staging issuer outside prod and the production issuer in prod', () => {
    const issuer = (path: string) => find(objectsAt(path), 'Ingress', 'wander-web').metadata.annotations!['cert-manager.io/cluster-issuer'];
    assert.equal(issuer('overlays/dev/wander'), 'letsencrypt-staging');
    assert.equal(issuer('overlays/staging/wander'), 'letsencrypt-staging');
    assert.equal(issuer('overlays/prod/wander'), 'letsencrypt-prod');
    const cert = find(objectsAt('overlays/staging/kairoflow'), 'Certificate', 'kairoflow-web');
    assert.equal(cert.spec.issuerRef.name, 'letsencrypt-staging');
  });

  it('builds hosts from the environment or cluster base domain', () => {
    const host = (path: string) => find(objectsAt(path), 'Ingress', 'matomo-web').spec.rules[0].host;
    assert.equal(host('overlays/dev/matomo'), 'matomo.dev.example.com');
    assert.equal(host('overlays/prod/matomo'), 'matomo.example.com');
    assert.equal(host('overlays/prod-us/matomo'), 'matomo.us.example.com');
  });

  it('renders a Traefik IngressRoute with an HTTPS redirect and a cert-manager Certificate', () => {
    const objects = objectsAt('overlays/prod/kairoflow');
    const route = find(objects, 'IngressRoute', 'kairoflow-web');
    assert.deepEqual(route.spec.entryPoints, ['websecure']);
    assert.equal(route.spec.routes[0].match, 'Host(`kairoflow.example.com`)');
    assert.deepEqual(route.spec.routes[0].services, [{ name: 'kairoflow-web', port: 80 }]);
    assert.equal(find(objects, 'Middleware', 'kairoflow-web-https-redirect').spec.redirectScheme.scheme, 'https');
  });
});
