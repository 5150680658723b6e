/** Builds a synthetic fleet's config files (planFleet) with the real pipeline, in a temporary directory: for the diff bench and tests. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BuiltFleet, buildFleet } from '../../generator/pipeline.ts';

export async function buildFiles(files: Map<string, string>): Promise<BuiltFleet> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-synthetic-'));
  try {
    for (const [rel, content] of files) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), content);
    }
    return await buildFleet(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
