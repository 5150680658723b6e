/**
 * Config data is held in prototype-free objects (generator/model/dict.ts), and
 * strict deepEqual compares prototypes: tests compare such data as JSON data.
 */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
