/**
 * utils.Render's deeplyReplace, prepared once per template: the walk over a
 * template is compiled into a function that renders only the strings and keys
 * holding `{{`, and hands back subtrees without any as they are (frozen, as
 * every generated Application shares them). Large fleets render the same
 * template tens of thousands of times. Compiled forms are cached by object
 * identity: an ApplicationSet is not edited in place once evaluated.
 */
import type { GoMap } from './go-template/index.ts';
import { renderString, type TemplateMode } from './render-template.ts';

type Compiled = (params: GoMap) => unknown;

const cache = new WeakMap<object, { mode: TemplateMode; fn: Compiled }>();

export function compileTemplate(template: object, mode: TemplateMode): Compiled {
  const hit = cache.get(template);
  if (hit && hit.mode.goTemplate === mode.goTemplate && hit.mode.goTemplateOptions === mode.goTemplateOptions) return hit.fn;
  const fn = compile(template, mode);
  cache.set(template, { mode, fn });
  return fn;
}

function compile(value: unknown, mode: TemplateMode): Compiled {
  if (!hasTemplate(value)) {
    const constant = deepFreeze(dropNulls(value));
    return () => constant;
  }
  if (typeof value === 'string') return (params) => renderString(value, params, mode);
  if (Array.isArray(value)) {
    const items = value.map((v) => compile(v, mode));
    return (params) => items.map((item) => item(params));
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => [k.includes('{{') ? (params: GoMap) => renderString(k, params, mode) : () => k, compile(v, mode)] as const);
  return (params) => {
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries) out[key(params)] = v(params);
    return out;
  };
}

function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('{{') || hasTemplate(v));
  return false;
}

/** Null map entries are skipped by deeplyReplace; list items are kept. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
