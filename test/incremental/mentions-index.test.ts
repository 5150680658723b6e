/**
 * The index of which app names each app and cluster file writes out
 * (incremental/mentions-index.ts) must find the same apps around each app as
 * reading every file does (load/app-closure.ts appsAroundIn), through edits
 * that keep a file's size, a new app an unchanged file already named, an app
 * removed, a cluster edited and a damaged index. The files are left to settle
 * first (the index trusts no stat younger than two seconds), so that the
 * index's stat comparison, not only its re-reading, is what is tested.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { generatorFingerprint } from '../../generator/incremental/inputs.ts';
import { fleetMentions, MENTIONS_FILE } from '../../generator/incremental/mentions-index.ts';
import { readBlob, stateDir } from '../../generator/incremental/store.ts';
import { appsAroundFrom, appsAroundIn } from '../../generator/load/app-closure.ts';
import { writeFleet } from '../../scripts/synthetic-fleet.ts';
import { removeDir } from '../support/temp-fleet.ts';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'flotilla-mentions-'));
  await writeFleet(root, { apps: 8, environments: 2, clusters: 4, overrideClusters: 2, teams: 2 }, 3);
  append('apps/billing-0001.yaml', '# calls search-0002\n');
  append('apps/identity-0005.yaml', '# will call newapp-0099 once it exists\n');
  // A name that is not only name characters is looked for on its own, as reading finds it.
  writeFileSync(path.join(root, 'apps/odd_app.yaml'), 'team: team-01\n');
  append('apps/orders-0003.yaml', '# feeds odd_app\n');
});
after(() => removeDir(root));

function append(file: string, text: string): void {
  writeFileSync(path.join(root, file), readFileSync(path.join(root, file), 'utf8') + text);
}

function texts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(path.join(root, dir)).sort()) out.set(f.replace(/\.ya?ml$/, ''), readFileSync(path.join(root, dir, f), 'utf8'));
  return out;
}

/** Every app's apps around, from the index and by reading every file. */
function assertSameAsReading(label: string): void {
  const apps = texts('apps');
  const clusters = [...texts('clusters').values()];
  const indexed = fleetMentions(root);
  for (const app of [...apps.keys(), 'newapp-0099', 'no-such-app']) {
    const expected = appsAroundIn(apps, clusters, [app]);
    const found = appsAroundFrom(indexed, [app]);
    assert.deepEqual([...found.around].sort(), [...expected.around].sort(), `${label}: around ${app}`);
    assert.deepEqual(found.missing, expected.missing, `${label}: ${app} missing`);
  }
}

function storedStats(): Map<string, string> {
  const stored = readBlob<{ files: [string, string, number[]][] }>(path.join(stateDir(root), MENTIONS_FILE), root, generatorFingerprint());
  assert.ok(stored, 'the index is written');
  return new Map(stored.files.map(([file, stat]) => [file, stat]));
}

describe('the index of the app names each config file writes out', () => {
  it('finds the apps around each app as reading every file does, through edits', async () => {
    await sleep(2_100); // the files settle: their stats are trusted from here on
    assertSameAsReading('first run');
    assert.ok(
      [...storedStats().values()].every((stat) => stat !== ''),
      'settled files are kept under their stat',
    );
    assertSameAsReading('nothing changed');

    // The same size, another name: only the file's times say it changed.
    const file = path.join(root, 'apps/billing-0001.yaml');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace('# calls search-0002', '# calls orders-0003'));
    assert.equal(readFileSync(file).length, Buffer.byteLength(before));
    assertSameAsReading('an edit of the same size');
    assert.equal(storedStats().get('apps/billing-0001.yaml'), '', 'a file changed just now is read again next time');
    assert.notEqual(storedStats().get('apps/search-0002.yaml'), '');

    // An app an unchanged file already named: every file is looked at for the new name.
    assert.notEqual(storedStats().get('apps/identity-0005.yaml'), '');
    writeFileSync(path.join(root, 'apps/newapp-0099.yaml'), 'team: team-01\n');
    assertSameAsReading('an app added');
    rmSync(path.join(root, 'apps/search-0002.yaml'));
    assertSameAsReading('an app removed');
    append('clusters/dev-k001.yaml', '# hosts catalog-0004 and identity-0005\n');
    assertSameAsReading('a cluster edited');

    const index = path.join(stateDir(root), MENTIONS_FILE);
    const bytes = readFileSync(index);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(index, bytes);
    append('apps/catalog-0004.yaml', '# calls payments-0006\n');
    assertSameAsReading('a damaged index');
  });

  it('keeps nothing for a temporary copy of a fleet', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'flotilla-mentions-copy-'));
    try {
      await writeFleet(copy, { apps: 3, environments: 1, clusters: 1, overrideClusters: 0, teams: 1 }, 4);
      const found = fleetMentions(copy, { keep: false });
      assert.equal(found.apps.size, 3);
      assert.equal(existsSync(stateDir(copy)), false);
    } finally {
      await removeDir(copy);
    }
  });
});
