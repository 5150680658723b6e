/**
 * fmt.Sprintf, fmt.Sprint and fmt.Sprintln for template values: the verbs
 * templates use (%s %v %d %q %t %f %g %e %x %%), with width, precision and
 * the '-' and '0' flags; wrong verbs print Go's %!v(type=value) markers.
 */
import { formatFloat, formatV, type GoValue, goTypeName } from './values.ts';

export function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argIndex = 0;
  const re = /%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags, width, precision, verb] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const text = formatVerb(verb, args[argIndex++], precision === undefined ? undefined : Number(precision));
    out += pad(text, width ? Number(width) : 0, flags.includes('-'), flags.includes('0') && !flags.includes('-'));
  }
  out += format.slice(last);
  if (argIndex < args.length)
    out += `%!(EXTRA ${args
      .slice(argIndex)
      .map((a) => `${goTypeName(a)}=${formatV(a)}`)
      .join(', ')})`;
  return out;
}

function formatVerb(verb: string, v: GoValue, precision: number | undefined): string {
  const bad = () => `%!${verb}(${goTypeName(v)}=${formatV(v)})`;
  switch (verb) {
    case 'v':
      return formatV(v);
    case 's':
      if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return bad();
      return precision === undefined ? formatV(v) : [...formatV(v)].slice(0, precision).join('');
    case 'q':
      return typeof v === 'string' ? quoteGo(v) : bad();
    case 'd':
      return typeof v === 'bigint' ? String(v) : bad();
    case 't':
      return typeof v === 'boolean' ? String(v) : bad();
    case 'x':
    case 'X': {
      const text = typeof v === 'bigint' ? v.toString(16) : typeof v === 'string' ? Buffer.from(v).toString('hex') : undefined;
      if (text === undefined) return bad();
      return verb === 'X' ? text.toUpperCase() : text;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'g': {
      if (typeof v !== 'number' && typeof v !== 'bigint') return bad();
      const n = Number(v);
      if (verb === 'g') return precision === undefined ? formatFloat(n) : String(Number(n.toPrecision(precision)));
      if (verb === 'e') return n.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return n.toFixed(precision ?? 6);
    }
    default:
      return bad();
  }
}

function pad(text: string, width: number, left: boolean, zero: boolean): string {
  const length = [...text].length;
  if (length >= width) return text;
  const fill = (zero ? '0' : ' ').repeat(width - length);
  if (left) return text + fill;
  if (zero && /^[-+]/.test(text)) return text[0] + fill + text.slice(1);
  return fill + text;
}

/** strconv.Quote: Go escapes, valid for the ASCII and printable text templates carry. */
export function quoteGo(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_, hex: string) =>
    `\\x${hex.slice(2)}`.replace(/^\\x(..)$/, (x) => (Number.parseInt(hex, 16) < 0x100 ? x : `\\u${hex}`)),
  );
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatV(a);
  });
  return out;
}

export function sprintln(args: GoValue[]): string {
  return `${args.map(formatV).join(' ')}\n`;
}
