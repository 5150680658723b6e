/**
 * The order of a pod's containers with `dependsOn`: a container comes after
 * every container it depends on, otherwise in the order written. The order
 * matters for init containers (each runs to completion, or as a sidecar starts,
 * before the next) and is kept for the others. Validate reports what this
 * finds (an unknown name, a cycle); render lists the containers in this order.
 */

export type DependsOn = string | readonly string[] | undefined;

export type ContainerOrder = { order: string[] } | { unknown: { container: string; index: number; name: string } } | { cycle: string[] };

export function dependencies(dependsOn: DependsOn): readonly string[] {
  return dependsOn === undefined ? [] : typeof dependsOn === 'string' ? [dependsOn] : dependsOn;
}

/** `containers`: name → its dependsOn, in the order written (a Map: names are data). */
export function orderContainers(containers: ReadonlyMap<string, DependsOn>): ContainerOrder {
  for (const [container, dependsOn] of containers) {
    const index = dependencies(dependsOn).findIndex((name) => !containers.has(name));
    if (index >= 0) return { unknown: { container, index, name: dependencies(dependsOn)[index]! } };
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const before of dependencies(containers.get(name))) {
      const cycle = visit(before, [...path, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    order.push(name);
    return undefined;
  };
  for (const name of containers.keys()) {
    const cycle = visit(name, []);
    if (cycle) return { cycle };
  }
  return { order };
}
