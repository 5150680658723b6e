/**
 * Labels Flotilla puts on its pull requests so reviewers can filter by the
 * teams and environments a change touches, and spot deletions at a glance.
 */

export const DELETIONS_LABEL = 'flotilla/deletions';

export function labelsFor({ teams, environments, deletions }: { teams: string[]; environments: string[]; deletions: boolean }): string[] {
  const labels = new Set<string>();
  for (const team of teams) if (team.trim()) labels.add(`team/${team.trim()}`);
  for (const env of environments) if (env.trim()) labels.add(`env/${env.trim()}`);
  if (deletions) labels.add(DELETIONS_LABEL);
  // Code-unit order, not localeCompare: the same input must give the same
  // order on every machine, since labels end up in generated output and logs.
  return [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A label of the families Flotilla manages on its pull requests; others are people's and are never removed. */
export function isFlotillaLabel(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('team/') || lower.startsWith('env/') || lower === DELETIONS_LABEL;
}

/** Colour per label family, so team/env/deletion labels are told apart in the GitHub UI. */
export function labelColor(name: string): string {
  if (name.startsWith('team/')) return '1d76db';
  if (name.startsWith('env/')) return '0e8a16';
  if (name === DELETIONS_LABEL) return 'b60205';
  return 'ededed';
}
