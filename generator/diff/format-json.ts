/**
 * The machine format: the whole FleetDiff — summary, review, grouped changes
 * and the full per-Application detail — as JSON. It holds no secret values
 * by construction (object-diff.ts never carries them).
 */
import type { FleetDiff } from './model.ts';

/** Version 2: grouped changes (`shared`, `apps`) and `review`; `applications` keeps the per-Application detail of version 1. */
export const DIFF_JSON_VERSION = 2;

export function renderDiffJson(diff: FleetDiff): string {
  return JSON.stringify({ version: DIFF_JSON_VERSION, ...diff }, null, 2);
}
