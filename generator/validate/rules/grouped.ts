/**
 * One error per problem: a rule that finds the same problem, at the same line,
 * in several environments or clusters (a value in the app body that every
 * variant inherits) reports it once, naming every place it applies.
 */
import type { FieldPath } from '../../load/source-map.ts';
import { locateIn, type SourceLayer } from '../zod-errors.ts';
import type { RuleContext } from './context.ts';

interface Group {
  layers: SourceLayer[];
  path: FieldPath;
  atKey: boolean;
  places: string[];
  render: (places: string) => { message: string; hint?: string };
}

export class GroupedErrors {
  private readonly groups = new Map<string, Group>();

  /** `problem` tells problems at one line apart; `render` gets "environments dev, prod" or "cluster prod-us". */
  add(layers: SourceLayer[], path: FieldPath, problem: string, place: string, render: Group['render'], atKey = false): void {
    const at = locateIn(layers, path, atKey);
    const key = `${at.file}:${at.line}:${at.column}\n${problem}`;
    const group = this.groups.get(key) ?? { layers, path, atKey, places: [], render };
    if (!group.places.includes(place)) group.places.push(place);
    this.groups.set(key, group);
  }

  flush(ctx: RuleContext): void {
    for (const g of this.groups.values()) {
      const { message, hint } = g.render(joinPlaces(g.places));
      ctx.error(g.layers, g.path, message, hint, g.atKey);
    }
    this.groups.clear();
  }
}

/** ["environment dev", "environment prod", "cluster prod-us"] → "environments dev, prod and cluster prod-us". */
export function joinPlaces(places: string[]): string {
  const byKind = new Map<string, string[]>();
  for (const p of places) {
    const [kind, ...name] = p.split(' ');
    byKind.set(kind!, [...(byKind.get(kind!) ?? []), name.join(' ')]);
  }
  const parts = [...byKind].map(([kind, names]) => (names.length === 1 ? `${kind} ${names[0]}` : `${kind}s ${names.join(', ')}`));
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
