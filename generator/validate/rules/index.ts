/** The cross-reference rules, run in order over the validated fleet. */
import type { DiagnosticBag } from '../../diagnostics.ts';
import type { ValidatedFleet } from '../validate-fleet.ts';
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

const RULES: Rule[] = [
  argocdRules,
  placementRules,
  referenceRules,
  externalServiceRules,
  secretRules,
  placeholderRules,
  clusterScopedRules,
  capacityRules,
  tlsRules,
  securityRules,
  serviceRules,
  workloadControlRules,
  podFieldRules,
  declarationRules,
  variableRules,
  serviceHostRules,
  availabilityRules,
  podSecurityRules,
  releaseRules,
];

export function runRules(fleet: ValidatedFleet, bag: DiagnosticBag): void {
  const ctx = makeContext(fleet, bag);
  for (const rule of RULES) rule(ctx);
}
