/** "Did you mean" support: the nearest candidate by edit distance, if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let extension: string | undefined;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
    // "media" for "media-repository": a name shortened at a word boundary.
    if (extendsAtBoundary(candidate, word) || extendsAtBoundary(word, candidate)) {
      if (extension === undefined || candidate.length < extension.length || (candidate.length === extension.length && candidate < extension))
        extension = candidate;
    }
  }
  if (best === undefined) return undefined;
  // One edit is a typo; otherwise a shortened or lengthened name beats an unrelated one of similar length ("media" is not "redis").
  if (bestDistance <= 1) return best;
  if (extension !== undefined) return extension;
  const prefix = best.startsWith(word) || word.startsWith(best);
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return bestDistance <= limit || prefix ? best : undefined;
}

function extendsAtBoundary(longer: string, shorter: string): boolean {
  return shorter.length > 0 && longer.length > shorter.length && longer.startsWith(shorter) && /[-_.]/.test(longer[shorter.length]!);
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = nearest(word, candidates);
  return match ? `Did you mean "${match}"?` : undefined;
}

/** Damerau-Levenshtein (optimal string alignment): transpositions like "replcias" count as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The nearest DNS-1123 label to a name a person wrote ("My_App" → "my-app",
 * "../../etc" → "etc"), for "rename it" hints; undefined when nothing is left.
 */
export function suggestName(name: string): string | undefined {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return label || undefined;
}
