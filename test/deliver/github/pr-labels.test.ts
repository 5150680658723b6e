import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { labelColor, labelsFor } from '../../../generator/deliver/github/pr-labels.ts';

describe('labelsFor', () => {
  it('builds sorted team/env labels and flags deletions', () => {
    assert.deepEqual(labelsFor({ teams: ['payments', 'checkout'], environments: ['prod', 'dev'], deletions: true }), [
      'env/dev',
      'env/prod',
      'flotilla/deletions',
      'team/checkout',
      'team/payments',
    ]);
  });

  it('omits the deletions label, duplicates and blank names', () => {
    assert.deepEqual(labelsFor({ teams: ['a', 'a', ' '], environments: ['', 'x'], deletions: false }), ['env/x', 'team/a']);
  });

  it('is sorted, duplicate-free and complete for any input', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    fc.assert(
      fc.property(fc.array(name), fc.array(name), fc.boolean(), (teams, environments, deletions) => {
        const labels = labelsFor({ teams, environments, deletions });
        assert.deepEqual(labels, [...new Set(labels)].sort());
        assert.equal(labels.length, new Set(teams).size + new Set(environments).size + (deletions ? 1 : 0));
        for (const t of teams) assert.ok(labels.includes(`team/${t}`));
        for (const e of environments) assert.ok(labels.includes(`env/${e}`));
      }),
    );
  });

  it('colours label families differently', () => {
    const colours = new Set(['team/a', 'env/a', 'flotilla/deletions', 'other'].map(labelColor));
    assert.equal(colours.size, 4);
  });
});
