/**
 * Argo CD's default (non-Go) templating: valyala/fasttemplate with `{{ key }}`
 * tags looked up in flat string parameters. A tag with no string parameter is
 * left as it was, braces and all — it is not an error.
 */
import type { GoMap } from './go-template/index.ts';

export function renderFastTemplate(text: string, params: GoMap): string {
  // Go's `.*{{.*}}.*` without (?s): the tags must open and close on one line.
  if (!/{{[^\n]*}}/.test(text)) return text;
  let out = '';
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open === -1) break;
    const close = text.indexOf('}}', open + 2);
    if (close === -1)
      throw new Error(`invalid template: cannot find end tag="}}" in the template=${JSON.stringify(text)} starting from ${JSON.stringify(text.slice(open))}`);
    out += text.slice(i, open);
    const tag = text.slice(open + 2, close);
    const value = params[tag.trim()];
    out += tag.trim() && typeof value === 'string' ? value : `{{${tag}}}`;
    i = close + 2;
  }
  return out + text.slice(i);
}
