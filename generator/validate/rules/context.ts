/** What every cross-reference rule gets: the validated fleet and a way to report at a source position. */
import type { DiagnosticBag } from '../../diagnostics.ts';
import type { FieldPath } from '../../load/source-map.ts';
import type { ValidatedFleet } from '../validate-fleet.ts';
import { diagnosticAt, type SourceLayer } from '../zod-errors.ts';

export interface RuleContext {
  fleet: ValidatedFleet;
  error(layers: SourceLayer[], path: FieldPath, message: string, hint?: string, atKey?: boolean): void;
  warn(layers: SourceLayer[], path: FieldPath, message: string, hint?: string): void;
}

export type Rule = (ctx: RuleContext) => void;

export function makeContext(fleet: ValidatedFleet, bag: DiagnosticBag): RuleContext {
  return {
    fleet,
    error: (layers, path, message, hint, atKey = false) => bag.add(diagnosticAt(layers, path, atKey, message, hint)),
    warn: (layers, path, message, hint) => bag.add(diagnosticAt(layers, path, false, message, hint, 'warning')),
  };
}

export function fileLayer(parsed: SourceLayer['parsed'], prefix: FieldPath = []): SourceLayer[] {
  return [{ parsed, prefix }];
}
