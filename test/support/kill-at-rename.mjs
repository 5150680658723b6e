/**
 * Loaded with `node --import` into a CLI child process: kills the process with
 * a real SIGKILL at a chosen rename of the write phase, so a test can kill it
 * at the same point every time instead of racing a poll against the write.
 *
 * FLOTILLA_TEST_KILL_AT is `commit` (just before the rename that commits the
 * journal) or a number n (just before the n-th rename after the commit).
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const at = process.env.FLOTILLA_TEST_KILL_AT;
const realRename = fs.renameSync;
let afterCommit = -1;

fs.renameSync = (from, to) => {
  const committing = path.basename(String(to)) === 'journal.json' && path.basename(path.dirname(String(to))) === '.flotilla-write';
  if (committing && at === 'commit') process.kill(process.pid, 'SIGKILL');
  if (afterCommit >= 0 && ++afterCommit === Number(at)) process.kill(process.pid, 'SIGKILL');
  realRename(from, to);
  if (committing) afterCommit = 0;
};
// Named imports of node:fs are bound to these exports only after this call.
syncBuiltinESMExports();
