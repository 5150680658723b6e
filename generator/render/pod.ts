/**
 * Pod templates: containers with restricted pod security by default. Each
 * opt-out is explicit per container and carries its reason as an annotation,
 * so a reviewer reads why (an Apache image that binds port 80 needs root).
 */

import type { z } from 'zod';
import { orderContainers } from '../model/container-order.ts';
import { ANNOTATION } from '../model/names.ts';
import { sortedEntries } from '../model/object.ts';
import { portNumber, portProtocol } from '../model/ports.ts';
import { workloadKind } from '../model/workload-kinds.ts';
import { servicePorts } from '../validate/rules/peers.ts';
import type { ComponentSpec } from '../validate/schema/component.ts';
import type { ContainerInput, Container as ContainerSchema } from '../validate/schema/container.ts';
import { appLabels, componentName, externalHost, type RenderTarget, selectorLabels, serviceHost } from './context.ts';

type ContainerSpec = z.output<typeof ContainerSchema>;

export type { ContainerInput };

export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

export function renderPodTemplate(t: RenderTarget, name: string, c: ComponentSpec, configMapNames: Map<string, string>): PodTemplate {
  const optOuts: string[] = [];
  const containers = inOrder(c.containers).map(([cn, ct]) => renderContainer(t, cn, ct, c, configMapNames, optOuts));
  const initContainers = inOrder(c.initContainers ?? {}).map(([cn, ct]) => renderContainer(t, cn, ct, c, configMapNames, optOuts));
  const anyRoot = [...Object.values(c.containers), ...Object.values(c.initContainers ?? {})].some((ct) => ct.securityOptOut?.runAsRoot);
  const account = c.serviceAccount ? t.variant.body.serviceAccounts?.[c.serviceAccount] : undefined;
  const host = c.podSecurityOptOut ?? {};
  for (const [what, reason] of sortedEntries(host)) optOuts.push(`pod.${what}: ${reason}`);
  const spec: Record<string, unknown> = {
    automountServiceAccountToken: account?.automountToken ?? false,
    ...(c.serviceAccount ? { serviceAccountName: c.serviceAccount } : {}),
    securityContext: {
      ...(anyRoot ? {} : { runAsNonRoot: true }),
      ...(c.fsGroup !== undefined ? { fsGroup: c.fsGroup } : {}),
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(host.hostNetwork ? { hostNetwork: true } : {}),
    ...(host.hostPID ? { hostPID: true } : {}),
    ...(host.hostIPC ? { hostIPC: true } : {}),
    ...(c.hostUsers !== undefined ? { hostUsers: c.hostUsers } : {}),
    ...((c.dnsPolicy ?? (host.hostNetwork ? 'ClusterFirstWithHostNet' : undefined)) ? { dnsPolicy: c.dnsPolicy ?? 'ClusterFirstWithHostNet' } : {}),
    ...passThrough(c),
    ...(c.imagePullSecrets ? { imagePullSecrets: c.imagePullSecrets.map((s) => ({ name: s })) } : {}),
    ...(initContainers.length ? { initContainers } : {}),
    containers,
    volumes: renderVolumes(c, configMapNames),
    ...(c.nodeSelector ? { nodeSelector: c.nodeSelector } : {}),
    ...(c.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: c.terminationGracePeriodSeconds } : {}),
    ...(c.podResources ? { resources: c.podResources } : {}),
    ...spreadFor(t, name, c),
    ...affinityFor(t, name, c),
  };
  if ((spec.volumes as unknown[]).length === 0) delete spec.volumes;
  const labels = { ...appLabels(t.app, name), ...selectorLabels(t.app.applicationId, name), ...(c.podLabels ?? {}) };
  const annotations = { ...(c.podAnnotations ?? {}), ...(optOuts.length ? { [ANNOTATION.securityOptOut]: optOuts.join('; ') } : {}) };
  return { metadata: { labels, ...(Object.keys(annotations).length ? { annotations } : {}) }, spec };
}

/** Containers in their dependsOn order (validate refused unknown names and cycles). */
function inOrder(containers: Record<string, ContainerSpec>): [string, ContainerSpec][] {
  const found = orderContainers(new Map(Object.entries(containers).map(([name, ct]) => [name, ct.dependsOn])));
  if (!('order' in found)) throw new Error('container dependsOn is not an order (validation should have caught this)');
  return found.order.map((name) => [name, containers[name]!]);
}

function renderContainer(
  t: RenderTarget,
  cn: string,
  ct: ContainerSpec,
  _c: ComponentSpec,
  configMapNames: Map<string, string>,
  optOuts: string[],
): Record<string, unknown> {
  const opt = ct.securityOptOut ?? {};
  for (const [what, reason] of sortedEntries(opt))
    optOuts.push(
      `${cn}.${what}: ${
        typeof reason === 'string'
          ? reason
          : sortedEntries(reason ?? {})
              .map(([k, r]) => `${k} (${r})`)
              .join(', ')
      }`,
    );
  const mounts = sortedEntries(ct.mounts ?? {}).map(([volume, m]) =>
    typeof m === 'string'
      ? { name: volume, mountPath: m }
      : { name: volume, mountPath: m.path, ...(m.subPath ? { subPath: m.subPath } : {}), ...(m.readOnly ? { readOnly: true } : {}) },
  );
  if (!opt.writableRootFilesystem && !mounts.some((m) => m.mountPath === '/tmp')) mounts.push({ name: 'tmp', mountPath: '/tmp' });
  const env = Object.entries(ct.env ?? {}).map(([k, v]) => renderEnv(t, k, v, configMapNames));
  const securityContext: Record<string, unknown> = {
    allowPrivilegeEscalation: Boolean(opt.privilegeEscalation),
    capabilities: { drop: ['ALL'], ...(opt.capabilities ? { add: Object.keys(opt.capabilities).sort() } : {}) },
    readOnlyRootFilesystem: !opt.writableRootFilesystem,
    runAsNonRoot: !opt.runAsRoot,
    ...(ct.runAsUser ? { runAsUser: ct.runAsUser } : {}),
  };
  return {
    name: cn,
    image: ct.image,
    ...(ct.command ? { command: ct.command } : {}),
    ...(ct.args ? { args: ct.args } : {}),
    ...(ct.workingDir ? { workingDir: ct.workingDir } : {}),
    ...(ct.ports ? { ports: sortedEntries(ct.ports).map(([name, spec]) => ({ name, containerPort: portNumber(spec), protocol: portProtocol(spec) })) } : {}),
    ...(env.length ? { env } : {}),
    ...(ct.envFrom
      ? {
          envFrom: ct.envFrom.map((r) =>
            r.configMap ? { configMapRef: { name: configMapNames.get(r.configMap) ?? r.configMap } } : { secretRef: { name: r.secret } },
          ),
        }
      : {}),
    ...(ct.imagePullPolicy ? { imagePullPolicy: ct.imagePullPolicy } : {}),
    ...(ct.restartPolicy ? { restartPolicy: ct.restartPolicy } : {}),
    ...(ct.stdin !== undefined ? { stdin: ct.stdin } : {}),
    ...(ct.tty !== undefined ? { tty: ct.tty } : {}),
    ...(ct.terminationMessagePath ? { terminationMessagePath: ct.terminationMessagePath } : {}),
    ...(ct.terminationMessagePolicy ? { terminationMessagePolicy: ct.terminationMessagePolicy } : {}),
    ...(ct.resources ? { resources: ct.resources } : {}),
    ...probes(ct),
    ...(ct.lifecycle ? { lifecycle: Object.fromEntries(Object.entries(ct.lifecycle).map(([k, h]) => [k, handler(h!)])) } : {}),
    securityContext,
    volumeMounts: mounts,
  };
}

function renderEnv(t: RenderTarget, name: string, v: NonNullable<ContainerSpec['env']>[string], configMapNames: Map<string, string>): Record<string, unknown> {
  if (typeof v === 'string') return { name, value: v };
  if (v.configMap) return { name, valueFrom: { configMapKeyRef: { name: configMapNames.get(v.configMap) ?? v.configMap, key: v.key } } };
  if (v.secret) return { name, valueFrom: { secretKeyRef: { name: v.secret, key: v.key } } };
  if (v.fieldPath) return { name, valueFrom: { fieldRef: { fieldPath: v.fieldPath } } };
  const external = !v.app && !t.variant.body.components[v.service!] ? t.variant.body.externalServices?.[v.service!] : undefined;
  if (external) {
    const port = v.port === undefined ? undefined : typeof v.port === 'number' ? v.port : portNumber(external.ports[v.port]!);
    return { name, value: `${externalHost(t.app.namespace, external)}${port === undefined ? '' : `:${port}`}` };
  }
  const target = v.app ? t.fleet.app(v.app)! : t.app;
  const body = target === t.app ? t.variant.body : (t.variant.environment && target.envVariants.get(t.variant.environment)?.body) || target.base.body;
  const component = body.components[v.service!]!;
  let host = serviceHost(target.applicationId, target.namespace, v.service!, component.service ? component.service.name : undefined);
  if (v.port !== undefined) host += `:${servicePortNumber(component, v.port)}`;
  return { name, value: host };
}

export function servicePortNumber(c: ComponentSpec, port: string | number): number {
  if (typeof port === 'number') return port;
  const spec = c.service ? c.service.ports?.[port] : undefined;
  if (spec !== undefined) return typeof spec === 'number' ? spec : spec.port;
  for (const ct of Object.values(c.containers)) if (ct.ports?.[port] !== undefined) return portNumber(ct.ports[port]);
  throw new Error(`port ${port} not found (validation should have caught this)`);
}

function probes(ct: ContainerSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [kind, p] of Object.entries(ct.probes ?? {})) {
    if (!p) continue;
    const { http, tcp, exec, grpc, ...timing } = p;
    const action = http
      ? { httpGet: { path: http.path, port: http.port, ...(http.scheme ? { scheme: http.scheme } : {}) } }
      : tcp !== undefined
        ? { tcpSocket: { port: tcp } }
        : grpc
          ? // The API takes a gRPC port only by number.
            {
              grpc: { port: typeof grpc.port === 'number' ? grpc.port : portNumber(ct.ports![grpc.port]!), ...(grpc.service ? { service: grpc.service } : {}) },
            }
          : { exec: { command: exec } };
    out[`${kind}Probe`] = { ...action, ...timing };
  }
  return out;
}

function handler(h: { exec?: string[]; http?: { path: string; port: string | number; scheme?: string }; sleepSeconds?: number }): Record<string, unknown> {
  if (h.exec) return { exec: { command: h.exec } };
  if (h.http) return { httpGet: { path: h.http.path, port: h.http.port } };
  return { sleep: { seconds: h.sleepSeconds } };
}

function renderVolumes(c: ComponentSpec, configMapNames: Map<string, string>): Record<string, unknown>[] {
  const volumes: Record<string, unknown>[] = [];
  for (const [name, v] of sortedEntries(c.volumes ?? {})) {
    if (v.claimTemplate) continue; // provided by the StatefulSet's volumeClaimTemplates
    if (v.pvc) volumes.push({ name, persistentVolumeClaim: { claimName: v.pvc } });
    else if (v.configMap) volumes.push({ name, configMap: { name: configMapNames.get(v.configMap) ?? v.configMap } });
    else if (v.secret) volumes.push({ name, secret: { secretName: v.secret } });
    else if (v.emptyDir) volumes.push({ name, emptyDir: v.emptyDir });
    else if (v.hostPath) volumes.push({ name, hostPath: v.hostPath });
  }
  const needsTmp = [...Object.values(c.containers), ...Object.values(c.initContainers ?? {})].some(
    (ct) => !ct.securityOptOut?.writableRootFilesystem && !Object.values(ct.mounts ?? {}).some((m) => (typeof m === 'string' ? m : m.path) === '/tmp'),
  );
  if (needsTmp && !c.volumes?.tmp) volumes.push({ name: 'tmp', emptyDir: {} });
  return volumes;
}

/** Replicated workloads spread across nodes and zones, so one node or zone loss leaves capacity. */
function spreadFor(t: RenderTarget, name: string, c: ComponentSpec): Record<string, unknown> {
  if (c.topologySpreadConstraints) return { topologySpreadConstraints: c.topologySpreadConstraints };
  const replicas = c.autoscaling?.min ?? c.replicas ?? 1;
  const spread = c.spread ?? replicas >= 2;
  if (!spread || !workloadKind(c.kind).spread) return {};
  const labelSelector = { matchLabels: selectorLabels(t.app.applicationId, name) };
  return {
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector },
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector },
    ],
  };
}

export { componentName, servicePorts };

/** Pod fields written as the native Kubernetes types, passed through in a fixed order. */
const PASS_THROUGH = [
  'priorityClassName',
  'runtimeClassName',
  'schedulerName',
  'dnsConfig',
  'hostAliases',
  'hostname',
  'enableServiceLinks',
  'shareProcessNamespace',
  'tolerations',
] as const;

function passThrough(c: ComponentSpec): Record<string, unknown> {
  return Object.fromEntries(PASS_THROUGH.filter((f) => c[f] !== undefined).map((f) => [f, c[f]]));
}

/** `affinity` as written, plus the pod anti-affinity `antiAffinity` asks for (one pod of the component per node). */
function affinityFor(t: RenderTarget, name: string, c: ComponentSpec): Record<string, unknown> {
  if (!c.affinity && !c.antiAffinity) return {};
  const affinity = structuredClone({ ...(c.affinity ?? {}) }) as Record<string, Record<string, unknown[]>>;
  if (c.antiAffinity) {
    const term = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selectorLabels(t.app.applicationId, name) } };
    affinity.podAntiAffinity ??= {};
    const anti = affinity.podAntiAffinity;
    if (c.antiAffinity === 'required') {
      anti.requiredDuringSchedulingIgnoredDuringExecution = [...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? []), term];
    } else {
      anti.preferredDuringSchedulingIgnoredDuringExecution = [
        ...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []),
        { weight: 100, podAffinityTerm: term },
      ];
    }
  }
  return { affinity };
}
