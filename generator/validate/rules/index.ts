/** The cross-reference rules: those of one app at a time, and those across apps. */
import { type Diagnostic, DiagnosticBag } from '../../diagnostics.ts';
import type { ValidApp, ValidatedFleet } from '../validate-fleet.ts';
import { argocdRules } from './argocd.ts';
import { availabilityRules } from './availability.ts';
import { capacityRules } from './capacity.ts';
import { clusterScopedRules } from './cluster-scoped.ts';
import { makeContext, type Rule, type RuleContext } from './context.ts';
import { declarationRules } from './declarations.ts';
import { externalServiceRules } from './external-services.ts';
import { fleetPeers, type Peers } from './peers.ts';
import { placeholderRules } from './placeholders.ts';
import { placementRules } from './placement.ts';
import { podFieldRules } from './pod-fields.ts';
import { podSecurityRules } from './pod-security.ts';
import { referenceRules } from './references.ts';
import { releaseRules } from './release.ts';
import { secretRules } from './secrets.ts';
import { securityRules } from './security.ts';
import { serviceHostRules } from './service-hosts.ts';
import { serviceRules } from './services.ts';
import { tlsRules } from './tls.ts';
import { variableRules } from './variables.ts';
import { workloadControlRules } from './workload-controls.ts';

/**
 * Rules of one app at a time (with the fleet's settings). Each runs on a fleet
 * of that one app without a cluster list, so it cannot read another app, and
 * it knows the clusters only through the facts it asks for (cluster-facts.ts).
 */
const APP_RULES: Rule[] = [
  secretRules,
  placeholderRules,
  securityRules,
  serviceRules,
  workloadControlRules,
  podFieldRules,
  declarationRules,
  variableRules,
  availabilityRules,
];

/**
 * Rules of one app against the others: run as those above, and they read
 * other apps only through `peers` (peers.ts). So what the rules of one app find
 * depends on the app and the answers it got, and a run may take the findings
 * from its cache while every answer is the same.
 */
type PeerRule = (ctx: RuleContext, peers: Peers) => void;
const PEER_RULES: PeerRule[] = [referenceRules, serviceHostRules];

/** Rules across apps, or of the fleet and its clusters: run once on the whole fleet. */
const FLEET_RULES: Rule[] = [argocdRules, placementRules, externalServiceRules, clusterScopedRules, capacityRules, tlsRules, podSecurityRules, releaseRules];

/** Findings of an app's rules kept by an earlier run; `compute` runs them, asking the view it is given. */
export interface AppRuleCache {
  appRules(app: ValidApp, peers: Peers, compute: (peers: Peers) => Diagnostic[]): Diagnostic[];
}

export function runRules(fleet: ValidatedFleet, bag: DiagnosticBag, cache?: AppRuleCache): void {
  const ctx = makeContext(fleet, bag);
  for (const rule of FLEET_RULES) rule(ctx);
  const peers = fleetPeers(fleet);
  for (const app of fleet.apps) {
    const alone = { ...fleet, apps: [app], clusters: [] };
    const compute = (view: Peers) => {
      const found = new DiagnosticBag();
      const one = makeContext(alone, found, view.clusters);
      for (const rule of APP_RULES) rule(one);
      for (const rule of PEER_RULES) rule(one, view);
      return found.items;
    };
    for (const d of cache ? cache.appRules(app, peers, compute) : compute(peers)) bag.add(d);
  }
}
