import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { InputError, UsageError } from '../errors.ts';
import { INPUT_EXTENSIONS } from '../load/index.ts';
import type { RenderJob } from '../job.ts';
import { WorkerPool, type WorkerReply } from './pool.ts';

export { WorkerPool, QueueFullError, type WorkerReply, type PoolOptions } from './pool.ts';

export type JobOutcome = { input: string } & WorkerReply;

/** Inputs as given, with each folder replaced by the timeline files in it, in name order. */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = input === '-' ? undefined : await stat(input).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(input)).filter((n) => extname(n).toLowerCase() in INPUT_EXTENSIONS).sort();
      if (names.length === 0)
        throw new InputError(input, [{ message: `No timeline files (${Object.keys(INPUT_EXTENSIONS).join(', ')}) in this folder.` }]);
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
    if (other)
      throw new UsageError(`${other} and ${input} would both write ${name}.*; rename one, or render them to different --out folders.`);
    seen.set(name, input);
  }
}

/**
 * Renders each job on a pool of worker threads, one per core at most; each worker keeps its
 * fonts and templates loaded across jobs. A failing job is reported and the others go on.
 */
export async function renderBatch(jobs: RenderJob[], onOutcome: (outcome: JobOutcome, done: number) => void): Promise<JobOutcome[]> {
  const pool = new WorkerPool({ size: Math.min(availableParallelism(), jobs.length) });
  let done = 0;
  try {
    return await Promise.all(
      jobs.map(async (job) => {
        const outcome: JobOutcome = { input: job.input, ...(await pool.run(job)) };
        onOutcome(outcome, ++done);
        return outcome;
      }),
    );
  } finally {
    await pool.close();
  }
}
