/**
 * Config changes a reviewer meets every week, applied to a synthetic fleet's
 * files (planFleet), for the diff goldens and the diff bench: one app's
 * images bumped everywhere, a fleet-wide setting, a per-cluster override, an
 * app removed. Each returns new files; the input is left alone.
 */
import { parse } from 'yaml';
import { configYaml, type SyntheticFleet } from '../synthetic-fleet.ts';
import type { AppShape } from './app-shape.ts';

export type FleetFiles = Map<string, string>;

export interface FleetChange {
  name: string;
  describe: string;
  apply(files: FleetFiles, fleet: SyntheticFleet): FleetFiles;
}

/** The first app that runs in every environment and has a database: a change to it shows every kind of effect. */
export function featuredApp(fleet: SyntheticFleet): AppShape {
  const all = fleet.apps.filter((a) => a.environments.length === fleet.environments.length);
  return all.find((a) => 'db' in (a.spec.components as object)) ?? all[0] ?? fleet.apps[0]!;
}

export const CHANGES: FleetChange[] = [
  {
    name: 'bump-one-app',
    describe: "one app's images bumped to 2.0.0 everywhere",
    apply: (files, fleet) => {
      const app = featuredApp(fleet).name;
      return edit(files, `apps/${app}.yaml`, (doc) => {
        for (const c of Object.values(doc.components as Record<string, { containers: Record<string, { image: string }> }>))
          for (const ct of Object.values(c.containers)) if (ct.image.startsWith('registry.example.com/')) ct.image = ct.image.replace(/:[^:/]+$/, ':2.0.0');
      });
    },
  },
  {
    name: 'fleet-wide-setting',
    describe: 'the ingress class of every route changes from nginx to traefik (fleet.yaml defaults)',
    apply: (files) =>
      edit(files, 'fleet.yaml', (doc) => {
        (doc.defaults as Record<string, unknown>).ingressClass = 'traefik';
      }),
  },
  {
    name: 'cluster-override',
    describe: 'one production cluster turns on debug logging for one app',
    apply: (files, fleet) => {
      const app = featuredApp(fleet);
      const cluster = fleet.clusters.filter((c) => c.environment === fleet.environments.at(-1)).at(-1)!;
      return edit(files, `clusters/${cluster.name}.yaml`, (doc) => {
        const apps = (doc.apps ?? {}) as Record<string, unknown>;
        doc.apps = apps;
        apps[app.name] = { components: { [app.tunable.component]: { containers: { [app.tunable.container]: { env: { LOG_LEVEL: 'debug' } } } } } };
      });
    },
  },
  {
    name: 'remove-app',
    describe: 'an app with a database is removed from the fleet',
    apply: (files, fleet) => {
      const out = new Map(files);
      out.delete(`apps/${featuredApp(fleet).name}.yaml`);
      return out;
    },
  },
];

function edit(files: FleetFiles, file: string, change: (doc: Record<string, unknown>) => void): FleetFiles {
  const text = files.get(file);
  if (text === undefined) throw new Error(`${file} is not in the synthetic fleet`);
  const doc = parse(text) as Record<string, unknown>;
  change(doc);
  return new Map(files).set(file, configYaml(doc));
}
