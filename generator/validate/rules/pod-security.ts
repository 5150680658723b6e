/**
 * The Pod Security level is a label on the namespace, which every Argo CD
 * Application deploying into it sets: two apps sharing a namespace must ask
 * for the same level, or their Applications overwrite each other's label and
 * pods are admitted or refused depending on which synced last.
 */
import type { AppBodySpec } from '../schema/app.ts';
import { fileLayer, type RuleContext } from './context.ts';
import { baseBody } from './variants.ts';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';
const ORDER: PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/**
 * What each body needs, worked out once per body: the rules and the plan both ask for every variant
 * of every app (a tenth of a second of a run at 2,000 apps when each asked again).
 */
const bodyNeeds = new WeakMap<AppBodySpec, { baseline: boolean; privileged: boolean }>();

function needsOf(body: AppBodySpec): { baseline: boolean; privileged: boolean } {
  let needs = bodyNeeds.get(body);
  if (!needs) {
    needs = { baseline: needsBaseline(body), privileged: needsPrivileged(body) };
    bodyNeeds.set(body, needs);
  }
  return needs;
}

/** Does any container of the body need more than the restricted level allows? Then the namespace gets baseline. */
export function needsBaselinePodSecurity(body: AppBodySpec): boolean {
  return needsOf(body).baseline;
}

/** Host namespaces and host folders are refused by baseline too: only the privileged level admits them. */
export function needsPrivilegedPodSecurity(body: AppBodySpec): boolean {
  return needsOf(body).privileged;
}

function needsBaseline(body: AppBodySpec): boolean {
  return Object.values(body.components).some((c) =>
    [...Object.values(c.containers), ...Object.values(c.initContainers ?? {})].some(
      (ct) => ct.securityOptOut?.runAsRoot || ct.securityOptOut?.capabilities || ct.securityOptOut?.privilegeEscalation,
    ),
  );
}

function needsPrivileged(body: AppBodySpec): boolean {
  return Object.values(body.components).some((c) => {
    const o = c.podSecurityOptOut ?? {};
    return Boolean(o.hostNetwork || o.hostPID || o.hostIPC || o.hostPath);
  });
}

/** The Pod Security level the namespace of these bodies must enforce: the lowest any of them needs. */
export function podSecurityLevel(bodies: AppBodySpec[]): PodSecurityLevel {
  const levels = bodies.map((b): PodSecurityLevel => (needsPrivilegedPodSecurity(b) ? 'privileged' : needsBaselinePodSecurity(b) ? 'baseline' : 'restricted'));
  return levels.reduce(leastStrict, 'restricted');
}

/** The level that admits what either admits. */
export function leastStrict(a: PodSecurityLevel, b: PodSecurityLevel): PodSecurityLevel {
  return ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a;
}

export function podSecurityRules(ctx: RuleContext): void {
  const first = new Map<string, { app: string; level: string }>();
  for (const app of ctx.fleet.apps) {
    const bodies = [baseBody(app), ...app.envBodies.values(), ...app.clusterBodies.values()];
    const level = podSecurityLevel(bodies);
    const other = first.get(app.spec.namespace);
    if (!other) first.set(app.spec.namespace, { app: app.name, level });
    else if (other.level !== level)
      ctx.error(
        fileLayer(app.parsed),
        ['namespace'],
        `namespace "${app.spec.namespace}" is shared with app ${other.app}, which gets Pod Security level ${other.level}; this app gets ${level}${level === 'baseline' ? ' (a container runs as root, adds capabilities or escalates privileges)' : level === 'privileged' ? ' (a pod uses the host network, processes, IPC or folders)' : ''}, and both Applications would set the namespace label`,
        'Give one of the apps its own namespace: a namespace has one Pod Security level.',
      );
  }
}
