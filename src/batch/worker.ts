import { parentPort } from 'node:worker_threads';
import { TimelineError } from '../errors.ts';
import { runRenderJob, type RenderJob } from '../job.ts';

/** A worker renders one job after another; its fonts and templates stay loaded between jobs. */
parentPort!.on('message', async (job: RenderJob) => {
  try {
    parentPort!.postMessage({ ok: true, result: await runRenderJob(job) });
  } catch (error) {
    const known = error instanceof TimelineError;
    parentPort!.postMessage({
      ok: false,
      message: known ? error.message : `${job.input}: internal error: ${(error as Error).message}`,
      exitCode: known ? error.exitCode : 70,
    });
  }
});
