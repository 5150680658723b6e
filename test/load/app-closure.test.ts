/**
 * The apps around an app found from the names each file writes out
 * (appsAroundFrom with namesFinder, as the preview's index keeps them) must be
 * those found by searching each file's text for each name (appsAroundIn), on
 * random texts: names at the start and end of a text, inside longer runs of
 * name characters, next to each other, names that are not only name characters,
 * and characters outside ASCII.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appsAroundFrom, appsAroundIn, namesFinder } from '../../generator/load/app-closure.ts';

/** A small deterministic generator (mulberry32), so that a failure can be run again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['a', 'ab', 'a-b', 'b1', 'ba', 'web-0001', 'odd_x', 'x.y'];
const PIECES = [...NAMES, '-', ' ', ':', '\n', '#', '.', '_', 'é', '😀', 'A', '9', 'abc', 'web-00012'];

function randomText(next: () => number): string {
  let text = '';
  const length = Math.floor(next() * 12);
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

describe('the apps around an app, from the names each file writes out', () => {
  it('are those found by searching each text for each name, on random texts', () => {
    const next = random(20261202);
    for (let round = 0; round < 400; round++) {
      const apps = new Map<string, string>();
      for (const name of NAMES) if (next() < 0.7) apps.set(name, randomText(next));
      const clusters = Array.from({ length: Math.floor(next() * 3) }, () => randomText(next));
      const namesIn = namesFinder(new Set(apps.keys()));
      const indexed = { apps: new Map([...apps].map(([name, text]) => [name, namesIn(text)])), clusters: clusters.map(namesIn) };
      for (const app of [...NAMES, 'none']) {
        const expected = appsAroundIn(apps, clusters, [app]);
        const found = appsAroundFrom(indexed, [app]);
        const context = JSON.stringify({ round, app, apps: [...apps], clusters });
        assert.deepEqual([...found.around].sort(), [...expected.around].sort(), context);
        assert.deepEqual(found.missing, expected.missing, context);
      }
    }
  });
});
