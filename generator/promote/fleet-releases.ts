/**
 * The fleet as promotion sees it: environments in promotion order with their
 * gates, and per app its team, file, release (what runs where, pins) and
 * rejected versions. Built from a validated fleet, so every app here is
 * known to be valid.
 */
import { loadFleet } from '../load/read-fleet.ts';
import type { RejectedVersionSpec } from '../validate/schema/app.ts';
import type { PromotionGatesSpec } from '../validate/schema/fleet.ts';
import { type ValidatedFleet, validateFleet } from '../validate/validate-fleet.ts';
import { type AppRelease, type ClusterConfig, readAppRelease } from './release-values.ts';

export interface FleetReleases {
  root: string;
  /** Environment names in promotion order. */
  environments: string[];
  gates: Map<string, PromotionGatesSpec>;
  /** Cluster → environment. */
  clusters: Map<string, string>;
  apps: Map<string, AppInfo>;
  /** The default branch Argo CD reads (fleet.yaml repo.revision). */
  revision: string;
  argocdNamespace: string;
  validated: ValidatedFleet;
}

export interface AppInfo {
  name: string;
  team: string;
  /** Fleet-relative file, e.g. apps/wander.yaml. */
  file: string;
  text: string;
  release: AppRelease;
  rejected: RejectedVersionSpec[];
}

export async function readFleetReleases(root: string): Promise<FleetReleases> {
  const validated = validateFleet(await loadFleet(root));
  return fleetReleasesOf(validated);
}

export function fleetReleasesOf(validated: ValidatedFleet): FleetReleases {
  const environments = validated.fleet.environments.map((e) => e.name);
  const clusters: ClusterConfig[] = validated.clusters.map((c) => ({ name: c.name, environment: c.spec.environment, apps: c.spec.apps }));
  const apps = new Map<string, AppInfo>();
  for (const a of validated.apps) {
    apps.set(a.name, {
      name: a.name,
      team: a.spec.team,
      file: a.parsed.file,
      text: a.parsed.text,
      release: readAppRelease(a.name, a.parsed.value, environments, clusters),
      rejected: a.spec.rejected ?? [],
    });
  }
  return {
    root: validated.root,
    environments,
    gates: new Map(validated.fleet.environments.map((e) => [e.name, e.promotion ?? {}])),
    clusters: new Map(clusters.map((c) => [c.name, c.environment])),
    apps,
    revision: validated.fleet.repo.revision,
    argocdNamespace: validated.fleet.argocd.namespace,
    validated,
  };
}
