/**
 * The generator's fingerprint (incremental/fingerprint.mjs) is kept beside the
 * stat of every file it hashes. It must stay what hashing the files gives: a
 * file changed without changing its size, a file added, or a kept fingerprint
 * that is damaged all give the fingerprint of the files as they are. The files
 * are left to settle first (no stat younger than two seconds is trusted), so
 * that the kept fingerprint is what is tested.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fingerprintNow } from '../../generator/incremental/fingerprint.mjs';
import { removeDir } from '../support/temp-fleet.ts';

let root: string;
let memo: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'flotilla-fingerprint-'));
  memo = path.join(root, 'node_modules/.cache/flotilla/fingerprint.json');
  mkdirSync(path.join(root, 'generator/sub'), { recursive: true });
  writeFileSync(path.join(root, 'generator/main.ts'), 'export const a = 1;\n');
  writeFileSync(path.join(root, 'generator/sub/schema.json'), '{"b": 2}\n');
  writeFileSync(path.join(root, 'package-lock.json'), '{}\n');
});
after(() => removeDir(root));

/** The fingerprint with nothing kept: the files hashed. */
function hashed(): string {
  const kept = readKept();
  rmSync(memo, { force: true });
  const fingerprint = fingerprintNow(root);
  if (kept !== undefined) writeFileSync(memo, kept);
  return fingerprint;
}

function readKept(): string | undefined {
  try {
    return readFileSync(memo, 'utf8');
  } catch {
    return undefined;
  }
}

describe('the generator fingerprint kept beside its files’ stats', () => {
  it('is kept only for settled files, and is always what hashing the files gives', async () => {
    fingerprintNow(root);
    assert.equal(readKept(), undefined, 'files changed in the last seconds: nothing kept');
    await sleep(2_100);
    const first = fingerprintNow(root);
    assert.ok(readKept()?.includes(first), 'kept once the files settled');
    // Kept and used: a fingerprint written into the kept file comes back while the stats match.
    writeFileSync(memo, readKept()!.replace(first, 'kept-value'));
    assert.equal(fingerprintNow(root), 'kept-value');
    writeFileSync(memo, readKept()!.replace('kept-value', first));

    writeFileSync(path.join(root, 'generator/main.ts'), 'export const a = 2;\n'); // the same size
    const edited = fingerprintNow(root);
    assert.notEqual(edited, first);
    assert.equal(edited, hashed());

    writeFileSync(path.join(root, 'generator/sub/new.ts'), '\n');
    const added = fingerprintNow(root);
    assert.notEqual(added, edited);
    assert.equal(added, hashed());

    writeFileSync(path.join(root, 'package-lock.json'), '{"x":1}');
    const locked = fingerprintNow(root);
    assert.notEqual(locked, added);
    assert.equal(locked, hashed());

    writeFileSync(memo, '{"stats": 1, "fingerprint": ');
    assert.equal(fingerprintNow(root), locked, 'a damaged kept file is ignored');
  });
});
