/**
 * Sprig's semver and semverCompare over Masterminds/semver v3 rules:
 * versions are coerced ("1.2" is 1.2.0, a "v" prefix is allowed),
 * constraints have the operators = != > < >= <= ~ ^, x-ranges ("1.2.x"),
 * hyphen ranges ("1.2 - 1.4"), "," or spaces for and, "||" for or, and a
 * prerelease only satisfies a constraint that names one.
 */
import type { FunctionMap } from '../functions.ts';
import { GoStruct, type GoValue } from '../values.ts';

const LOOSE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const MAX_UINT64 = 2n ** 64n - 1n;

export class Version extends GoStruct {
  readonly typeName = '*semver.Version';
  readonly kind = 'ptr';
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
    readonly metadata: string,
    readonly original: string,
  ) {
    super();
  }

  static parse(v: string): Version {
    const m = LOOSE.exec(v);
    if (!m) throw new Error('invalid semantic version');
    const segment = (s: string | undefined) => {
      const n = s ? BigInt(s.replace(/^\./, '')) : 0n;
      if (n > MAX_UINT64) throw new Error(`error parsing version segment: strconv.ParseUint: parsing "${s}": value out of range`);
      return n;
    };
    const version = new Version(segment(m[1]), segment(m[2]), segment(m[3]), m[5] ?? '', m[8] ?? '', v);
    if (version.pre) validatePrerelease(version.pre);
    return version;
  }

  override toString(): string {
    return `${this.major}.${this.minor}.${this.patch}${this.pre ? `-${this.pre}` : ''}${this.metadata ? `+${this.metadata}` : ''}`;
  }
  format(): string {
    return this.toString();
  }
  toJSON(): unknown {
    return this.toString();
  }
  field(name: string): GoValue | undefined {
    switch (name) {
      case 'Major':
        return this.major;
      case 'Minor':
        return this.minor;
      case 'Patch':
        return this.patch;
      case 'Prerelease':
        return this.pre;
      case 'Metadata':
        return this.metadata;
      case 'Original':
        return this.original;
      case 'String':
        return this.toString();
      default:
        return undefined;
    }
  }
  override method(name: string): ((...args: GoValue[]) => GoValue) | undefined {
    const other = (o: GoValue) => {
      if (!(o instanceof Version)) throw new Error('wrong type for value; expected *semver.Version');
      return o;
    };
    switch (name) {
      case 'Compare':
        return (o) => BigInt(this.compare(other(o)));
      case 'LessThan':
        return (o) => this.compare(other(o)) < 0;
      case 'GreaterThan':
        return (o) => this.compare(other(o)) > 0;
      case 'Equal':
        return (o) => this.compare(other(o)) === 0;
      default:
        return undefined;
    }
  }

  compare(o: Version): number {
    for (const [a, b] of [
      [this.major, o.major],
      [this.minor, o.minor],
      [this.patch, o.patch],
    ] as const)
      if (a !== b) return a < b ? -1 : 1;
    if (this.pre === '' && o.pre === '') return 0;
    if (this.pre === '') return 1;
    if (o.pre === '') return -1;
    return comparePrerelease(this.pre, o.pre);
  }
}

function validatePrerelease(p: string): void {
  for (const part of p.split('.')) {
    if (part === '') throw new Error('invalid prerelease string');
    if (/^[0-9]+$/.test(part) && part.length > 1 && part[0] === '0') throw new Error('version segment starts with 0');
  }
}

function comparePrerelease(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = comparePart(x[i] ?? '', y[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

function comparePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sn = /^[0-9]+$/.test(s);
  const on = /^[0-9]+$/.test(o);
  if (!sn && !on) return s > o ? 1 : -1;
  if (!on) return -1;
  if (!sn) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CV = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const CONSTRAINT = new RegExp(`^\\s*(${OPS})\\s*(${CV})\\s*$`);
const RANGE = new RegExp(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`, 'g');
const FIND = new RegExp(`(${OPS})\\s*(${CV})`, 'g');
const VALID = new RegExp(`^(\\s*(${OPS})\\s*(${CV})\\s*)((?:\\s+|,\\s*)(${OPS})\\s*(${CV})\\s*)*$`);

interface Constraint {
  con: Version;
  orig: string;
  op: string;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const isX = (s: string | undefined) => s === 'x' || s === '*' || s === 'X';

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT.exec(c);
  if (!m) throw new Error(`improper constraint: ${c}`);
  const [, op, orig, major, minorRaw = '', patchRaw = '', preWithDash = ''] = m;
  const minor = minorRaw.replace(/^\./, '');
  const patch = patchRaw.replace(/^\./, '');
  let ver = orig;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') [ver, dirty] = [`0.0.0${preWithDash}`, true];
  else if (isX(minor) || minorRaw === '') [ver, dirty, minorDirty] = [`${major}.0.0${preWithDash}`, true, true];
  else if (isX(patch) || patchRaw === '') [ver, dirty, patchDirty] = [`${major}${minorRaw}.0${preWithDash}`, true, true];
  let con: Version;
  try {
    con = Version.parse(ver);
  } catch {
    throw new Error('constraint parser error');
  }
  return { con, orig, op, dirty, minorDirty, patchDirty };
}

function check(v: Version, c: Constraint, includePre: boolean): boolean {
  if (v.pre !== '' && !includePre) return false;
  const cmp = v.compare(c.con);
  const tilde = () => {
    if (cmp < 0) return false;
    if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
    if (v.major !== c.con.major) return false;
    return !(v.minor !== c.con.minor && !c.minorDirty);
  };
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde() : cmp === 0;
    case '!=':
      if (c.dirty) {
        if (c.con.major !== v.major) return true;
        if (c.con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (c.con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) return (v.pre !== '' || c.con.pre !== '') && comparePrerelease(v.pre, c.con.pre) !== 0;
      }
      return cmp !== 0;
    case '>':
      if (!c.dirty) return cmp === 1;
      if (v.major !== c.con.major) return v.major > c.con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return cmp === 1;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (v.major > c.con.major) return false;
      return !(v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty);
    case '~':
    case '~>':
      return tilde();
    case '^':
      if (cmp < 0) return false;
      if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
      if (v.major > 0n) return false;
      if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
      if (v.minor > 0n) return false;
      return c.con.patch === v.patch;
    default:
      return false;
  }
}

/** semver.NewConstraint(c).Check(v). */
export function satisfies(constraint: string, version: Version): boolean {
  const rewritten = constraint.replace(RANGE, (_m, lo: string, ...rest: string[]) => `>= ${lo}, <= ${rest[9]}`);
  return rewritten.split('||').some((or) => {
    if (!VALID.test(or)) throw new Error(`improper constraint: ${or}`);
    const parts = [...or.matchAll(FIND)].map((m) => m[0]);
    const constraints = (parts.length ? parts : [or]).map(parseConstraint);
    const includePre = constraints.some((c) => c.con.pre !== '');
    return constraints.every((c) => check(version, c, includePre));
  });
}

export const SEMVER: FunctionMap = {
  semver: { params: ['string'], fn: (v: string) => Version.parse(v) },
  semverCompare: { params: ['string', 'string'], fn: (c: string, v: string) => satisfies(c, Version.parse(v)) },
};
