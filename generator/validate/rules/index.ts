/** The cross-reference rules: those of one app at a time, and those across apps. */
import { type Diagnostic, DiagnosticBag } from '../../diagnostics.ts';
import type { ValidApp, ValidatedFleet } from '../validate-fleet.ts';
import { argocdRules } from './argocd.ts';
import { availabilityRules } from './availability.ts';
import { capacityRules } from './capacity.ts';
import { clusterScopedRules } from './cluster-scoped.ts';
import { makeContext, type Rule } from './context.ts';
import { declarationRules } from './declarations.ts';
import { externalServiceRules } from './external-services.ts';
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
 * Rules of one app at a time (with the fleet's settings and its clusters).
 * Each runs on a fleet of that one app, so it cannot read another app; what
 * it finds about an app then depends on that app alone, and a run may take
 * an unchanged app's findings from its cache.
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

/** Rules across apps, or of the fleet and its clusters: run once on the whole fleet. */
const FLEET_RULES: Rule[] = [
  argocdRules,
  placementRules,
  referenceRules,
  externalServiceRules,
  clusterScopedRules,
  capacityRules,
  tlsRules,
  serviceHostRules,
  podSecurityRules,
  releaseRules,
];

/** Findings of an app's own rules kept by an earlier run; `compute` runs them. */
export interface AppRuleCache {
  appRules(app: ValidApp, compute: () => Diagnostic[]): Diagnostic[];
}

export function runRules(fleet: ValidatedFleet, bag: DiagnosticBag, cache?: AppRuleCache): void {
  const ctx = makeContext(fleet, bag);
  for (const rule of FLEET_RULES) rule(ctx);
  for (const app of fleet.apps) {
    const compute = () => {
      const found = new DiagnosticBag();
      const one = makeContext({ ...fleet, apps: [app] }, found);
      for (const rule of APP_RULES) rule(one);
      return found.items;
    };
    for (const d of cache ? cache.appRules(app, compute) : compute()) bag.add(d);
  }
}
