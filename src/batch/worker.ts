import { parentPort } from 'node:worker_threads';
import { CancelledError, ERROR_KINDS, InputError, TimelineError } from '../errors.ts';
import { runRenderJob, type RenderJob } from '../job.ts';
import { cancelledReply, type WorkerReply, type WorkerTask } from './pool.ts';

function failure(job: RenderJob, error: unknown): WorkerReply {
  if (error instanceof CancelledError) return cancelledReply(job);
  if (error instanceof InputError)
    return { ok: false, message: error.message, exitCode: error.exitCode, file: error.file, diagnostics: error.diagnostics };
  if (error instanceof TimelineError) return { ok: false, message: error.message, exitCode: error.exitCode };
  return { ok: false, message: `${job.input}: internal error: ${(error as Error).message}`, exitCode: ERROR_KINDS.internal.exitCode };
}

/** A worker renders one job after another; its fonts and templates stay loaded between jobs. */
parentPort!.on('message', async ({ job, cancel }: WorkerTask) => {
  let reply: WorkerReply;
  // The main thread sets the flag; reading it needs no turn of this thread's event loop, which a render keeps busy.
  const flag = new Int32Array(cancel);
  const signal = {
    get aborted() {
      return Atomics.load(flag, 0) === 1;
    },
  };
  try {
    reply = { ok: true, result: await runRenderJob(job, signal) };
  } catch (error) {
    reply = failure(job, error);
  }
  // Outputs that own their memory move to the main thread instead of being copied; small
  // Buffers share Node's pool and must be copied.
  const owned = reply.ok
    ? (reply.result.files ?? []).map((f) => f.bytes).filter((b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength)
    : [];
  parentPort!.postMessage(reply, [...new Set(owned.map((b) => b.buffer as ArrayBuffer))]);
});
