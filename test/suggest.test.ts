// "Did you mean": typos, shortened names, and no suggestion for unrelated ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nearest } from '../generator/suggest.ts';

test('one edit or a transposition is a typo', () => {
  assert.equal(nearest('replcias', ['replicas', 'resources']), 'replicas');
  assert.equal(nearest('matomoo', ['matomo', 'mariadb', 'archive']), 'matomo');
});

test('a name shortened or lengthened at a word boundary beats an unrelated name of similar length', () => {
  assert.equal(nearest('media', ['redis', 'media-repository', 'synapse']), 'media-repository');
  assert.equal(nearest('synapse-media', ['synapse-media-repository', 'synapse-redis']), 'synapse-media-repository');
  assert.equal(nearest('web-frontend', ['web', 'worker']), 'web');
});

test('nothing close: no suggestion', () => {
  assert.equal(nearest('billing', ['web', 'db']), undefined);
  assert.equal(nearest('x', []), undefined);
});
