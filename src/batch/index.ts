import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InputError, UsageError } from '../errors.ts';
import { INPUT_EXTENSIONS } from '../load/index.ts';
import type { JobResult, RenderJob } from '../job.ts';
import { FROM_SOURCE, PACKAGE_ROOT } from '../package-root.ts';

// A worker thread does not inherit tsx's hooks: from the sources it starts through a file that registers them.
const WORKER_FILE = join(PACKAGE_ROOT, FROM_SOURCE ? 'src/batch/worker-entry.js' : 'dist/worker.js');

export type JobOutcome = { input: string; ok: true; result: JobResult } | { input: string; ok: false; message: string; exitCode: number };


/** Inputs as given, with each folder replaced by the timeline files in it, in name order. */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = input === '-' ? undefined : await stat(input).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(input)).filter((n) => extname(n).toLowerCase() in INPUT_EXTENSIONS).sort();
      if (names.length === 0) throw new InputError(input, [{ message: `No timeline files (${Object.keys(INPUT_EXTENSIONS).join(', ')}) in this folder.` }]);
      files.push(...names.map((n) => join(input, n)));
    } else {
      files.push(input);
    }
  }
  return files;
}

/** Two inputs whose outputs would overwrite each other's are a usage error, found before anything renders. */
export function checkDistinctNames(inputs: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const input of inputs) {
    const name = basename(input, extname(input));
    const other = seen.get(name);
    if (other) throw new UsageError(`${other} and ${input} would both write ${name}.*; rename one, or render them to different --out folders.`);
    seen.set(name, input);
  }
}

/**
 * Renders each job on a pool of worker threads, one per core at most; each worker keeps its
 * fonts and templates loaded across jobs. A failing job is reported and the others go on.
 */
export async function renderBatch(jobs: RenderJob[], onOutcome: (outcome: JobOutcome, done: number) => void): Promise<JobOutcome[]> {
  const size = Math.max(1, Math.min(availableParallelism(), jobs.length));
  const outcomes: JobOutcome[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const runWorker = () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(WORKER_FILE);
    const feed = () => {
      if (next >= jobs.length) {
        void worker.terminate().then(() => resolve());
        return;
      }
      const index = next++;
      worker.once('message', (reply: { ok: true; result: JobResult } | { ok: false; message: string; exitCode: number }) => {
        outcomes[index] = { input: jobs[index]!.input, ...reply };
        onOutcome(outcomes[index]!, ++done);
        feed();
      });
      worker.postMessage(jobs[index]);
    };
    worker.once('error', reject);
    feed();
  });
  await Promise.all(Array.from({ length: size }, runWorker));
  return outcomes;
}
