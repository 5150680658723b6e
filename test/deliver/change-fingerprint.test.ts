import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeFingerprint } from '../../generator/deliver/change-fingerprint.ts';
import type { PreparedChange } from '../../generator/deliver/prepare-change.ts';

/** Only the fields the fingerprint reads. */
function change(files: { added?: string[]; changed?: string[]; removed?: string[] }, output: Record<string, string>): PreparedChange {
  return {
    summary: { files: { added: files.added ?? [], changed: files.changed ?? [], removed: files.removed ?? [] } },
    outputFiles: new Map(Object.entries(output)),
  } as unknown as PreparedChange;
}

describe('changeFingerprint', () => {
  const a = change(
    { changed: ['overlays/prod/wander/kustomization.yaml'], removed: ['base/old/resources.yaml'] },
    {
      'overlays/prod/wander/kustomization.yaml': 'blob-1',
      'base/wander/resources.yaml': 'blob-2',
    },
  );

  it('is the same for the same change, whatever else the output holds and in any order', () => {
    const same = change(
      { removed: ['base/old/resources.yaml'], changed: ['overlays/prod/wander/kustomization.yaml'] },
      {
        'overlays/prod/wander/kustomization.yaml': 'blob-1',
        'base/wander/resources.yaml': 'another blob: a file the change does not touch',
      },
    );
    assert.match(changeFingerprint(a), /^sha256:[0-9a-f]{64}$/);
    assert.equal(changeFingerprint(same), changeFingerprint(a));
  });

  it('differs when a changed file has other content, another file changes, or a config edit differs', () => {
    const fingerprints = [
      changeFingerprint(a),
      changeFingerprint(
        change(
          { changed: ['overlays/prod/wander/kustomization.yaml'], removed: ['base/old/resources.yaml'] },
          { 'overlays/prod/wander/kustomization.yaml': 'blob-3' },
        ),
      ),
      changeFingerprint(change({ changed: ['overlays/prod/wander/kustomization.yaml'] }, { 'overlays/prod/wander/kustomization.yaml': 'blob-1' })),
      changeFingerprint(a, new Map([['apps/wander.yaml', 'blob-9']])),
      changeFingerprint(a, new Map([['apps/wander.yaml', null]])),
    ];
    assert.equal(new Set(fingerprints).size, fingerprints.length);
  });
});
