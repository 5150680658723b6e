/**
 * Argo CD matches AppProject destinations (and source repos) as globs
 * (gobwas/glob): `*` and `?` wildcards, `{a,b}` alternatives, `\\` escapes.
 * Shared by the renderer, which writes them, and the preview, which reads them.
 */

/** A glob matching exactly these values: metacharacters escaped, several values as `{a,b}`. */
export function anyOf(values: string[]): string {
  const literals = [...new Set(values)].map((v) => v.replace(/[\\*?[\]{},!]/g, (c) => `\\${c}`));
  return literals.length === 1 ? literals[0] : `{${literals.join(',')}}`;
}

/** The values of a glob made by anyOf (a plain value is one value). */
export function valuesOf(glob: string): string[] {
  const body = glob.startsWith('{') && glob.endsWith('}') ? glob.slice(1, -1) : glob;
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') current += body[++i] ?? '';
    else if (body[i] === ',' && body !== glob) {
      values.push(current);
      current = '';
    } else current += body[i];
  }
  return [...values, current];
}
