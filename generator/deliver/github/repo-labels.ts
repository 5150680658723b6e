/**
 * Makes sure labels exist in the repository before they are put on a pull
 * request. GitHub would auto-create unknown labels on "add labels", but grey
 * and without a description; creating them first gives each label family its
 * colour and says who manages it.
 */
import type { Octokit } from '@octokit/rest';
import type { DeliveryLogger } from './octokit.ts';
import { labelColor } from './pr-labels.ts';

export type Step = <T>(action: string, run: () => Promise<T>) => Promise<T>;

const DESCRIPTION = 'Managed by Flotilla';

export async function ensureRepoLabels(gh: Octokit, where: { owner: string; repo: string }, names: string[], step: Step, log: DeliveryLogger): Promise<void> {
  const existing = await step('list the repository labels', () => gh.paginate(gh.rest.issues.listLabelsForRepo, { ...where, per_page: 100 }));
  // GitHub label names are case-insensitive: "Team/A" and "team/a" are the same label.
  const known = new Set(existing.map((label) => label.name.toLowerCase()));
  for (const name of names) {
    if (known.has(name.toLowerCase())) continue;
    await step(`create the label "${name}"`, async () => {
      try {
        await gh.rest.issues.createLabel({ ...where, name, color: labelColor(name), description: DESCRIPTION });
        log.info(`created label "${name}" in ${where.owner}/${where.repo}`);
      } catch (error) {
        // Another run created it between our list and create: that is the goal anyway.
        if (!hasValidationCode(error, 'already_exists')) throw error;
      }
    });
  }
}

export function hasValidationCode(error: unknown, code: string): boolean {
  return validationErrors(error).some((e) => e.code === code);
}

export function validationErrors(error: unknown): { code?: unknown; message?: unknown }[] {
  const e = error as { status?: number; response?: { data?: { errors?: unknown } } };
  const errors = e?.status === 422 ? e.response?.data?.errors : undefined;
  return Array.isArray(errors) ? errors : [];
}
