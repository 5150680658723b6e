/** Cluster sets said per environment: all, both, a short list, all but a few, or a count with the first names. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeWhere, universeOf } from '../../generator/diff/where.ts';

const clusters = [
  ...Array.from({ length: 20 }, (_, i) => ({ name: `prod-k${String(i + 1).padStart(3, '0')}`, environment: 'prod' })),
  ...Array.from({ length: 5 }, (_, i) => ({ name: `staging-k${String(i + 1).padStart(3, '0')}`, environment: 'staging' })),
  ...Array.from({ length: 4 }, (_, i) => ({ name: `dev-k${String(i + 1).padStart(3, '0')}`, environment: 'dev' })),
  { name: 'qa-1', environment: 'qa' },
  { name: 'qa-2', environment: 'qa' },
];
const u = universeOf({ applications: [], clusters });
const all = (env: string) => clusters.filter((c) => c.environment === env).map((c) => c.name);
const text = (names: string[]) => describeWhere(names, u).text;

describe('describeWhere', () => {
  it('says "all N clusters", a list, and "all but", in the order the environments come', () => {
    assert.equal(
      text([...all('prod'), 'staging-k001', 'staging-k004', ...all('dev').filter((c) => c !== 'dev-k003')]),
      'prod: all 20 clusters; staging: staging-k001, staging-k004; dev: all but dev-k003',
    );
  });

  it('says "everywhere" only when every cluster of every environment is in', () => {
    assert.equal(text(clusters.map((c) => c.name)), 'everywhere (31 clusters)');
    assert.equal(
      text(clusters.map((c) => c.name).filter((c) => c !== 'qa-2')),
      'prod: all 20 clusters; staging: all 5 clusters; dev: all 4 clusters; qa: qa-1',
    );
  });

  it('names one cluster, says "both" for two, and counts long lists', () => {
    assert.equal(text(['qa-1', 'qa-2']), 'qa: both clusters');
    assert.equal(
      text(all('prod').slice(0, 10)),
      'prod: 10 of 20 clusters: prod-k001, prod-k002, prod-k003, prod-k004, prod-k005, prod-k006, prod-k007, prod-k008 and 2 more',
    );
    assert.equal(text(all('prod').slice(0, 3)), 'prod: prod-k001, prod-k002, prod-k003');
    assert.equal(text(all('prod').slice(0, 14)), 'prod: all but prod-k015, prod-k016, prod-k017, prod-k018, prod-k019, prod-k020');
  });

  it('keeps the full lists and the totals as data', () => {
    const w = describeWhere(['dev-k002', 'dev-k001', 'prod-k003'], u);
    assert.deepEqual(w.environments, [
      { name: 'prod', clusters: ['prod-k003'], of: 20 },
      { name: 'dev', clusters: ['dev-k001', 'dev-k002'], of: 4 },
    ]);
    assert.equal(w.clusters, 3);
  });

  it('takes the clusters the Applications name when the side lists none', () => {
    const v = universeOf({
      applications: [
        { name: 'a-x', project: 'p', cluster: 'x', environment: 'e', objects: [] },
        { name: 'a-y', project: 'p', cluster: 'y', environment: 'e', objects: [] },
      ],
    });
    assert.equal(describeWhere(['x'], v).text, 'e: x');
    assert.equal(describeWhere(['x', 'y'], v).text, 'e: both clusters');
  });
});
