/**
 * How template functions are declared: Go checks argument count and types
 * before calling (text/template's validateType), so each function lists its
 * parameter types and exec.ts converts or refuses arguments the way Go does.
 */
import { type GoMap, type GoValue, goTypeName, isMap, MISSING } from './values.ts';

export type ParamType = 'any' | 'string' | 'int' | 'float' | 'bool' | 'map';

export interface GoFunction {
  params: ParamType[];
  /** Type of any further arguments (Go `...T`). */
  variadic?: ParamType;
  // Arguments are already converted to the declared types.
  // Each builtin declares its own parameter types; the executor converts arguments to them first.
  // biome-ignore lint/suspicious/noExplicitAny: arguments are converted to the declared params before the call
  fn: (...args: any[]) => GoValue;
}

export type FunctionMap = Record<string, GoFunction>;

export function checkArity(name: string, f: GoFunction, count: number): void {
  const want = f.params.length;
  if (f.variadic ? count < want : count !== want) {
    throw new Error(`wrong number of args for ${name}: want ${f.variadic ? 'at least ' : ''}${want} got ${count}`);
  }
}

/** validateType: what Go does with an argument passed to a parameter of type `t`. */
export function convertArg(t: ParamType, v: GoValue): GoValue {
  if (t === 'any') return v === MISSING ? null : v;
  if (v === MISSING || v === null) {
    // A nil map is usable (reads return nothing); nil for a string or number is an error.
    if (t === 'map') return {};
    throw new Error(`invalid value; expected ${goParamName(t)}`);
  }
  const ok =
    (t === 'string' && typeof v === 'string') ||
    (t === 'int' && typeof v === 'bigint') ||
    (t === 'float' && (typeof v === 'number' || typeof v === 'bigint')) ||
    (t === 'bool' && typeof v === 'boolean') ||
    (t === 'map' && isMap(v));
  if (!ok) throw new Error(`wrong type for value; expected ${goParamName(t)}; got ${goTypeName(v)}`);
  return t === 'float' && typeof v === 'bigint' ? Number(v) : v;
}

function goParamName(t: ParamType): string {
  return { any: 'interface {}', string: 'string', int: 'int', float: 'float64', bool: 'bool', map: 'map[string]interface {}' }[t];
}

export function asMap(v: GoValue, what: string): GoMap {
  if (!isMap(v))
    throw new Error(`interface conversion: interface {} is ${v === null || v === MISSING ? 'nil' : goTypeName(v)}, not map[string]interface {} (${what})`);
  return v;
}
