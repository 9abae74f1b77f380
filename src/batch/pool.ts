import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { JobResult, RenderJob } from '../job.ts';
import type { Diagnostic } from '../model/types.ts';
import { CancelledError, ERROR_KINDS } from '../errors.ts';
import { FROM_SOURCE, PACKAGE_ROOT } from '../package-root.ts';

const INTERNAL = ERROR_KINDS.internal.exitCode;

// A worker thread does not inherit tsx's hooks: from the sources it starts through a file that registers them.
const WORKER_FILE = join(PACKAGE_ROOT, FROM_SOURCE ? 'src/batch/worker-entry.js' : 'dist/worker.js');

/** What a worker answers for one job. A failure keeps the CLI's message and, for bad input, its places. */
export type WorkerReply =
  | { ok: true; result: JobResult }
  | { ok: false; message: string; exitCode: number; file?: string; diagnostics?: Diagnostic[]; cancelled?: true };

/** What a worker is sent: the job, and a flag (one Int32) the main thread sets to 1 to cancel it. */
export interface WorkerTask {
  job: RenderJob;
  cancel: SharedArrayBuffer;
}

/** The pool's queue is full: the caller should come back later (HTTP 503). */
export class QueueFullError extends Error {
  constructor(readonly queued: number) {
    super(`The render queue is full (${queued} waiting).`);
    this.name = 'QueueFullError';
  }
}

interface Task {
  job: RenderJob;
  cancel: SharedArrayBuffer;
  resolve: (reply: WorkerReply) => void;
  /** Counted against `maxQueued`: the server's own preview renders are not, or a saved file would refuse the API. */
  bounded: boolean;
}

export const cancelledReply = (job: RenderJob): WorkerReply => ({
  ok: false,
  cancelled: true,
  message: `${job.input}: ${new CancelledError().message}`,
  exitCode: ERROR_KINDS.cancelled.exitCode,
});

export interface PoolOptions {
  /** Worker threads; one per core by default. */
  size?: number;
  /** Most jobs waiting for a worker before `run` refuses more; no bound by default. */
  maxQueued?: number;
}

/**
 * Worker threads that render jobs one after another, each keeping its fonts and templates
 * loaded between jobs. Jobs wait in a queue that may be bounded, so a burst of requests
 * is refused early instead of piling up without end.
 */
export class WorkerPool {
  readonly size: number;
  readonly maxQueued: number;
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly queue: Task[] = [];
  private closed = false;
  private cancelledCount = 0;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.maxQueued = options.maxQueued ?? Infinity;
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Jobs on a worker now. */
  get running(): number {
    return this.all.size - this.idle.length;
  }

  /** Jobs cancelled so far, waiting or running. */
  get cancelled(): number {
    return this.cancelledCount;
  }

  /**
   * Renders a job on the next free worker. Throws QueueFullError when the queue is full,
   * unless `bounded` is false (the server's own preview renders always wait their turn);
   * an `urgent` job goes to the front of the queue (the preview an editor is waiting for).
   * Aborting `signal` takes a waiting job off the queue, or stops a running one at its next
   * card or band; either way it is answered `cancelled` and its worker stays warm.
   */
  run(job: RenderJob, options: { bounded?: boolean; urgent?: boolean; signal?: AbortSignal } = {}): Promise<WorkerReply> {
    const { bounded = true, urgent = false, signal } = options;
    if (this.closed) return Promise.reject(new Error('The worker pool is closed.'));
    const waiting = this.queue.filter((task) => task.bounded).length;
    if (bounded && waiting >= this.maxQueued) return Promise.reject(new QueueFullError(waiting));
    if (signal?.aborted) return Promise.resolve(cancelledReply(job));
    return new Promise((resolve) => {
      const task: Task = {
        job,
        bounded,
        cancel: new SharedArrayBuffer(4),
        resolve: (reply) => {
          if (!reply.ok && reply.cancelled) this.cancelledCount++;
          resolve(reply);
        },
      };
      signal?.addEventListener(
        'abort',
        () => {
          const waiting = this.queue.indexOf(task);
          if (waiting >= 0) {
            this.queue.splice(waiting, 1);
            task.resolve(cancelledReply(job));
          } else {
            Atomics.store(new Int32Array(task.cancel), 0, 1);
          }
        },
        { once: true },
      );
      if (urgent) this.queue.unshift(task);
      else this.queue.push(task);
      this.dispatch();
    });
  }

  /** Stops every worker; jobs still waiting are answered as failed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0))
      task.resolve({ ok: false, message: 'The server stopped before this render.', exitCode: INTERNAL });
    await Promise.all([...this.all].map((worker) => worker.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.all.size < this.size ? this.spawn() : undefined);
      if (!worker) return;
      this.start(worker, this.queue.shift()!);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_FILE);
    this.all.add(worker);
    return worker;
  }

  private start(worker: Worker, task: Task): void {
    const finish = (reply: WorkerReply) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      task.resolve(reply);
      if (this.closed) return;
      if (this.all.has(worker)) this.idle.push(worker);
      this.dispatch();
    };
    const onMessage = (reply: WorkerReply) => finish(reviveBuffers(reply));
    // A worker that crashes or exits mid-job is replaced; its job is reported as our bug, not the input's.
    const lost = (why: string) => {
      this.all.delete(worker);
      finish({ ok: false, message: `${task.job.input}: internal error: ${why}`, exitCode: INTERNAL });
    };
    const onError = (error: Error) => lost(error.message);
    const onExit = (code: number) => lost(`the render thread stopped (exit code ${code})`);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ job: task.job, cancel: task.cancel } satisfies WorkerTask);
  }
}

/** Bytes cross from a worker as plain Uint8Arrays; callers expect Buffers. */
function reviveBuffers(reply: WorkerReply): WorkerReply {
  if (!reply.ok || !reply.result.files) return reply;
  const files = reply.result.files.map((f) => ({
    name: f.name,
    bytes: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength),
  }));
  return { ok: true, result: { ...reply.result, files } };
}
