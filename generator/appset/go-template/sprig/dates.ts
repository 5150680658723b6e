/**
 * Sprig's date functions (date.go) over a Go time.Time: formatting and
 * parsing with Go's reference layout ("2006-01-02 15:04:05 -0700 MST"),
 * time.Duration's text form, and zones by IANA name. time.Local is UTC, as in
 * the Argo CD controller's container; `now` reads the clock, so its output
 * changes from one evaluation to the next, as it does in Argo CD.
 */
import type { FunctionMap, GoFunction } from '../functions.ts';
import { GoStruct, type GoValue } from '../values.ts';

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

interface Zone {
  name: string;
  /** seconds east of UTC at the instant, or a function of the instant for named zones */
  offsetAt(ns: bigint): { offset: number; abbrev: string };
}

const UTC: Zone = { name: 'UTC', offsetAt: () => ({ offset: 0, abbrev: 'UTC' }) };

function fixedZone(offset: number, abbrev: string): Zone {
  return { name: abbrev, offsetAt: () => ({ offset, abbrev }) };
}

/** time.LoadLocation: "" and "UTC" are UTC, "Local" is the controller's zone (UTC), other names from the IANA database. */
export function loadLocation(name: string): Zone {
  if (name === '' || name === 'UTC' || name === 'Local') return UTC;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    throw new Error(`unknown time zone ${name}`);
  }
  return {
    name,
    offsetAt(ns) {
      const date = new Date(Number(ns / NS_PER_MS));
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        timeZoneName: 'short',
      }).formatToParts(date);
      const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
      const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
      const offset = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 1000);
      const named = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
      return { offset, abbrev: /^(GMT|UTC)[+-]/.test(named) || named === '' ? abbrevFor(offset) : named };
    },
  };
}

/** Go names a zone without an abbreviation by its offset: "+01", "-0530". */
function abbrevFor(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const h = String(Math.floor(abs / 3600)).padStart(2, '0');
  const m = Math.floor((abs % 3600) / 60);
  return `${sign}${h}${m ? String(m).padStart(2, '0') : ''}`;
}

export class GoTime extends GoStruct {
  readonly typeName = 'time.Time';
  readonly kind = 'struct';
  constructor(
    /** nanoseconds since the Unix epoch */
    readonly ns: bigint,
    readonly zone: Zone = UTC,
    /** time.Now() carries a monotonic reading, which fmt prints */
    readonly monotonic = false,
  ) {
    super();
  }
  static now(): GoTime {
    return new GoTime(BigInt(Date.now()) * NS_PER_MS + (process.hrtime.bigint() % NS_PER_MS), UTC, true);
  }
  in(zone: Zone): GoTime {
    return new GoTime(this.ns, zone);
  }
  format(): string {
    return this.layout('2006-01-02 15:04:05.999999999 -0700 MST') + (this.monotonic ? ' m=+0.000000001' : '');
  }
  toJSON(): unknown {
    return this.layout('2006-01-02T15:04:05.999999999Z07:00');
  }
  field(name: string): GoValue | undefined {
    const c = this.civil();
    switch (name) {
      case 'Unix':
        return floorDiv(this.ns, NS_PER_S);
      case 'UnixNano':
        return this.ns;
      case 'Year':
        return BigInt(c.year);
      case 'Day':
        return BigInt(c.day);
      case 'Hour':
        return BigInt(c.hour);
      case 'Minute':
        return BigInt(c.minute);
      case 'Second':
        return BigInt(c.second);
      case 'UTC':
        return new GoTime(this.ns, UTC);
      case 'String':
        return this.format();
      default:
        return undefined;
    }
  }
  override method(name: string): ((...args: GoValue[]) => GoValue) | undefined {
    if (name === 'Format')
      return (layout) => {
        if (typeof layout !== 'string') throw new Error('wrong type for value; expected string');
        return this.layout(layout);
      };
    return undefined;
  }

  /** The wall clock in this time's zone. */
  civil(): {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
    nanos: number;
    weekday: number;
    yday: number;
    offset: number;
    abbrev: string;
  } {
    const { offset, abbrev } = this.zone.offsetAt(this.ns);
    const secs = floorDiv(this.ns, NS_PER_S) + BigInt(offset);
    const nanos = Number(this.ns - floorDiv(this.ns, NS_PER_S) * NS_PER_S);
    const d = new Date(Number(secs) * 1000);
    const start = Date.UTC(d.getUTCFullYear(), 0, 1);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      nanos,
      weekday: d.getUTCDay(),
      yday: Math.floor((d.getTime() - start) / 86_400_000) + 1,
      offset,
      abbrev,
    };
  }

  layout(layout: string): string {
    const c = this.civil();
    let out = '';
    for (const chunk of chunks(layout)) {
      if (chunk.literal !== undefined) {
        out += chunk.literal;
        continue;
      }
      out += formatChunk(chunk.std!, c);
    }
    return out;
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The layout elements of Go's time package, longest first where one is a prefix of another. */
const STD = [
  'January',
  'Jan',
  'Monday',
  'Mon',
  '2006',
  '-070000',
  '-07:00:00',
  '-0700',
  '-07:00',
  '-07',
  'Z070000',
  'Z07:00:00',
  'Z0700',
  'Z07:00',
  'Z07',
  '002',
  '__2',
  '_2',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '15',
  '1',
  '2',
  '3',
  '4',
  '5',
  'PM',
  'pm',
  'MST',
];

interface Chunk {
  literal?: string;
  std?: string;
}

function chunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let lit = '';
  for (let i = 0; i < layout.length; ) {
    // Fractional seconds: .000 / ,000 / .999 after a seconds field.
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac && /05$|5$/.test(layout.slice(0, i))) {
      if (lit) out.push({ literal: lit });
      lit = '';
      out.push({ std: frac[0] });
      i += frac[0].length;
      continue;
    }
    const std = STD.find(
      (s) =>
        layout.startsWith(s, i) &&
        !(s === 'Jan' && /^[a-z]/.test(layout.slice(i + 3, i + 4)) && !layout.startsWith('January', i)) &&
        !(s === 'Mon' && /^[a-z]/.test(layout.slice(i + 3, i + 4)) && !layout.startsWith('Monday', i)),
    );
    if (std) {
      if (lit) out.push({ literal: lit });
      lit = '';
      out.push({ std });
      i += std.length;
    } else lit += layout[i++];
  }
  if (lit) out.push({ literal: lit });
  return out;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function formatChunk(std: string, c: ReturnType<GoTime['civil']>): string {
  const zone = (colon: boolean, seconds: boolean, z: boolean, short = false) => {
    if (z && c.offset === 0) return 'Z';
    const sign = c.offset < 0 ? '-' : '+';
    const abs = Math.abs(c.offset);
    const h = pad(Math.floor(abs / 3600), 2);
    const m = pad(Math.floor((abs % 3600) / 60), 2);
    const s = pad(abs % 60, 2);
    if (short) return `${sign}${h}`;
    return sign + h + (colon ? ':' : '') + m + (seconds ? (colon ? ':' : '') + s : '');
  };
  switch (std) {
    case 'January':
      return MONTHS[c.month - 1];
    case 'Jan':
      return MONTHS[c.month - 1].slice(0, 3);
    case '1':
      return String(c.month);
    case '01':
      return pad(c.month, 2);
    case 'Monday':
      return DAYS[c.weekday];
    case 'Mon':
      return DAYS[c.weekday].slice(0, 3);
    case '2006':
      return pad(c.year, 4);
    case '06':
      return pad(c.year % 100, 2);
    case '2':
      return String(c.day);
    case '_2':
      return String(c.day).padStart(2, ' ');
    case '02':
      return pad(c.day, 2);
    case '__2':
      return String(c.yday).padStart(3, ' ');
    case '002':
      return pad(c.yday, 3);
    case '15':
      return pad(c.hour, 2);
    case '3':
      return String(c.hour % 12 || 12);
    case '03':
      return pad(c.hour % 12 || 12, 2);
    case '4':
      return String(c.minute);
    case '04':
      return pad(c.minute, 2);
    case '5':
      return String(c.second);
    case '05':
      return pad(c.second, 2);
    case 'PM':
      return c.hour >= 12 ? 'PM' : 'AM';
    case 'pm':
      return c.hour >= 12 ? 'pm' : 'am';
    case 'MST':
      return c.abbrev;
    case '-0700':
      return zone(false, false, false);
    case '-07:00':
      return zone(true, false, false);
    case '-07':
      return zone(false, false, false, true);
    case '-070000':
      return zone(false, true, false);
    case '-07:00:00':
      return zone(true, true, false);
    case 'Z0700':
      return zone(false, false, true);
    case 'Z07:00':
      return zone(true, false, true);
    case 'Z07':
      return zone(false, false, true, true);
    case 'Z070000':
      return zone(false, true, true);
    case 'Z07:00:00':
      return zone(true, true, true);
    default: {
      // fractional seconds
      const digits = std.length - 1;
      const text = pad(c.nanos, 9).slice(0, digits);
      if (std[1] === '0') return std[0] + text;
      const trimmed = text.replace(/0+$/, '');
      return trimmed ? std[0] + trimmed : '';
    }
  }
}

/** time.ParseInLocation for the layout elements above; unset fields are zero, the zone is the location's. */
export function parseTime(layout: string, value: string, loc: Zone = UTC): GoTime {
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0;
  let pm: boolean | undefined;
  let offset: number | undefined;
  let rest = value;
  const fail = (elem: string) => {
    throw new Error(`parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(elem)}`);
  };
  const num = (elem: string, min: number, max: number, fixed?: number) => {
    const m = (fixed ? new RegExp(`^[0-9]{${fixed}}`) : /^[0-9]{1,2}/).exec(rest);
    if (!m) fail(elem);
    rest = rest.slice(m![0].length);
    const n = Number(m![0]);
    if (n < min || n > max) throw new Error(`parsing time ${JSON.stringify(value)}: ${elem === '01' || elem === '1' ? 'month' : 'value'} out of range`);
    return n;
  };
  const name = (elem: string, names: string[], short: boolean) => {
    const i = names.findIndex((n) => rest.toLowerCase().startsWith((short ? n.slice(0, 3) : n).toLowerCase()));
    if (i < 0) fail(elem);
    rest = rest.slice(short ? 3 : names[i].length);
    return i;
  };
  for (const chunk of chunks(layout)) {
    if (chunk.literal !== undefined) {
      if (!rest.startsWith(chunk.literal)) fail(chunk.literal);
      rest = rest.slice(chunk.literal.length);
      continue;
    }
    const std = chunk.std!;
    switch (std) {
      case 'January':
      case 'Jan':
        month = name(std, MONTHS, std === 'Jan') + 1;
        break;
      case 'Monday':
      case 'Mon':
        name(std, DAYS, std === 'Mon');
        break;
      case '1':
      case '01':
        month = num(std, 1, 12, std === '01' ? 2 : undefined);
        break;
      case '2006':
        year = num(std, 0, 9999, 4);
        break;
      case '06': {
        const y = num(std, 0, 99, 2);
        year = y >= 69 ? 1900 + y : 2000 + y;
        break;
      }
      case '2':
      case '_2':
      case '02':
        if (std === '_2' && rest.startsWith(' ')) rest = rest.slice(1);
        day = num(std, 1, 31, std === '02' ? 2 : undefined);
        break;
      case '15':
        hour = num(std, 0, 23);
        break;
      case '3':
      case '03':
        hour = num(std, 1, 12, std === '03' ? 2 : undefined);
        break;
      case '4':
      case '04':
        minute = num(std, 0, 59, std === '04' ? 2 : undefined);
        break;
      case '5':
      case '05':
        second = num(std, 0, 59, std === '05' ? 2 : undefined);
        if (/^[.,][0-9]/.test(rest)) {
          const m = /^[.,]([0-9]+)/.exec(rest)!;
          nanos = Number(m[1].slice(0, 9).padEnd(9, '0'));
          rest = rest.slice(m[0].length);
        }
        break;
      case 'PM':
      case 'pm': {
        const m = /^(AM|PM|am|pm)/.exec(rest);
        if (!m) fail(std);
        pm = m![0].toLowerCase() === 'pm';
        rest = rest.slice(2);
        break;
      }
      case 'MST': {
        const m = /^(UTC|GMT|[A-Z]{3,5})/.exec(rest);
        if (!m) fail(std);
        if (m![0] === 'UTC' || m![0] === 'GMT') offset = 0;
        rest = rest.slice(m![0].length);
        break;
      }
      default:
        if (std.startsWith('-') || std.startsWith('Z')) {
          if (std.startsWith('Z') && rest.startsWith('Z')) {
            rest = rest.slice(1);
            offset = 0;
            break;
          }
          const m = /^([+-])([0-9]{2}):?([0-9]{2})?(?::?([0-9]{2}))?/.exec(rest);
          if (!m) fail(std);
          offset = (m![1] === '-' ? -1 : 1) * (Number(m![2]) * 3600 + Number(m![3] ?? 0) * 60 + Number(m![4] ?? 0));
          rest = rest.slice(m![0].length);
        } else if (/^[.,]/.test(std)) {
          const m = /^[.,]([0-9]+)/.exec(rest);
          if (m) {
            nanos = Number(m[1].slice(0, 9).padEnd(9, '0'));
            rest = rest.slice(m[0].length);
          } else if (std[1] === '0') fail(std);
        }
    }
  }
  if (rest !== '') throw new Error(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(rest)}`);
  if (pm !== undefined) {
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  const wall = BigInt(Date.UTC(year, month - 1, day, hour, minute, second)) / 1000n;
  const guess = wall * NS_PER_S + BigInt(nanos);
  const zone = offset !== undefined ? (offset === 0 && loc === UTC ? UTC : fixedZone(offset, abbrevFor(offset))) : loc;
  const off = offset ?? loc.offsetAt(guess).offset;
  return new GoTime(guess - BigInt(off) * NS_PER_S, zone);
}

/** time.ParseDuration. */
export function parseDuration(s: string): bigint {
  const units: Record<string, bigint> = { ns: 1n, us: 1000n, µs: 1000n, μs: 1000n, ms: 1_000_000n, s: NS_PER_S, m: 60n * NS_PER_S, h: 3600n * NS_PER_S };
  let rest = s;
  let neg = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw new Error(`time: invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  while (rest !== '') {
    const m = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m || m[1] === '' || m[1] === '.')
      throw new Error(m ? `time: invalid duration ${JSON.stringify(s)}` : `time: missing unit in duration ${JSON.stringify(s)}`);
    total += Number(m[1]) * Number(units[m[2]]);
    rest = rest.slice(m[0].length);
  }
  return BigInt(Math.round(neg ? -total : total));
}

/** time.Duration.String(). */
export function durationString(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < NS_PER_S) {
    const [unit, div] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    out = fraction(u, div) + unit;
  } else {
    const h = u / (3600n * NS_PER_S);
    u -= h * 3600n * NS_PER_S;
    const m = u / (60n * NS_PER_S);
    u -= m * 60n * NS_PER_S;
    out = `${h > 0n ? `${h}h` : ''}${h > 0n || m > 0n ? `${m}m` : ''}${fraction(u, NS_PER_S)}s`;
  }
  return neg ? `-${out}` : out;
}

function fraction(v: bigint, div: bigint): string {
  const whole = v / div;
  const frac = v % div;
  if (frac === 0n) return String(whole);
  return `${whole}.${String(frac)
    .padStart(String(div).length - 1, '0')
    .replace(/0+$/, '')}`;
}

function timeOf(v: GoValue, unixFrom: 'int'): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint' && unixFrom === 'int') return new GoTime(v * NS_PER_S);
  return GoTime.now();
}

function dateInZone(layout: string, v: GoValue, zone: string): string {
  let loc: Zone;
  try {
    loc = loadLocation(zone);
  } catch {
    loc = UTC;
  }
  return timeOf(v, 'int').in(loc).layout(layout);
}

function asTime(v: GoValue): GoTime {
  if (!(v instanceof GoTime)) throw new Error('wrong type for value; expected time.Time');
  return v;
}

function durationRound(v: GoValue): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch {
      d = 0n;
    }
  } else if (typeof v === 'bigint') d = v;
  else if (v instanceof GoTime) d = GoTime.now().ns - v.ns;
  const u = d < 0n ? -d : d;
  const hour = 3600n * NS_PER_S;
  for (const [size, unit] of [
    [hour * 24n * 365n, 'y'],
    [hour * 24n * 30n, 'mo'],
    [hour * 24n, 'd'],
    [hour, 'h'],
    [60n * NS_PER_S, 'm'],
    [NS_PER_S, 's'],
  ] as const)
    if (u > size) return `${u / size}${unit}`;
  return '0s';
}

/** Duration.Round(time.Second): half away from zero. */
function roundSecond(d: bigint): bigint {
  const r = d % NS_PER_S;
  const base = d - r;
  const abs = r < 0n ? -r : r;
  if (abs * 2n < NS_PER_S) return base;
  return base + (d < 0n ? -NS_PER_S : NS_PER_S);
}

/** dateModify keeps the time when the duration does not parse; mustDateModify reports it. */
const DATE_MODIFY: GoFunction = {
  params: ['string', 'any'],
  fn: (d: string, v: GoValue) => {
    const t = asTime(v);
    try {
      return new GoTime(t.ns + parseDuration(d), t.zone);
    } catch {
      return t;
    }
  },
};
const MUST_DATE_MODIFY: GoFunction = { params: ['string', 'any'], fn: (d: string, v: GoValue) => new GoTime(asTime(v).ns + parseDuration(d), asTime(v).zone) };

export const DATES: FunctionMap = {
  now: { params: [], fn: () => GoTime.now() },
  ago: { params: ['any'], fn: (v: GoValue) => durationString(roundSecond(GoTime.now().ns - timeOf(v, 'int').ns)) },
  date: { params: ['string', 'any'], fn: (layout: string, v: GoValue) => dateInZone(layout, v, 'Local') },
  dateInZone: { params: ['string', 'any', 'string'], fn: dateInZone },
  date_in_zone: { params: ['string', 'any', 'string'], fn: dateInZone },
  htmlDate: { params: ['any'], fn: (v: GoValue) => dateInZone('2006-01-02', v, 'Local') },
  htmlDateInZone: { params: ['any', 'string'], fn: (v: GoValue, zone: string) => dateInZone('2006-01-02', v, zone) },
  dateModify: DATE_MODIFY,
  date_modify: DATE_MODIFY,
  mustDateModify: MUST_DATE_MODIFY,
  must_date_modify: MUST_DATE_MODIFY,
  duration: {
    params: ['any'],
    fn: (v: GoValue) => {
      const n = typeof v === 'string' ? (/^[+-]?[0-9]+$/.test(v) ? BigInt(v) : 0n) : typeof v === 'bigint' ? v : 0n;
      return durationString(n * NS_PER_S);
    },
  },
  durationRound: { params: ['any'], fn: durationRound },
  toDate: {
    params: ['string', 'string'],
    fn: (layout: string, s: string) => {
      try {
        return parseTime(layout, s);
      } catch {
        return new GoTime(-62135596800n * NS_PER_S);
      }
    },
  },
  mustToDate: { params: ['string', 'string'], fn: (layout: string, s: string) => parseTime(layout, s) },
  unixEpoch: { params: ['any'], fn: (v: GoValue) => String(floorDiv(asTime(v).ns, NS_PER_S)) },
};
