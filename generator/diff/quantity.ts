import { parseQuantity } from '../model/quantity.ts';

/** "×2", "×0.25", "same quantity"; undefined when either side is not a quantity or is zero. */
export function quantityRatio(before: unknown, after: unknown): string | undefined {
  const [a, b] = [parseQuantity(before), parseQuantity(after)];
  if (a === undefined || b === undefined || a === 0) return undefined;
  if (a === b) return 'same quantity';
  const r = b / a;
  return `×${Number(r.toPrecision(r >= 1 ? 3 : 2))}`;
}
