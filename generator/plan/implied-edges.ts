/**
 * A `{ service: <component>, app: <app> }` reference in an env value says the
 * component talks to that Service: the network policies must let it through,
 * or the default-deny policy blocks the very connection the config describes.
 * The plan adds the edge to the component's talksTo (all ports of the target),
 * unless talksTo already reaches that component. References written as plain
 * strings (URLs in env values and config files) are checked by validate/ instead.
 */
import type { AppBodySpec } from '../validate/schema/app.ts';
import type { ComponentSpec } from '../validate/schema/component.ts';

type Dependency = NonNullable<ComponentSpec['talksTo']>[number];
type Edge = Exclude<Dependency, string>;

export function withImpliedEdges(body: AppBodySpec, app: string): AppBodySpec {
  let components: AppBodySpec['components'] | undefined;
  for (const [name, c] of Object.entries(body.components)) {
    const missing = impliedBy(c, app, body).filter((edge) => !reaches(c.talksTo ?? [], edge, app));
    if (missing.length === 0) continue;
    components ??= { ...body.components };
    components[name] = { ...c, talksTo: [...(c.talksTo ?? []), ...missing] };
  }
  return components ? { ...body, components } : body;
}

function impliedBy(c: ComponentSpec, app: string, body: AppBodySpec): Edge[] {
  const edges = new Map<string, Edge>();
  for (const container of [...Object.values(c.containers), ...Object.values(c.initContainers ?? {})]) {
    for (const value of Object.values(container.env ?? {})) {
      if (typeof value === 'string' || !value.service) continue;
      if (!value.app && !body.components[value.service] && body.externalServices?.[value.service]) {
        edges.set(`external/${value.service}`, { external: value.service });
        continue;
      }
      const edge: Edge = value.app && value.app !== app ? { app: value.app, component: value.service } : { component: value.service };
      edges.set(`${edge.app ?? ''}/${edge.component}`, edge);
    }
  }
  return [...edges.keys()].sort().map((k) => edges.get(k)!);
}

function reaches(talksTo: readonly Dependency[], edge: Edge, app: string): boolean {
  if (edge.external) return talksTo.some((dep) => typeof dep !== 'string' && dep.external === edge.external);
  return reachesComponent(talksTo, edge, app);
}

function reachesComponent(talksTo: readonly Dependency[], edge: Edge, app: string): boolean {
  return talksTo.some((dep) => {
    const d = typeof dep === 'string' ? { component: dep } : dep;
    const other = d.app && d.app !== app ? d.app : undefined;
    if (other !== edge.app) return false;
    return d.component === edge.component || (other !== undefined && d.component === undefined);
  });
}
