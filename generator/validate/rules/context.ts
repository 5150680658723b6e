/** What every cross-reference rule gets: the validated fleet and a way to report at a source position. */
import type { Diagnostic, DiagnosticBag } from '../../diagnostics.ts';
import type { FieldPath } from '../../load/source-map.ts';
import type { ValidatedFleet } from '../validate-fleet.ts';
import { diagnosticAt, type SourceLayer } from '../zod-errors.ts';
import { type ClusterFacts, clusterFacts } from './cluster-facts.ts';

export interface RuleContext {
  fleet: ValidatedFleet;
  /** The clusters, asked one fact at a time: the rules of one app see no cluster list (cluster-facts.ts). */
  clusters: ClusterFacts;
  error(layers: SourceLayer[], path: FieldPath, message: string, hint?: string, atKey?: boolean): void;
  warn(layers: SourceLayer[], path: FieldPath, message: string, hint?: string): void;
  /** A diagnostic located by the rule itself (a position inside a value). */
  report(d: Diagnostic): void;
}

export type Rule = (ctx: RuleContext) => void;

export function makeContext(fleet: ValidatedFleet, bag: DiagnosticBag, clusters: ClusterFacts = clusterFacts(fleet.clusters)): RuleContext {
  return {
    fleet,
    clusters,
    error: (layers, path, message, hint, atKey = false) => bag.add(diagnosticAt(layers, path, atKey, message, hint)),
    warn: (layers, path, message, hint) => bag.add(diagnosticAt(layers, path, false, message, hint, 'warning')),
    report: (d) => bag.add(d),
  };
}

export function fileLayer(parsed: SourceLayer['parsed'], prefix: FieldPath = []): SourceLayer[] {
  return [{ parsed, prefix }];
}
