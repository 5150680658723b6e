/**
 * The CLI in-process but interruptible: commands run one at a time in a worker
 * (cli-worker.ts), which loads Flotilla once; a command that does not answer
 * within its deadline is reported as timed out and the worker replaced.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerReply } from './cli-worker.ts';

export type WorkerRun = (WorkerReply & { timedOut?: false }) | { timedOut: true; code: undefined; out: string[]; err: string[] };

export class CliWorker {
  private worker: Worker | undefined;
  /** Commands run strictly one after another: a reply always belongs to the command just sent. */
  private queue: Promise<unknown> = Promise.resolve();

  run(argv: string[], cwd: string, timeoutMs: number): Promise<WorkerRun> {
    const next = this.queue.then(() => this.runNow(argv, cwd, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private runNow(argv: string[], cwd: string, timeoutMs: number): Promise<WorkerRun> {
    // The worker loads TypeScript through tsx, as the tests do (the test runner's own flags are not for workers).
    this.worker ??= new Worker(new URL('./cli-worker.ts', import.meta.url), { execArgv: ['--import', import.meta.resolve('tsx')] });
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        this.worker = undefined;
        void worker.terminate();
        resolve({ timedOut: true, code: undefined, out: [], err: [] });
      }, timeoutMs);
      const onMessage = (reply: WorkerReply) => {
        cleanup();
        resolve(reply);
      };
      const onError = (error: Error) => {
        cleanup();
        this.worker = undefined;
        reject(error);
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ argv, cwd });
    });
  }

  async close(): Promise<void> {
    await this.queue;
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
