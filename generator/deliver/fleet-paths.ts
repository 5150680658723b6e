/**
 * Where the fleet sits inside its git repository, and which repository paths
 * are config (written by people) or output (written by Flotilla). The fleet
 * may live in a sub-directory of the repository (`prefix`); git wants
 * repository-relative paths, the pipeline fleet-relative ones.
 */
import { posix } from 'node:path';
import { APPS_DIR, CLUSTERS_DIR, FLEET_FILE, GENERATED_ROOTS } from '../model/names.ts';

export class FleetPaths {
  /** Fleet root relative to the repository root, '' when they are the same. */
  constructor(readonly prefix: string) {}

  /** Fleet-relative → repository-relative. */
  toRepo(fleetPath: string): string {
    return this.prefix ? posix.join(this.prefix, fleetPath) : fleetPath;
  }

  /** Repository-relative → fleet-relative, or null when outside the fleet. */
  toFleet(repoPath: string): string | null {
    if (!this.prefix) return repoPath;
    return repoPath.startsWith(`${this.prefix}/`) ? repoPath.slice(this.prefix.length + 1) : null;
  }

  /** Pathspecs of the config people write. */
  configSpecs(): string[] {
    return [FLEET_FILE, APPS_DIR, CLUSTERS_DIR].map((p) => this.toRepo(p));
  }

  /** Pathspecs of the folders Flotilla generates into. */
  outputSpecs(): string[] {
    return GENERATED_ROOTS.map((p) => this.toRepo(p));
  }

  /** Is this repository path inside a generated folder? (Ownership of a file is decided by its header.) */
  isOutputPath = (repoPath: string): boolean => {
    const inFleet = this.toFleet(repoPath);
    return inFleet !== null && GENERATED_ROOTS.some((root) => inFleet.startsWith(`${root}/`));
  };
}
