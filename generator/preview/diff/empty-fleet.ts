/** A fleet with nothing in it: the base side of a diff made before fleet.yaml existed. */
import type { BuiltFleet } from '../../pipeline.ts';

export function emptyFleet(): BuiltFleet {
  return {
    plan: {
      repoUrl: '',
      revision: '',
      argocdNamespace: 'argocd',
      progressive: false,
      maxApplicationDeletions: 0,
      environments: [],
      clusters: [],
      apps: [],
      teams: [],
      externalServices: {},
      inbound: new Map(),
      locateFleet: (path) => ({ file: 'fleet.yaml', line: 1, column: 1, path: path.join('.') }),
      warnings: [],
    },
    output: { files: [], rendered: new Map(), argocdObjects: [] },
  };
}
