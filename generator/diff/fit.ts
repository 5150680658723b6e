/**
 * A Markdown document that always fits a size limit (GitHub: 65,536
 * characters for a pull-request body, 1 MiB for a job summary), losing as
 * little as it can: every section can be rendered at several levels of detail
 * (coarser grouping each time). The least important sections give way
 * first: each of them gets coarser (the largest first) until it can get no
 * coarser, then they are left out, last ones first, and a note says so; only
 * then do more important ones give way. Sections are whole blocks, so
 * nothing is ever cut inside a table, a list item or a code block.
 */

export interface Section {
  /** The section at `level` (0 = most detail); each level must be no longer than the one before. */
  render(level: number): string;
  /** How many levels there are (at least 1). */
  levels: number;
  /** Lower priorities lose detail first. */
  priority: number;
  /** May be left out entirely, once everything is as coarse as it goes. */
  droppable: boolean;
  /** Heads the sections of its priority that follow it: left out when they all are. */
  heading?: boolean;
}

/** Sizes in UTF-8 bytes: never fewer than characters, so a byte limit is also a character limit. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const JOIN = '\n';

export function fitSections(sections: Section[], maxBytes: number, droppedNote: (dropped: number) => string): string {
  const level = sections.map(() => 0);
  const text = sections.map((s) => s.render(0));
  const size = text.map(byteLength);
  const kept = sections.map(() => true);
  let dropped = 0;
  let sum = size.reduce((n, x) => n + x + JOIN.length, 0);
  const over = () => sum + (dropped ? byteLength(droppedNote(dropped)) + JOIN.length : 0) > maxBytes;
  const degradable = (i: number) => kept[i] && level[i]! + 1 < sections[i]!.levels;
  const droppable = (i: number) => kept[i] && sections[i]!.droppable && i > 0;
  while (over()) {
    // The least important priority that can still give something: coarser first, then (last ones first) left out.
    let priority = Number.POSITIVE_INFINITY;
    for (let i = 0; i < sections.length; i++) if (degradable(i) || droppable(i)) priority = Math.min(priority, sections[i]!.priority);
    if (priority === Number.POSITIVE_INFINITY) break;
    let pick = -1;
    for (let i = 0; i < sections.length; i++) if (sections[i]!.priority === priority && degradable(i) && (pick < 0 || size[i]! > size[pick]!)) pick = i;
    if (pick >= 0) {
      level[pick]!++;
      text[pick] = sections[pick]!.render(level[pick]!);
      sum -= size[pick]!;
      size[pick] = byteLength(text[pick]!);
      sum += size[pick]!;
      continue;
    }
    for (let i = sections.length - 1; i > 0; i--) {
      if (sections[i]!.priority !== priority || !droppable(i)) continue;
      kept[i] = false;
      dropped++;
      sum -= size[i]! + JOIN.length;
      break;
    }
  }
  // Only a caller's oversized fixed text gets here: leave out whole sections from the end, never the first.
  for (let i = sections.length - 1; i > 0 && over(); i--) {
    if (!kept[i]) continue;
    kept[i] = false;
    dropped++;
    sum -= size[i]! + JOIN.length;
  }
  for (let i = 0; i < sections.length; i++) {
    if (!sections[i]!.heading || !kept[i]) continue;
    let j = i + 1;
    let any = false;
    for (; j < sections.length && sections[j]!.priority === sections[i]!.priority && !sections[j]!.heading; j++) any ||= kept[j]!;
    if (!any && j > i + 1) kept[i] = false;
  }
  const out = text.filter((_, i) => kept[i]);
  if (dropped) out.push(droppedNote(dropped));
  return out.join(JOIN);
}
