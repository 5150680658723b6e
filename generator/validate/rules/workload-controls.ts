/**
 * Rules for the controls of a workload that a schema cannot express: host
 * folders need their opt-out, DNS policy None needs a config, claims deleted
 * with their StatefulSet lose data, a PreSync hook runs before anything of the
 * sync exists, and Service options that only some Service types honour.
 */
import type { ComponentSpec } from '../schema/component.ts';
import type { RuleContext } from './context.ts';
import { type Variant, variants } from './variants.ts';

export function workloadControlRules(ctx: RuleContext): void {
  for (const v of variants(ctx)) {
    for (const [name, c] of Object.entries(v.body.components)) {
      const at = (...rest: (string | number)[]) => ['components', name, ...rest];
      for (const [volume, spec] of Object.entries(c.volumes ?? {}))
        if (spec.hostPath && !c.podSecurityOptOut?.hostPath)
          ctx.error(
            v.layers,
            at('volumes', volume, 'hostPath'),
            `a hostPath volume exposes the node's files to the pod, which Pod Security refuses below the privileged level`,
            'Add podSecurityOptOut: { hostPath: "<why the pods need the node\'s files>" } to the component, or use another volume.',
          );
      const hostNamespace = (['hostNetwork', 'hostPID', 'hostIPC'] as const).find((h) => c.podSecurityOptOut?.[h]);
      if (c.hostUsers === false && hostNamespace)
        ctx.error(
          v.layers,
          at('hostUsers'),
          `a pod in its own user namespace cannot share the node's namespaces (${hostNamespace})`,
          'Remove hostUsers: false, or the host namespace opt-out.',
        );
      if (c.dnsPolicy === 'None' && !c.dnsConfig)
        ctx.error(v.layers, at('dnsPolicy'), 'dnsPolicy None needs dnsConfig with the nameservers', 'Add dnsConfig: { nameservers: [<address>] }.');
      if (c.spread !== undefined && c.topologySpreadConstraints)
        ctx.error(
          v.layers,
          at('spread'),
          'spread has no effect when topologySpreadConstraints are written',
          'Remove spread: the constraints replace it.',
          true,
        );
      const retention = c.persistentVolumeClaimRetentionPolicy;
      if (retention && v.app.spec.protected !== false)
        for (const when of ['whenDeleted', 'whenScaled'] as const)
          if (retention[when] === 'Delete')
            ctx.error(
              v.layers,
              at('persistentVolumeClaimRetentionPolicy', when),
              `${when}: Delete removes the claims of the StatefulSet's pods ${when === 'whenDeleted' ? 'with the StatefulSet' : 'when it scales down'}, and their data with them, in an app whose data is protected`,
              'Keep Retain, or set protected: false on the app when its data may be lost.',
            );
      // A rolling update has partition on StatefulSets only and maxSurge on DaemonSets only (the API types differ).
      const rolling = typeof c.updateStrategy === 'object' ? c.updateStrategy : undefined;
      for (const [field, kind] of [
        ['partition', 'StatefulSet'],
        ['maxSurge', 'DaemonSet'],
      ] as const)
        if (rolling?.[field] !== undefined && (c.kind === 'StatefulSet' || c.kind === 'DaemonSet') && c.kind !== kind)
          ctx.error(
            v.layers,
            at('updateStrategy', field),
            `updateStrategy.${field} applies only to a ${kind}, not a ${c.kind}`,
            field === 'partition'
              ? 'Remove partition: a DaemonSet updates node by node, bounded by maxUnavailable and maxSurge.'
              : 'Remove maxSurge: a StatefulSet never runs two pods of one ordinal; bound the update with maxUnavailable.',
            true,
          );
      checkHook(ctx, v, name, c);
      checkService(ctx, v, name, c);
    }
  }
}

/** A PreSync hook runs before the sync applies anything: what the app creates in that sync does not exist yet (a new ConfigMap name after every change). */
function checkHook(ctx: RuleContext, v: Variant, name: string, c: ComponentSpec): void {
  const phase = typeof c.hook === 'string' ? c.hook : c.hook?.phase;
  if (phase !== 'PreSync') return;
  const b = v.body;
  const uses: string[] = [];
  if (c.serviceAccount) uses.push(`service account ${c.serviceAccount}`);
  for (const spec of Object.values(c.volumes ?? {})) {
    if (spec.configMap) uses.push(`ConfigMap ${spec.configMap}`);
    if (spec.pvc) uses.push(`PVC ${spec.pvc}`);
    if (spec.secret && !b.secrets?.[spec.secret]?.existing) uses.push(`secret ${spec.secret}`);
  }
  for (const ct of [...Object.values(c.containers), ...Object.values(c.initContainers ?? {})]) {
    for (const value of Object.values(ct.env ?? {})) {
      if (typeof value === 'string') continue;
      if (value.configMap) uses.push(`ConfigMap ${value.configMap}`);
      if (value.secret && !b.secrets?.[value.secret]?.existing) uses.push(`secret ${value.secret}`);
    }
    for (const ref of ct.envFrom ?? []) {
      if (ref.configMap) uses.push(`ConfigMap ${ref.configMap}`);
      if (ref.secret && !b.secrets?.[ref.secret]?.existing) uses.push(`secret ${ref.secret}`);
    }
  }
  if (uses.length === 0) return;
  ctx.error(
    v.layers,
    ['components', name, 'hook'],
    `a PreSync hook runs before anything of the sync is applied, but this Job uses ${[...new Set(uses)].sort().join(', ')} of the app, which the same sync creates (a ConfigMap gets a new name with every change)`,
    'Use hook: Sync with syncWave: -1: it runs after the ConfigMaps, secrets, claims and service accounts, and the workloads (wave 0) wait for it.',
  );
}

function checkService(ctx: RuleContext, v: Variant, name: string, c: ComponentSpec): void {
  const s = c.service;
  if (!s) return;
  const at = (...rest: (string | number)[]) => ['components', name, 'service', ...rest];
  const type = s.type ?? 'ClusterIP';
  const external = type === 'LoadBalancer' || type === 'NodePort';
  if (!external && s.externalTrafficPolicy !== undefined)
    ctx.error(
      v.layers,
      at('externalTrafficPolicy'),
      `externalTrafficPolicy applies to NodePort and LoadBalancer Services, not ${type}`,
      'Set type: LoadBalancer, or remove it.',
      true,
    );
  for (const field of ['loadBalancerSourceRanges', 'loadBalancerClass', 'loadBalancerIP'] as const)
    if (type !== 'LoadBalancer' && s[field] !== undefined)
      ctx.error(v.layers, at(field), `${field} applies to LoadBalancer Services, not ${type}`, 'Set type: LoadBalancer, or remove it.', true);
  if (s.headless && type !== 'ClusterIP')
    ctx.error(
      v.layers,
      at('headless'),
      `a headless Service has no address, so it cannot be of type ${type}`,
      'Remove headless: true, or type (a headless Service is for peer discovery inside the cluster).',
      true,
    );
  for (const [p, spec] of Object.entries(s.ports ?? {}))
    if (typeof spec !== 'number' && spec.nodePort !== undefined && !external)
      ctx.error(
        v.layers,
        at('ports', p, 'nodePort'),
        `nodePort applies to NodePort and LoadBalancer Services, not ${type}`,
        'Set type: NodePort (or LoadBalancer) on the Service, or remove nodePort.',
        true,
      );
}
