import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QueueFullError, WorkerPool } from '../src/batch/pool.ts';
import type { RenderJob } from '../src/job.ts';
import { jobOptions, resolveOptions } from '../src/options/index.ts';
import { fixture } from './helpers.ts';
import { syntheticTimeline } from '../scripts/generate-timeline.ts';

const job = (overrides: Partial<RenderJob> = {}): RenderJob => ({
  ...jobOptions(resolveOptions([])),
  input: fixture('good.json'),
  formats: ['png'],
  presets: ['og'],
  scale: 1,
  ...overrides,
});

/** Runs `fn` with a fresh pool and stops its threads afterwards. */
async function withPool(options: ConstructorParameters<typeof WorkerPool>[0], fn: (pool: WorkerPool) => Promise<void>): Promise<void> {
  const pool = new WorkerPool(options);
  try {
    await fn(pool);
  } finally {
    await pool.close();
  }
}

test('a job without an output folder comes back as bytes', () =>
  withPool({ size: 1 }, async (pool) => {
    const reply = await pool.run(job());
    assert.ok(reply.ok);
    if (!reply.ok) return;
    assert.equal(
      reply.result.files!.map((f) => f.name),
      ['good.og.png', 'good.og.alt.txt'],
    );
    assert.ok(Buffer.isBuffer(reply.result.files![0]!.bytes));
    assert.is(reply.result.written.length, 0);
  }));

test('bad input keeps its file and places across the thread', () =>
  withPool({ size: 1 }, async (pool) => {
    const reply = await pool.run(job({ input: fixture('bad/unknown-actor.json') }));
    assert.not.ok(reply.ok);
    if (reply.ok) return;
    assert.is(reply.exitCode, 1);
    assert.is(reply.file, fixture('bad/unknown-actor.json'));
    assert.ok(reply.diagnostics!.some((d) => /^events\[\d+\]\.actor$/.test(d.place ?? '')));
  }));

test('a thread that dies mid-job is reported as our bug, and the pool goes on', () =>
  withPool({ size: 1 }, async (pool) => {
    const lost = await pool.run(job({ template: fixture('templates/exits.tsx') }));
    assert.equal([lost.ok, lost.ok ? 0 : lost.exitCode], [false, 70]);
    assert.match(lost.ok ? '' : lost.message, 'internal error');
    assert.ok((await pool.run(job())).ok, 'the next job renders on a new thread');
  }));

test('a full queue refuses at once, unless the job may wait', () =>
  withPool({ size: 1, maxQueued: 1 }, async (pool) => {
    const running = pool.run(job());
    const waiting = pool.run(job());
    let refused: unknown;
    await pool.run(job()).catch((error: unknown) => {
      refused = error;
    });
    assert.instance(refused, QueueFullError);
    const patient = pool.run(job(), { bounded: false });
    assert.ok((await Promise.all([running, waiting, patient])).every((r) => r.ok));
  }));

test('an urgent job goes ahead of those already waiting', () =>
  withPool({ size: 1 }, async (pool) => {
    const finished: string[] = [];
    const track = (name: string, reply: Promise<unknown>) => reply.then(() => finished.push(name));
    await Promise.all([
      track('running', pool.run(job())),
      track('waiting', pool.run(job())),
      track('urgent', pool.run(job(), { urgent: true })),
    ]);
    assert.equal(finished, ['running', 'urgent', 'waiting']);
  }));

const big = (): Partial<RenderJob> => ({
  input: 'big.json',
  source: Buffer.from(JSON.stringify(syntheticTimeline(120))),
  formats: ['png', 'pdf'],
  presets: ['tall'],
  scale: 2,
});

test('a cancelled running job stops and is answered cancelled; the same pool renders the next', () =>
  withPool({ size: 1 }, async (pool) => {
    const controller = new AbortController();
    const reply = pool.run(job(big()), { signal: controller.signal });
    // The job is on its thread already: cancelling sets the flag it reads between cards and bands.
    controller.abort();
    const cancelled = await reply;
    assert.equal([cancelled.ok, !cancelled.ok && cancelled.cancelled], [false, true]);
    assert.ok((await pool.run(job())).ok);
  }));

test('a cancelled waiting job leaves the queue at once, and the running one finishes', () =>
  withPool({ size: 1 }, async (pool) => {
    const running = pool.run(job());
    const controller = new AbortController();
    const waiting = pool.run(job(), { signal: controller.signal });
    assert.is(pool.queued, 1);
    controller.abort();
    assert.is(pool.queued, 0);
    const cancelled = await waiting;
    assert.ok(!cancelled.ok && cancelled.cancelled);
    assert.ok((await running).ok);
  }));

test.run();
