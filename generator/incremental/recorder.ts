/**
 * What a cached computation read from outside its own input, recorded as it
 * runs: the computation gets a *view* (an object of methods, possibly nested
 * one level, e.g. `{ app(name), inboundEdges(name) }`), and every call on it is
 * recorded with its arguments and a hash of its result. A later run calls the
 * same methods with the same arguments on its own view: when every result
 * hashes the same, the computation would read exactly what it read before.
 *
 * This is what makes the cache key complete by construction: the computation
 * has no other way to the rest of the fleet than its view (its type says so),
 * so a new method, or a new call in a renderer, is recorded without anyone
 * updating a key.
 */

/** One call: the method's path in the view ("app", "services.has"), its arguments as JSON, the hash of its result. */
export type RecordedCall = [method: string, args: string, result: string];

type View = Record<string, unknown>;

/**
 * `view` with every method call appended to `calls`; `hashResult` hashes what a call returned.
 * A call asked again is recorded (and hashed) once: a view answers the same within a run.
 */
export function recording<T extends object>(view: T, calls: RecordedCall[], hashResult: (value: unknown) => string): T {
  const asked = new Set<string>();
  const wrap = (object: View, prefix: string): View => {
    const out: View = {};
    for (const [name, member] of Object.entries(object)) {
      const method = prefix + name;
      if (typeof member === 'function') {
        out[name] = (...args: unknown[]) => {
          const result = (member as (...a: unknown[]) => unknown).apply(object, args);
          const written = JSON.stringify(args);
          if (!asked.has(`${method}\0${written}`)) {
            asked.add(`${method}\0${written}`);
            calls.push([method, written, hashResult(result)]);
          }
          return result;
        };
      } else if (member && typeof member === 'object' && !prefix) out[name] = wrap(member as View, `${method}.`);
      else throw new Error(`view member ${method} is not a method: a cached computation may read the fleet only through methods`);
    }
    return out;
  };
  return wrap(view as View, '') as T;
}

/**
 * Replays recorded calls against this run's view. Results are hashed once per
 * distinct call and run (many computations ask for the same app).
 */
export class Replayer {
  private readonly results = new Map<string, string>();

  constructor(
    private readonly view: object,
    private readonly hashResult: (value: unknown) => string,
  ) {}

  /** Whether every call returns what it returned when it was recorded. */
  matches(calls: readonly RecordedCall[]): boolean {
    for (const [method, args, result] of calls) if (this.resultOf(method, args) !== result) return false;
    return true;
  }

  private resultOf(method: string, args: string): string {
    const key = `${method}\0${args}`;
    let hash = this.results.get(key);
    if (hash === undefined) {
      hash = this.call(method, args);
      this.results.set(key, hash);
    }
    return hash;
  }

  private call(method: string, args: string): string {
    const parts = method.split('.');
    let owner = this.view as View;
    for (const part of parts.slice(0, -1)) owner = owner[part] as View;
    const fn = owner?.[parts[parts.length - 1]];
    // A method this generator's view no longer has: the recording is from another shape of the code.
    if (typeof fn !== 'function') return '\0missing';
    return this.hashResult((fn as (...a: unknown[]) => unknown).apply(owner, JSON.parse(args) as unknown[]));
  }
}
