/**
 * Runs CLI commands in a worker thread, so a caller can stop one that hangs
 * (even in a loop that never yields) by terminating the worker. Each message
 * is one command; its output comes back captured.
 */
import { parentPort } from 'node:worker_threads';
import { runCli } from '../../generator/cli/main.ts';

export interface WorkerRequest {
  argv: string[];
  cwd: string;
}

export interface WorkerReply {
  code: number;
  out: string[];
  err: string[];
}

parentPort?.on('message', async ({ argv, cwd }: WorkerRequest) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(...t.split('\n')), err: (t) => err.push(...t.split('\n')), cwd, env: {}, isTTY: false });
  parentPort!.postMessage({ code, out, err } satisfies WorkerReply);
});
