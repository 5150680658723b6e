/**
 * The cache's byte form: what goes in comes back equal, with the same
 * prototype-free maps, and a value shared with a base comes back equal to the
 * value itself while its equal parts are the base's own objects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeShared, freeze, parseFrozen, SAME, shareWith, thaw } from '../../generator/incremental/codec.ts';
import { dict } from '../../generator/model/dict.ts';

const roundTrip = (value: unknown) => thaw(freeze(value));
/** A value frozen shared with a base, read back against that base (as read back itself). */
const sharedRoundTrip = (value: unknown, base: unknown) => decodeShared(parseFrozen(freeze(value)), base);

function body(replicas: number, extra: Record<string, unknown> = {}) {
  return {
    components: dict([
      [
        'web',
        {
          replicas,
          containers: dict([
            [
              'web',
              {
                image: 'web:1',
                env: dict([
                  ['__proto__', 'x'],
                  ['constructor', 'y'],
                ]),
              },
            ],
          ]),
        },
      ],
      ['db', { replicas: 1, volumes: dict([['data', { size: '1Gi' }]]) }],
    ]),
    talksTo: ['db', 'cache'],
    hint: undefined,
    ...extra,
  };
}

describe('the cache codec', () => {
  it('gives back plain data, undefined, maps without a prototype and keys that look like its marks', () => {
    const value = {
      a: [1, 'two', null, true, undefined],
      m: dict([
        ['__proto__', 1],
        ['\u0000x', 2],
      ]),
      '\u0000y': { z: 3 },
    };
    const back = roundTrip(value) as typeof value;
    assert.deepEqual(back, value);
    assert.equal(Object.getPrototypeOf(back.m), null);
    assert.deepEqual(Object.keys(back.m), ['__proto__', '\u0000x']);
    assert.throws(() => freeze({ n: Number.NaN }));
    assert.throws(() => freeze({ m: new Map() }));
  });

  it('shares with a base the parts that are equal, and reads back the whole value', () => {
    const base = body(2);
    const cases = [
      body(2),
      body(3),
      body(2, { extra: dict([['k', 'v']]) }),
      { ...body(2), talksTo: ['db'] },
      { talksTo: ['cache', 'db'], components: base.components },
    ];
    for (const value of cases) {
      const back = sharedRoundTrip(shareWith(value, base), roundTrip(base));
      assert.deepEqual(back, value);
      assert.deepEqual(Object.keys(back as object), Object.keys(value), 'key order kept');
    }
    assert.equal(shareWith(body(2), base), SAME, 'an equal value is the base itself');
    const changed = shareWith(body(3), base) as ReturnType<typeof body>;
    assert.equal(changed.talksTo, SAME);
    assert.equal(changed.components.db, SAME);
    assert.equal((changed.components.web as { containers: unknown }).containers, SAME);
    const baseBack = roundTrip(base) as typeof base;
    const back = sharedRoundTrip(changed, baseBack) as typeof base;
    assert.equal(back.components.db, baseBack.components.db, "an equal part is the base's own object");
    assert.ok(freeze(changed).length < freeze(body(3)).length);
  });

  it('keeps a map apart from a plain object with the same entries', () => {
    const base = { labels: { a: '1' } };
    const value = { labels: dict([['a', '1']]) };
    const back = sharedRoundTrip(shareWith(value, base), roundTrip(base)) as typeof value;
    assert.equal(Object.getPrototypeOf(back.labels), null);
  });
});
