/** The FleetView of a plan (plan/model.ts), with apps found by name in a map. */
import type { FleetPlan, FleetView } from './model.ts';

const views = new WeakMap<FleetPlan, FleetView>();

export function fleetView(plan: FleetPlan): FleetView {
  let view = views.get(plan);
  if (!view) {
    const apps = new Map(plan.apps.map((a) => [a.name, a]));
    const none: readonly never[] = [];
    view = {
      app: (name) => apps.get(name),
      inboundEdges: (app) => plan.inbound.get(app) ?? none,
    };
    views.set(plan, view);
  }
  return view;
}
