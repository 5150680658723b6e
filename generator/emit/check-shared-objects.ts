/**
 * Two apps deploying an object of the same kind, namespace and name on one
 * cluster would have their Argo CD Applications fight over it: each sync
 * overwrites the other's version (and pruning one app deletes the other's
 * object). Checked per environment and, where a cluster differs, per
 * cluster — linear in the variants, never apps × clusters.
 */
import { compareStrings, type Diagnostic } from '../diagnostics.ts';
import { type K8sObject, objectKey, objectRef } from '../model/object.ts';
import { clusterOverlayPath, envOverlayPath } from '../model/paths.ts';
import type { AppPlan, FleetPlan } from '../plan/model.ts';
import { configPathOf } from './check-objects.ts';

interface Owner {
  app: AppPlan;
  object: K8sObject;
  environment: string;
  cluster: string | null;
}

export function checkSharedObjects(fleet: FleetPlan, rendered: Map<string, K8sObject[]>): Diagnostic[] {
  // One error per pair of apps and object, naming every environment (and differing cluster) where they meet.
  const collisions = new Map<string, { a: Owner; b: Owner; environments: string[]; clusters: string[] }>();
  const report = (first: Owner, second: Owner, cluster?: string) => {
    const [a, b] = compareStrings(first.app.name, second.app.name) <= 0 ? [first, second] : [second, first];
    const id = `${objectKey(b.object)}\n${a.app.name}\n${b.app.name}`;
    const c = collisions.get(id) ?? { a, b, environments: [], clusters: [] };
    if (cluster) {
      if (!c.environments.includes(b.environment)) c.clusters.push(cluster);
    } else c.environments.push(b.environment);
    collisions.set(id, c);
  };
  for (const env of fleet.environments) {
    const apps = fleet.apps.filter((a) => a.envVariants.has(env.name));
    const owners = new Map<string, Owner>();
    for (const app of apps) {
      for (const object of rendered.get(envOverlayPath(env.name, app.name)) ?? []) {
        const key = objectKey(object);
        const owner = owners.get(key);
        if (owner && owner.app !== app) report(owner, { app, object, environment: env.name, cluster: null });
        else owners.set(key, { app, object, environment: env.name, cluster: null });
      }
    }
    // A cluster that differs for an app: its own objects against the others' there.
    const byCluster = new Map<string, AppPlan[]>();
    for (const app of apps)
      for (const [cluster, v] of app.clusterVariants) if (v.environment === env.name) byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), app]);
    for (const [cluster, differing] of byCluster) {
      const here = new Map<string, Owner>();
      for (const app of differing) {
        for (const object of rendered.get(clusterOverlayPath(cluster, app.name)) ?? []) {
          const key = objectKey(object);
          const owner = here.get(key) ?? owners.get(key);
          const stillThere = owner && (owner.cluster === cluster || !owner.app.clusterVariants.has(cluster));
          if (owner && owner.app !== app && stillThere) report(owner, { app, object, environment: env.name, cluster }, cluster);
          else here.set(key, { app, object, environment: env.name, cluster });
        }
      }
    }
  }
  const out: Diagnostic[] = [];
  for (const { a, b, environments, clusters } of collisions.values()) {
    const where = [
      ...(environments.length ? [`in environment${environments.length > 1 ? 's' : ''} ${environments.join(', ')}`] : []),
      ...(clusters.length ? [`on cluster${clusters.length > 1 ? 's' : ''} ${clusters.join(', ')}`] : []),
    ].join(' and ');
    out.push({
      ...b.app.locate(configPathOf(b.object), { environment: b.environment, cluster: b.cluster }),
      message: `app ${b.app.name} generates ${objectRef(b.object)}, which app ${a.app.name} also generates ${where}: their Argo CD Applications would overwrite each other's object`,
      hint: 'Rename it in one of the apps, or move one app to its own namespace.',
      severity: 'error',
    });
  }
  return out;
}
