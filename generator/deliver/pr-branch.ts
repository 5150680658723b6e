/**
 * The branch Flotilla's pull request lives on: one per base branch,
 * `flotilla/update-<base>`, whatever the change.
 *
 * Why not a name derived from the change (a hash of the config diff, or the
 * apps touched)? Every later config change would then open another pull
 * request, and those requests overlap: an app's ApplicationSet file is shared
 * with its whole team, so two open Flotilla PRs would conflict with each other
 * and the older one would be stale. One branch per base means: a re-run of
 * the same change finds the same branch and PR (idempotent), a new change
 * updates that PR, and there is never a duplicate. The branch only ever moves
 * forward (a commit whose parents are the old branch head and the new base),
 * so it is never force-pushed.
 */
export function defaultPrBranch(base: string): string {
  return `flotilla/update-${base}`;
}
