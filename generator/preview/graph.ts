/**
 * `flotilla graph`: the fleet as a Mermaid flowchart a reviewer can open
 * (GitHub renders ```mermaid blocks): environments holding their clusters,
 * each app with its components, where Argo CD deploys each app (from the
 * generated Applications), and the network edges its policies allow —
 * component to component, to other apps, to charts, to CIDRs — plus ingress.
 */

import { previewApplications } from '../appset/fleet-applications.ts';
import { compareStrings } from '../diagnostics.ts';
import { hasKey } from '../model/dict.ts';
import { routeBackends } from '../model/route-kinds.ts';
import { workloadKind } from '../model/workload-kinds.ts';
import type { BuiltFleet } from '../pipeline.ts';
import type { AppPlan, FleetPlan } from '../plan/model.ts';

export interface GraphOptions {
  env?: string;
  app?: string;
}

export function renderMermaid(built: BuiltFleet, options: GraphOptions = {}): string {
  const { plan } = built;
  const apps = plan.apps.filter((a) => (!options.app || a.name === options.app) && (!options.env || a.environments.includes(options.env)));
  const environments = plan.environments.filter((e) => !options.env || e.name === options.env);
  const lines = ['flowchart LR'];
  for (const env of environments) {
    lines.push(`  subgraph ${id('env', env.name)}["environment ${label(env.name)}${env.production ? ' (production)' : ''}"]`);
    for (const c of plan.clusters.filter((x) => x.environment === env.name))
      lines.push(`    ${id('cluster', c.name)}{{"${label(c.name)}<br/>${label(c.region)}"}}`);
    lines.push('  end');
  }
  const external = new Map<string, string>();
  const edges: string[] = [];
  for (const app of apps) {
    lines.push(`  subgraph ${id('app', app.name)}["${label(app.name)} · team ${label(app.team)}"]`);
    const body = app.base.body;
    for (const [name, c] of Object.entries(body.components).sort(([x], [y]) => compareStrings(x, y))) {
      const text = `"${label(name)}<br/>${c.kind}"`;
      const [open, close] = workloadKind(c.kind).shape;
      lines.push(`    ${id(app.name, name)}${open}${text}${close}`);
    }
    for (const chart of Object.keys(body.charts ?? {}).sort()) lines.push(`    ${id(app.name, `chart-${chart}`)}[/"${label(chart)}<br/>Helm chart"/]`);
    lines.push('  end');
    edges.push(...componentEdges(app, plan.apps, external, plan.externalServices));
    edges.push(...routeEdges(app, external));
  }
  for (const [node, text] of [...external].sort(([a], [b]) => compareStrings(a, b))) lines.push(`  ${node}${text}`);
  lines.push(...edges);
  lines.push(
    ...placementEdges(
      built,
      apps,
      environments.map((e) => e.name),
    ),
  );
  return lines.join('\n');
}

function componentEdges(app: AppPlan, all: AppPlan[], external: Map<string, string>, fleetExternals: FleetPlan['externalServices']): string[] {
  const out: string[] = [];
  for (const [name, c] of Object.entries(app.base.body.components).sort(([x], [y]) => compareStrings(x, y))) {
    const from = id(app.name, name);
    for (const dep of c.talksTo ?? []) {
      if (typeof dep === 'string') out.push(`  ${from} --> ${id(app.name, dep)}`);
      else if (dep.chart) out.push(`  ${from} -->${portLabel(dep.port)} ${id(app.name, `chart-${dep.chart}`)}`);
      else if (dep.cidr) {
        const node = id('cidr', dep.cidr);
        external.set(node, `>"${label(dep.cidr)}"]`);
        out.push(`  ${from} -.->${portLabel(dep.ports?.join(','))} ${node}`);
      } else if (dep.app && dep.app !== app.name) {
        const target = all.find((a) => a.name === dep.app);
        out.push(`  ${from} -->${portLabel(dep.port)} ${target && dep.component ? id(dep.app, dep.component) : id('app', dep.app)}`);
      } else if (dep.component) out.push(`  ${from} -->${portLabel(dep.port)} ${id(app.name, dep.component)}`);
      else if (dep.external) {
        // One node for a service the fleet declares, however many apps reach it.
        const node = hasKey(fleetExternals, dep.external) ? id('external', dep.external) : id(`external-${app.name}`, dep.external);
        const host = app.base.body.externalServices?.[dep.external]?.host ?? dep.external;
        external.set(node, `[/"${label(`${dep.external}: ${host}`)}"/]`);
        out.push(`  ${from} -.->${portLabel(dep.port)} ${node}`);
      } else if (dep.pods) {
        const text = Object.entries(dep.pods)
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        const node = id('pods', `${dep.namespace ?? app.namespace}/${text}`);
        external.set(node, `[/"${label(`pods ${text}${dep.namespace ? ` in ${dep.namespace}` : ''}`)}"/]`);
        out.push(`  ${from} -.->${portLabel(dep.ports?.join(','))} ${node}`);
      }
    }
  }
  return out;
}

function routeEdges(app: AppPlan, external: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [name, route] of Object.entries(app.base.body.routes ?? {})) {
    for (const backend of routeBackends(route)) {
      external.set('ingress', '(("ingress"))');
      const text = route.host ? `${route.host}${backend.prefix ?? ''}` : `${route.kind ?? name}${route.listener ? ` ${route.listener}` : ''}`;
      out.push(`  ingress -->|"${label(text)}"| ${id(app.name, backend.component)}`);
    }
  }
  return out;
}

/** Where Argo CD deploys each app: the clusters of the Applications the ApplicationSets generate. */
function placementEdges(built: BuiltFleet, apps: AppPlan[], environments: string[]): string[] {
  const wanted = new Set(apps.map((a) => a.name));
  const pairs = new Set<string>();
  for (const a of previewApplications(built.output.argocdObjects).applications) {
    if (!a.app || !wanted.has(a.app) || (a.environment && !environments.includes(a.environment))) continue;
    pairs.add(`  ${id('app', a.app)} ==> ${id('cluster', a.cluster)}`);
  }
  return [...pairs].sort(compareStrings);
}

function portLabel(port: string | number | undefined): string {
  return port === undefined || port === '' ? '' : `|"${label(String(port))}"|`;
}

/**
 * Mermaid node ids: letters, digits and underscores only. Kinds other than a component get a
 * prefix that no app name can produce ("app", "env" and "cluster" are reserved prefixes here).
 */
function id(kind: string, ...parts: string[]): string {
  const safe = [kind, ...parts].map((p) => p.replace(/[^A-Za-z0-9]/g, '_'));
  return ['app', 'env', 'cluster', 'cidr'].includes(kind) ? `${safe[0]}_${safe.slice(1).join('__')}` : `c_${safe.join('__')}`;
}

function label(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
