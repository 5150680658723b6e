/**
 * Go value semantics on JavaScript values. Parameters are what Go's
 * encoding/json yields: string, float64 (JS number), bool, nil (null),
 * []interface{} (array) and map[string]interface{} (plain object). Template
 * integer constants and int results are Go ints (JS bigint), so `eq 1 1.0`
 * fails as it does in Go. MISSING is Go's invalid reflect.Value: a map key
 * that is not there.
 */
export const MISSING: unique symbol = Symbol('no value');
export type GoValue = string | number | bigint | boolean | null | typeof MISSING | GoValue[] | GoMap | GoStruct;
export interface GoMap {
  [key: string]: GoValue;
}

/**
 * A Go value of a named type some Sprig functions return (a time.Time, a *semver.Version): fields and
 * methods reached with `.Name`, printed as fmt prints it.
 */
export abstract class GoStruct {
  abstract readonly typeName: string;
  /** reflect.Kind, as kindOf reports it. */
  abstract readonly kind: string;
  /** A field, or the result of a method that takes no arguments; undefined when the type has neither. */
  abstract field(name: string): GoValue | undefined;
  /** A method that takes arguments, called as `(x).Method arg`. */
  method(_name: string): ((...args: GoValue[]) => GoValue) | undefined {
    return undefined;
  }
  /** fmt's %v. */
  abstract format(): string;
  /** encoding/json. */
  abstract toJSON(): unknown;
}

export function isMap(v: unknown): v is GoMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoStruct);
}

export function goTypeName(v: GoValue): string {
  if (v instanceof GoStruct) return v.typeName;
  if (v === null || v === MISSING) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** Go's template truth: false, 0, nil and empty strings, slices and maps are false. */
export function isTrue(v: GoValue): boolean {
  if (v === null || v === MISSING) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoStruct) return true;
  return Object.keys(v).length > 0;
}

/** How an action prints its value (fmt's %v, with text/template's "<no value>" for nil). */
export function printValue(v: GoValue): string {
  if (v === null || v === MISSING) return '<no value>';
  return formatV(v);
}

/** fmt's %v: maps print with sorted keys, slices space-separated, nil inside containers as <nil>. */
export function formatV(v: GoValue): string {
  if (v === null || v === MISSING) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatV).join(' ')}]`;
  if (v instanceof GoStruct) return v.format();
  const keys = Object.keys(v).sort();
  return `map[${keys.map((k) => `${k}:${formatV(v[k])}`).join(' ')}]`;
}

/** fmt's %v for float64: %g with the shortest digits, so exponent form when exp < -4 or exp >= 6 (1e+06). */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, expText] = f.toExponential().split('e');
  const exp = Number(expText);
  // strconv: "if precision was the shortest possible, use precision 6 for this decision".
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(f);
}

export function toNumber(v: GoValue): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return Number(v) || 0;
  return 0;
}

type BasicKind = 'string' | 'int' | 'float' | 'bool' | 'nil' | 'other';
function basicKind(v: GoValue): BasicKind {
  if (v === null || v === MISSING) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'boolean') return 'bool';
  return 'other';
}

/** text/template's eq on two values: same basic kind required, as in Go. */
export function goEqual(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'nil' || kb === 'nil') {
    if (ka === kb) return true;
    if (ka === 'other' || kb === 'other') return false;
    throw new Error('incompatible types for comparison');
  }
  if (ka !== kb) throw new Error('incompatible types for comparison');
  if (ka === 'other') throw new Error(`non-comparable type ${goTypeName(a)}`);
  return a === b;
}

export function goLess(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) throw new Error('incompatible types for comparison');
  if (ka === 'bool' || ka === 'nil' || ka === 'other') throw new Error('invalid type for comparison');
  return (a as string | number | bigint) < (b as string | number | bigint);
}
