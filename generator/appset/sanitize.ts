/**
 * Argo CD's name helpers: `normalize` (utils.SanitizeName) and `slugify`
 * (utils.SlugifyName over gosimple/slug), used by generators for
 * `nameNormalized` / `basenameNormalized` and by templates.
 */
import { toLower } from './go-template/gostrings.ts';

const MAX_DNS_NAME = 253;

/** Lower-case; anything but [-a-z0-9.] becomes "-"; at most 253 characters; no leading/trailing "-" or ".". */
export function sanitizeName(name: string): string {
  const replaced = toLower(name).replace(/[^-a-z0-9.]/gu, '-');
  return replaced.slice(0, MAX_DNS_NAME).replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * slug.Make on the sanitized name: runs of other characters collapse to one "-"; with smart truncation
 * the slug is cut at the last "-" that fits in maxLength, so no word is split.
 */
export function slugify(name: string, maxLength = 50, smartTruncate = true): string {
  let slug = sanitizeName(name)
    .replace(/[^a-z0-9-_]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (maxLength > 0 && slug.length > maxLength) {
    if (!smartTruncate) slug = slug.slice(0, maxLength);
    else {
      const words = slug.split('-');
      let kept = '';
      for (const w of words) {
        const next = kept ? `${kept}-${w}` : w;
        if (next.length > maxLength) break;
        kept = next;
      }
      slug = kept || slug.slice(0, maxLength);
    }
  }
  return slug.replace(/^[-_]+|[-_]+$/g, '');
}
