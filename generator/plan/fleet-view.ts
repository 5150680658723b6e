/** The FleetView of a plan (plan/model.ts): apps by name, as other apps see them. */
import { dict } from '../model/dict.ts';
import type { AppBodySpec } from '../validate/schema/app.ts';
import type { AppPlan, AppReference, ComponentReference, FleetPlan, FleetView } from './model.ts';

const views = new WeakMap<FleetPlan, FleetView>();

export function fleetView(plan: FleetPlan): FleetView {
  let view = views.get(plan);
  if (!view) {
    const apps = new Map(plan.apps.map((a) => [a.name, a]));
    const references = new Map<string, AppReference>();
    const none: readonly never[] = [];
    view = {
      app: (name) => {
        let reference = references.get(name);
        const app = apps.get(name);
        if (!reference && app) {
          reference = referenceOf(app);
          references.set(name, reference);
        }
        return reference;
      },
      inboundEdges: (app) => plan.inbound.get(app) ?? none,
    };
    views.set(plan, view);
  }
  return view;
}

function referenceOf(app: AppPlan): AppReference {
  return {
    name: app.name,
    applicationId: app.applicationId,
    namespace: app.namespace,
    base: { body: { components: componentsOf(app.base.body) } },
    envVariants: new Map([...app.envVariants].map(([env, variant]) => [env, { body: { components: componentsOf(variant.body) } }])),
  };
}

function componentsOf(body: AppBodySpec): Record<string, ComponentReference> {
  return dict(
    Object.entries(body.components).map(([name, c]) => [
      name,
      {
        ...(c.service !== undefined ? { service: c.service } : {}),
        containers: dict(Object.entries(c.containers).map(([container, ct]) => [container, ct.ports !== undefined ? { ports: ct.ports } : {}])),
      },
    ]),
  );
}
