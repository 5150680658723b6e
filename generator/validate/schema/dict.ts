/**
 * Schemas for maps keyed by user-chosen names, where every key is data.
 *
 * zod's own `z.record` builds its result on a plain `{}` and therefore skips
 * a `__proto__` key without a word: a ConfigMap key `__proto__` would vanish,
 * and an app key `__proto__` would pass unchecked. `dictOf` is a `z.record` in
 * every other respect (type, JSON Schema, `instanceof z.ZodRecord`, issues and
 * their paths) whose parse checks every own key, `__proto__` included, and
 * returns a prototype-free object (see model/dict.ts).
 *
 * `keepInput` does the same for a `z.looseObject`: its unknown keys are data
 * too (a raw Kubernetes object's fields), so once the object is valid the
 * input itself is the result, with nothing copied and nothing left out.
 */
import { z } from 'zod';
import * as core from 'zod/v4/core';
import { dict } from '../../model/dict.ts';

type Def = z.core.$ZodRecordDef;
type Payload = z.core.ParsePayload;
type Ctx = z.core.ParseContextInternal;

const ZodDict = core.$constructor('ZodDict', (inst: z.ZodRecord, def: Def) => {
  z.ZodRecord.init(inst, def);
  inst._zod.parse = (payload: Payload, ctx: Ctx) => parseDict(inst, def, payload, ctx);
});

function parseDict(inst: z.ZodRecord, def: Def, payload: Payload, ctx: Ctx): Payload {
  const input = payload.value;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    payload.issues.push({ code: 'invalid_type', expected: 'record', input, inst });
    return payload;
  }
  const out = dict<unknown>();
  const source = input as Record<string, unknown>;
  // Object.keys lists an own `__proto__` like any other key.
  for (const key of Object.keys(source)) {
    const keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx) as Payload;
    if (keyResult.issues.length) {
      payload.issues.push({
        code: 'invalid_key',
        origin: 'record',
        issues: keyResult.issues.map((issue) => core.util.finalizeIssue(issue, ctx, core.config())),
        input: key,
        path: [key],
        inst,
      });
      continue;
    }
    const result = def.valueType._zod.run({ value: source[key], issues: [] }, ctx) as Payload;
    if (result.issues.length) payload.issues.push(...core.util.prefixIssues(key, result.issues));
    out[keyResult.value as string] = result.value;
  }
  payload.value = out;
  return payload;
}

/** `z.record(key, value)` that keeps every key as data (see above). */
export function dictOf<K extends z.core.$ZodRecordKey, V extends z.core.SomeType>(key: K, value: V): z.ZodRecord<K, V> {
  return new (ZodDict as unknown as new (def: Def) => z.ZodRecord<K, V>)({ type: 'record', keyType: key, valueType: value } as unknown as Def);
}

const KeptObject = core.$constructor('KeptObject', (inst: z.ZodObject, def: z.core.$ZodObjectDef) => {
  z.ZodObject.init(inst, def);
  const check = inst._zod.parse;
  inst._zod.parse = (payload: Payload, ctx: Ctx) => {
    const input = payload.value;
    const result = check(payload, ctx) as Payload;
    if (result.issues.length === 0) result.value = input;
    return result;
  };
});

/** A (loose) object schema whose result, once valid, is the input value itself. */
export function keepInput<S extends z.ZodObject>(schema: S): S {
  return new (KeptObject as unknown as new (def: z.core.$ZodObjectDef) => S)(schema._zod.def);
}
