/**
 * Sprig's arithmetic (numeric.go) with spf13/cast's conversions: strings
 * parse as Go literals (base prefixes, "1.0" as 1), floats truncate, bools
 * are 0 or 1, anything unconvertible is 0. The *f functions compute in
 * decimal (shopspring/decimal) and return float64.
 */
import type { FunctionMap } from '../functions.ts';
import { formatV, type GoValue, MISSING } from '../values.ts';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 0, 64): base prefixes 0x, 0o, 0b and a leading 0 for octal; "_" only with a prefix. */
export function parseGoInt(text: string, base = 0): bigint | undefined {
  let s = text;
  let sign = 1n;
  if (s.startsWith('+') || s.startsWith('-')) {
    if (s[0] === '-') sign = -1n;
    s = s.slice(1);
  }
  let b = base;
  let underscores = false;
  if (b === 0) {
    b = 10;
    if (/^0[xX]/.test(s)) [b, s, underscores] = [16, s.slice(2), true];
    else if (/^0[oO]/.test(s)) [b, s, underscores] = [8, s.slice(2), true];
    else if (/^0[bB]/.test(s)) [b, s, underscores] = [2, s.slice(2), true];
    else if (/^0./.test(s)) [b, s, underscores] = [8, s.slice(1), true];
  }
  if (underscores) {
    if (/^_|_$|__/.test(s) && !/^_[^_]/.test(s)) return undefined;
    s = s.replaceAll('_', '');
  }
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  if (s === '' || ![...s.toLowerCase()].every((c) => digits.includes(c))) return undefined;
  let n = 0n;
  for (const c of s.toLowerCase()) n = n * BigInt(b) + BigInt(digits.indexOf(c));
  n *= sign;
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/** cast's trimZeroDecimal: "1.00" → "1". */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') return foundZero ? s.slice(0, i - 1) : s;
    if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** cast.ToInt64. */
export function toInt64(v: GoValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt.asIntN(64, BigInt(Math.trunc(v))) : INT64_MIN;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return parseGoInt(trimZeroDecimal(v)) ?? 0n;
  return 0n;
}

export function toInt(v: GoValue): number {
  return Number(toInt64(v));
}

/** cast.ToFloat64: strings by strconv.ParseFloat. */
export function toFloat64(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseGoFloat(v) ?? 0;
  return 0;
}

/** strconv.ParseFloat(s, 64): decimal and hex floats, inf and nan, "_" only between digits of prefixed numbers. */
export function parseGoFloat(s: string): number | undefined {
  const t = s.trim() === s ? s : undefined;
  if (t === undefined || t === '') return undefined;
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return Number.NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?0[xX]/.test(t)) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(t);
    if (!m || (m[2] === '' && m[3] === '')) return undefined;
    const mantissa = Number.parseInt(m[2] || '0', 16) + (m[3] ? Number.parseInt(m[3], 16) / 16 ** m[3].length : 0);
    return (m[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(m[4]);
  }
  return undefined;
}

function untilStep(start: number, stop: number, step: number): bigint[] {
  const out: bigint[] = [];
  if (stop < start) {
    if (step >= 0) return out;
    for (let i = start; i > stop; i += step) out.push(BigInt(i));
    return out;
  }
  if (step <= 0) return out;
  for (let i = start; i < stop; i += step) out.push(BigInt(i));
  return out;
}

function seq(...params: bigint[]): string {
  const p = params.map(Number);
  let range: bigint[];
  if (p.length === 1) {
    const inc = p[0] < 1 ? -1 : 1;
    range = untilStep(1, p[0] + inc, inc);
  } else if (p.length === 2) {
    const step = p[1] < p[0] ? -1 : 1;
    range = untilStep(p[0], p[1] + step, step);
  } else if (p.length === 3) {
    const [start, step, end] = p;
    let inc = 1;
    if (end < start) {
      inc = -1;
      if (step > 0) return '';
    }
    range = untilStep(start, end + inc, step);
  } else return '';
  return range.join(' ');
}

/** sprig's round: away from zero once the fraction reaches roundOn (default .5). */
function round(a: GoValue, places: bigint, ...opt: GoValue[]): number {
  const roundOn = opt.length ? toFloat64(opt[0]) : 0.5;
  const pow = 10 ** Number(places);
  const digit = pow * toFloat64(a);
  const frac = digit - Math.trunc(digit);
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

/**
 * decimal.NewFromFloat then the operation in decimal, back to float64. Decimal operands are the
 * shortest decimal forms of the floats (as NewFromFloat takes them); division keeps 16 digits.
 */
function decimalOp(a: GoValue, rest: GoValue[], op: (x: Decimal, y: Decimal) => Decimal): number {
  let acc = Decimal.of(toFloat64(a));
  for (const x of rest) acc = op(acc, Decimal.of(toFloat64(x)));
  return acc.toNumber();
}

/** A decimal: value = coef × 10^exp. */
class Decimal {
  constructor(
    readonly coef: bigint,
    readonly exp: number,
  ) {}
  static of(f: number): Decimal {
    if (!Number.isFinite(f)) throw new Error(`Cannot create a Decimal from ${formatV(f)}`);
    const [mantissa, e] = f.toExponential().split('e');
    const digits = mantissa.replace('.', '').replace('-', '');
    const fracDigits = (mantissa.split('.')[1] ?? '').length;
    return new Decimal(BigInt(digits) * (f < 0 ? -1n : 1n), Number(e) - fracDigits);
  }
  private align(o: Decimal): [bigint, bigint, number] {
    const exp = Math.min(this.exp, o.exp);
    return [this.coef * 10n ** BigInt(this.exp - exp), o.coef * 10n ** BigInt(o.exp - exp), exp];
  }
  add(o: Decimal): Decimal {
    const [a, b, exp] = this.align(o);
    return new Decimal(a + b, exp);
  }
  sub(o: Decimal): Decimal {
    const [a, b, exp] = this.align(o);
    return new Decimal(a - b, exp);
  }
  mul(o: Decimal): Decimal {
    return new Decimal(this.coef * o.coef, this.exp + o.exp);
  }
  /** shopspring's Div: rounded to DivisionPrecision (16) places, half away from zero. */
  div(o: Decimal): Decimal {
    if (o.coef === 0n) throw new Error('decimal division by 0');
    const k = this.exp - o.exp + 16;
    let num = this.coef;
    let den = o.coef;
    if (k >= 0) num *= 10n ** BigInt(k);
    else den *= 10n ** BigInt(-k);
    let q = num / den;
    const r = num % den;
    const abs = (x: bigint) => (x < 0n ? -x : x);
    if (abs(r) * 2n >= abs(den)) q += num < 0n !== den < 0n ? -1n : 1n;
    return new Decimal(q, -16);
  }
  toNumber(): number {
    return Number(`${this.coef}e${this.exp}`);
  }
}

export const NUMBERS: FunctionMap = {
  atoi: { params: ['string'], fn: (s: string) => (/^[+-]?\d+$/.test(s) ? (parseGoInt(s, 10) ?? 0n) : 0n) },
  int64: { params: ['any'], fn: toInt64 },
  int: { params: ['any'], fn: toInt64 },
  float64: { params: ['any'], fn: toFloat64 },
  seq: { params: [], variadic: 'int', fn: seq },
  toDecimal: { params: ['any'], fn: (v: GoValue) => parseGoInt(formatV(v === MISSING ? null : v), 8) ?? 0n },
  until: { params: ['int'], fn: (n: bigint) => untilStep(0, Number(n), n < 0n ? -1 : 1) },
  untilStep: { params: ['int', 'int', 'int'], fn: (a: bigint, b: bigint, c: bigint) => untilStep(Number(a), Number(b), Number(c)) },
  add1: { params: ['any'], fn: (v: GoValue) => BigInt.asIntN(64, toInt64(v) + 1n) },
  add: { params: [], variadic: 'any', fn: (...v: GoValue[]) => v.reduce<bigint>((a, b) => BigInt.asIntN(64, a + toInt64(b)), 0n) },
  sub: { params: ['any', 'any'], fn: (a: GoValue, b: GoValue) => BigInt.asIntN(64, toInt64(a) - toInt64(b)) },
  div: {
    params: ['any', 'any'],
    fn: (a: GoValue, b: GoValue) => {
      const d = toInt64(b);
      if (d === 0n) throw new Error('runtime error: integer divide by zero');
      return BigInt.asIntN(64, toInt64(a) / d);
    },
  },
  mod: {
    params: ['any', 'any'],
    fn: (a: GoValue, b: GoValue) => {
      const d = toInt64(b);
      if (d === 0n) throw new Error('runtime error: integer divide by zero');
      return toInt64(a) % d;
    },
  },
  mul: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => v.reduce<bigint>((x, y) => BigInt.asIntN(64, x * toInt64(y)), toInt64(a)) },
  add1f: { params: ['any'], fn: (v: GoValue) => decimalOp(v, [1n], (x, y) => x.add(y)) },
  addf: { params: [], variadic: 'any', fn: (...v: GoValue[]) => decimalOp(0, v, (x, y) => x.add(y)) },
  subf: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => decimalOp(a, v, (x, y) => x.sub(y)) },
  divf: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => decimalOp(a, v, (x, y) => x.div(y)) },
  mulf: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => decimalOp(a, v, (x, y) => x.mul(y)) },
  // biome-ignore lint/complexity/useMathMinMax: Go ints are bigints here, which Math.max does not take
  biggest: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => v.map(toInt64).reduce((x, y) => (y > x ? y : x), toInt64(a)) },
  // biome-ignore lint/complexity/useMathMinMax: Go ints are bigints here, which Math.max does not take
  max: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => v.map(toInt64).reduce((x, y) => (y > x ? y : x), toInt64(a)) },
  // biome-ignore lint/complexity/useMathMinMax: Go ints are bigints here, which Math.min does not take
  min: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => v.map(toInt64).reduce((x, y) => (y < x ? y : x), toInt64(a)) },
  maxf: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => v.map(toFloat64).reduce((x, y) => goMax(x, y), toFloat64(a)) },
  minf: { params: ['any'], variadic: 'any', fn: (a: GoValue, ...v: GoValue[]) => v.map(toFloat64).reduce((x, y) => goMin(x, y), toFloat64(a)) },
  ceil: { params: ['any'], fn: (a: GoValue) => Math.ceil(toFloat64(a)) },
  floor: { params: ['any'], fn: (a: GoValue) => Math.floor(toFloat64(a)) },
  round: { params: ['any', 'int'], variadic: 'any', fn: round },
};

/** math.Max / math.Min: NaN wins, +0 beats -0 for max. */
function goMax(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return Math.max(x, y);
}
function goMin(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return Math.min(x, y);
}
